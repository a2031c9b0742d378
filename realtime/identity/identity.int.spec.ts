import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { startTestApp, type TestApp } from '../testing/test-app';

const PASSWORD = 'correct horse battery';

describe('staff log-in, sessions and the socket handshake', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await startTestApp();
		await app.application.services.identity.ensureFirstAdmin(PASSWORD);
	});
	afterAll(async () => {
		await app.close();
	});

	const login = (username: string, password: string, from = '127.0.0.1') =>
		fetch(`${app.baseUrl}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
			body: JSON.stringify({ username, password })
		});
	const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;
	const me = (cookie: string) => fetch(`${app.baseUrl}/api/auth/me`, { headers: { cookie } });

	it('creates the first administrator only once', async () => {
		expect(await app.application.services.identity.ensureFirstAdmin('another password')).toBeNull();
		expect((await login('admin', 'another password', '10.0.0.9')).status).toBe(401);
	});

	it('logs in with an httpOnly cookie that identifies the host over REST and sockets', async () => {
		const res = await login('admin', PASSWORD);
		expect(res.status).toBe(200);
		const setCookie = res.headers.get('set-cookie')!;
		expect(setCookie).toMatch(/^wzt_session=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
		const cookie = cookieOf(res);

		expect(await (await me(cookie)).json()).toMatchObject({ ok: true, data: { role: 'host', subjectId: 'admin', admin: true } });

		const socket = connectClient(app.baseUrl, { auth: { protocol: PROTOCOL_VERSION }, extraHeaders: { cookie }, transports: ['websocket'], forceNew: true, reconnection: false });
		await new Promise((resolve) => socket.once('connect', resolve as () => void));
		const [server] = (await app.application.io.fetchSockets()).filter((s) => s.id === socket.id);
		expect(server?.data.role).toBe('host');
		socket.close();
	});

	it('refuses a wrong password and an unknown user with the same answer', async () => {
		const wrong = await login('admin', 'wrong password', '10.0.0.2');
		const unknown = await login('nobody', 'wrong password', '10.0.0.2');
		expect(wrong.status).toBe(401);
		expect(unknown.status).toBe(401);
		expect(await wrong.json()).toEqual(await unknown.json());
	});

	it('treats a forged or tampered cookie as no session, over REST and sockets', async () => {
		const cookie = cookieOf(await login('admin', PASSWORD));
		const [name, value] = cookie.split('=');
		const [sessionId, signature] = value!.split('.');
		for (const forged of [
			`${name}=${sessionId}.${'A'.repeat(signature!.length)}`,
			`${name}=${'B'.repeat(sessionId!.length)}.${signature}`,
			`${name}=garbage`,
			`${name}=%E0%A4%A` // not valid percent-encoding
		]) {
			expect((await me(forged)).status).toBe(401);
			const socket = connectClient(app.baseUrl, { auth: { protocol: PROTOCOL_VERSION }, extraHeaders: { cookie: forged }, transports: ['websocket'], forceNew: true, reconnection: false });
			await new Promise((resolve) => socket.once('connect', resolve as () => void));
			const [server] = (await app.application.io.fetchSockets()).filter((s) => s.id === socket.id);
			expect(server?.data.role).toBe('public');
			socket.close();
		}
	});

	it('makes the cookie stale on log-out', async () => {
		const cookie = cookieOf(await login('admin', PASSWORD));
		const out = await fetch(`${app.baseUrl}/api/auth/logout`, { method: 'POST', headers: { cookie } });
		expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
		expect((await me(cookie)).status).toBe(401);
	});

	it('rate-limits log-in attempts per address and account, saying when to retry, in both languages', async () => {
		const from = '10.0.0.77';
		for (let i = 0; i < 5; i++) expect((await login('admin', `guess ${i}`, from)).status).toBe(401);
		const limited = await login('admin', PASSWORD, from);
		expect(limited.status).toBe(429);
		const body = (await limited.json()) as { error: { code: string; message: { zh: string; en: string } } };
		expect(body.error.code).toBe('RATE_LIMITED');
		expect(body.error.message.zh).toMatch(/\d+ 分钟后再试/);
		expect(body.error.message.en).toMatch(/try again in \d+ min/);
		// Another address is not held back by this one's guesses.
		expect((await login('admin', PASSWORD, '10.0.0.78')).status).toBe(200);
	});

	it('refuses malformed log-in bodies with every problem listed', async () => {
		const res = await fetch(`${app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: '', extra: 1 }) });
		expect(res.status).toBe(400);
		const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
		expect(body.error.code).toBe('BAD_REQUEST');
		expect(body.error.issues.map((i) => i.path).sort()).toEqual(['', 'password', 'username']);
	});
});
