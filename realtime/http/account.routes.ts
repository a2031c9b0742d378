/** Staff accounts, for administrators, under /api/accounts. */
import type { Router } from 'express';
import { AccountCreateSchema, PasswordSetSchema } from '../../shared/identity.schema';
import type { IdentityService } from '../identity/identity.service';
import { sendOk } from './http-result';
import { parse, routeDefiner } from './route-table';

const USERNAME = /^[a-z][a-z0-9_.-]{1,31}$/;

function username(raw: string | string[] | undefined): string {
	return parse(AccountCreateSchema.shape.username.regex(USERNAME), raw);
}

export function accountRoutes(router: Router, identity: IdentityService): void {
	const define = routeDefiner(router, identity);
	define('accounts.list', async (_req, res) => sendOk(res, await identity.listAccounts()));
	define('accounts.create', async (req, res) => sendOk(res, await identity.createAccount(parse(AccountCreateSchema, req.body)), 201));
	define('accounts.password', async (req, res, caller) => {
		await identity.setPassword(username(req.params.username), parse(PasswordSetSchema, req.body).password, caller.sessionId);
		sendOk(res, null);
	});
	define('accounts.remove', async (req, res, caller) => {
		await identity.removeAccount(username(req.params.username), caller.principal);
		sendOk(res, null);
	});
}
