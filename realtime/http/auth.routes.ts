/** Staff log-in and log-out under /api/auth. */
import { Router } from 'express';
import { LoginSchema } from '../../shared/identity.schema';
import { parseWith } from '../../shared/validation';
import type { IdentityService } from '../identity/identity.service';
import { sendError, sendOk } from './http-result';

export function authRoutes(identity: IdentityService): Router {
	const router = Router();
	router.post('/auth/login', async (req, res) => {
		const parsed = parseWith(LoginSchema, req.body);
		if (!parsed.ok) return sendError(res, parsed.error);
		const { setCookie, principal } = await identity.login(parsed.data, req.ip ?? 'unknown');
		res.setHeader('Set-Cookie', setCookie);
		sendOk(res, principal);
	});
	router.post('/auth/logout', async (req, res) => {
		res.setHeader('Set-Cookie', await identity.logout(req.headers.cookie));
		sendOk(res, null);
	});
	router.get('/auth/me', async (req, res) => {
		const principal = await identity.principalFromCookies(req.headers.cookie);
		if (!principal) return sendError(res, { code: 'UNAUTHENTICATED', message: { zh: '尚未登录。', en: 'Not signed in.' } });
		sendOk(res, principal);
	});
	return router;
}
