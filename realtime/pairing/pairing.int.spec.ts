/** Respondents' codes over REST and sockets against the real app and a real Redis. */
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessView, PairResult } from '../../shared/api';
import { PROTOCOL_VERSION, type SessionEnded } from '../../shared/protocol';
import type { Result } from '../../shared/result';
import { DEMO_MEETING_ID } from '../meeting/demo-meeting';
import { keys } from '../redis/redis-keys';
import { startTestApp, type TestApp } from '../testing/test-app';

let app: TestApp;
let staff: string;

async function post<T>(path: string, body: unknown, cookie?: string): Promise<{ result: Result<T>; cookie: string | null }> {
	const res = await fetch(`${app.baseUrl}/api${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
		body: JSON.stringify(body)
	});
	return { result: (await res.json()) as Result<T>, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

async function access(): Promise<AccessView> {
	const res = await fetch(`${app.baseUrl}/api/meetings/${DEMO_MEETING_ID}/access`, { headers: { cookie: staff } });
	const result = (await res.json()) as Result<AccessView>;
	if (!result.ok) throw new Error(result.error.message.en);
	return result.data;
}

beforeAll(async () => {
	app = await startTestApp();
	await app.application.services.identity.ensureFirstAdmin('admin-pass-123');
	await app.application.services.meetings.loadDemo();
	staff = (await post('/auth/login', { username: 'admin', password: 'admin-pass-123' })).cookie!;
});
afterAll(async () => {
	await app.close();
});

describe('respondent codes', () => {
	it('may be used on more than one device, and all of them see the respondent’s own view', async () => {
		const code = (await access()).respondents.find((r) => r.respondentId === 'r-housing')!.code;
		const first = await post<PairResult>('/auth/pair', { code });
		const second = await post<PairResult>('/auth/pair', { code: code.toLowerCase().replace(/(....)/, '$1-') });
		expect(first.result.ok && second.result.ok).toBe(true);
		if (!first.result.ok) return;
		expect(first.result.data.principal).toMatchObject({ role: 'respondent', subjectId: 'r-housing', meetingId: DEMO_MEETING_ID });
		expect(first.result.data.meetings.map((m) => m.id)).toEqual([DEMO_MEETING_ID]);
	});

	it('when replaced, signs out every device that entered the old one and refuses the old code', async () => {
		const code = (await access()).respondents.find((r) => r.respondentId === 'r-edu')!.code;
		const { cookie } = await post<PairResult>('/auth/pair', { code });
		const socket = connectClient(app.baseUrl, { auth: { protocol: PROTOCOL_VERSION }, extraHeaders: { cookie: cookie! }, transports: ['websocket'], reconnection: false, forceNew: true });
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		const joined = await socket.emitWithAck('meeting:join', { meetingId: DEMO_MEETING_ID });
		expect(joined.ok && joined.data.self?.id).toBe('r-edu');

		const ended = new Promise<SessionEnded>((resolve) => socket.once('session:ended', resolve));
		const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
		const rotated = await post<AccessView>(`/meetings/${DEMO_MEETING_ID}/access/rotate`, { kind: 'respondent', respondentId: 'r-edu' }, staff);
		expect(rotated.result.ok).toBe(true);
		expect((await ended).reason).toBe('revoked');
		expect(await disconnected).toBe('io server disconnect');

		const me = await fetch(`${app.baseUrl}/api/auth/me`, { headers: { cookie: cookie! } });
		expect(me.status).toBe(401);
		const again = await post('/auth/pair', { code });
		expect(again.result.ok).toBe(false);
		const fresh = (await access()).respondents.find((r) => r.respondentId === 'r-edu')!.code;
		expect(fresh).not.toBe(code);
		expect((await post('/auth/pair', { code: fresh })).result.ok).toBe(true);
	});
});

// Last: it leaves this test address blocked.
describe('guessing codes', () => {
	it('is stopped after 20 wrong codes from one address, even for a right code, with a message saying when to retry', async () => {
		const right = (await access()).respondents.find((r) => r.respondentId === 'r-agri')!.code;
		const wrong = right.startsWith('2') ? '3'.repeat(8) : '2'.repeat(8);
		// Start from a clean slate: the tests above already failed once (a reused code).
		for (const key of await app.redis.keys(`${keys.pairRateLimit()}*`)) await app.redis.del(key);
		for (let i = 0; i < 20; i++) {
			const { result } = await post('/auth/pair', { code: wrong });
			expect(result.ok || result.error.code).toBe('UNAUTHENTICATED');
		}
		const res = await fetch(`${app.baseUrl}/api/auth/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: right }) });
		expect(res.status).toBe(429);
		const result = (await res.json()) as Result<unknown>;
		expect(!result.ok && result.error.message.zh).toMatch(/分钟后再试/);
	});
});
