/**
 * Registers REST routes from the permission table in `shared/roles.ts`: the method and path come from
 * the table, and every request is checked against it before its handler runs. A route cannot exist
 * without an entry, so the table is the whole truth about who may call what.
 */
import type { Request, Response, Router } from 'express';
import * as z from 'zod';
import type { Principal } from '../../shared/identity.schema';
import { CommandError } from '../../shared/result';
import { ROUTE_PERMISSIONS, type Role, type RouteName, mayRoleCall } from '../../shared/roles';
import { parseWith } from '../../shared/validation';
import type { IdentityService } from '../identity/identity.service';

export interface Caller {
	principal: Principal | null;
	role: Role;
	sessionId: string | null;
}

/** Like `Caller`, for routes only signed-in roles may call. */
export interface SignedInCaller extends Caller {
	principal: Principal;
}

export type RouteHandler<C extends Caller = Caller> = (req: Request, res: Response, caller: C) => Promise<void> | void;

const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64');

/** A path parameter that names something by id, refused with BAD_REQUEST when malformed. */
export function idParam(req: Request, name: string): string {
	const parsed = parseWith(IdSchema, req.params[name]);
	if (!parsed.ok) {
		throw new CommandError('BAD_REQUEST', {
			zh: `链接中的编号“${String(req.params[name]).slice(0, 80)}”格式不正确。`,
			en: `The id "${String(req.params[name]).slice(0, 80)}" in the address is malformed.`
		});
	}
	return parsed.data;
}

/** Parses a request part with its schema, or ends the request with BAD_REQUEST listing every issue. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const parsed = parseWith(schema, input);
	if (!parsed.ok) throw new CommandError(parsed.error.code, parsed.error.message, parsed.error.issues);
	return parsed.data;
}

export function routeDefiner(router: Router, identity: IdentityService) {
	return function define<N extends RouteName>(
		name: N,
		handler: RouteHandler<(typeof ROUTE_PERMISSIONS)[N]['roles'] extends readonly Role[] ? ('public' extends (typeof ROUTE_PERMISSIONS)[N]['roles'][number] ? Caller : SignedInCaller) : never>
	): void {
		const { method, path } = ROUTE_PERMISSIONS[name];
		const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
		router[verb](path, async (req, res) => {
			const session = await identity.sessionFromCookies(req.headers.cookie);
			const caller: Caller = { principal: session?.principal ?? null, role: session?.principal.role ?? 'public', sessionId: session?.sessionId ?? null };
			if (!mayRoleCall(caller.role, name, caller.principal?.admin === true)) {
				throw caller.principal ? new CommandError('FORBIDDEN') : new CommandError('UNAUTHENTICATED', { zh: '请先登录。', en: 'Sign in first.' });
			}
			await (handler as RouteHandler)(req, res, caller);
		});
	};
}
