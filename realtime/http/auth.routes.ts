/** Staff log-in and log-out, device pairing, and "who am I", under /api/auth. */
import type { Router } from 'express';
import { LoginSchema, PairSchema } from '../../shared/identity.schema';
import { CommandError } from '../../shared/result';
import type { IdentityService } from '../identity/identity.service';
import type { PairingService } from '../pairing/pairing.service';
import { sendOk } from './http-result';
import { parse, routeDefiner } from './route-table';

export function authRoutes(router: Router, identity: IdentityService, pairing: PairingService): void {
	const define = routeDefiner(router, identity);
	define('auth.login', async (req, res) => {
		const { setCookie, principal } = await identity.login(parse(LoginSchema, req.body), req.ip ?? 'unknown');
		res.setHeader('Set-Cookie', setCookie);
		sendOk(res, principal);
	});
	define('auth.logout', async (req, res, caller) => {
		res.setHeader('Set-Cookie', await identity.logout(req.headers.cookie));
		if (caller.sessionId) pairing.terminate(caller.sessionId, 'logged-out');
		sendOk(res, null);
	});
	define('auth.me', async (_req, res, caller) => {
		if (!caller.principal) throw new CommandError('UNAUTHENTICATED', { zh: '尚未登录。', en: 'Not signed in.' });
		sendOk(res, caller.principal);
	});
	define('auth.pair', async (req, res) => {
		const { code } = parse(PairSchema, req.body);
		const { setCookie, ...result } = await pairing.redeem(code, req.ip ?? 'unknown');
		res.setHeader('Set-Cookie', setCookie);
		sendOk(res, result);
	});
}
