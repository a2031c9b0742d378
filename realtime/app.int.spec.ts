import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type HandshakeRefusal } from '../shared/protocol';
import { DEMO_MEETING_ID, demoMeeting, demoMembers } from './meeting/demo-meeting';
import { keys } from './redis/redis-keys';
import { startTestApp, type TestApp } from './testing/test-app';

const FIXED_NOW = Date.UTC(2026, 7, 29, 1, 30, 0);

describe('application over real sockets and a real Redis', () => {
	let app: TestApp;

	beforeAll(async () => {
		app = await startTestApp({ now: () => FIXED_NOW });
	});
	afterAll(async () => {
		await app.close();
	});

	it('refuses a client speaking another protocol version, saying so in both languages', async () => {
		const socket = connectClient(app.baseUrl, { auth: { protocol: PROTOCOL_VERSION + 1 }, transports: ['websocket'], reconnection: false, forceNew: true });
		const err = await new Promise<Error & { data?: HandshakeRefusal }>((resolve) => socket.once('connect_error', resolve));
		socket.close();
		expect(err.data?.code).toBe('PROTOCOL_MISMATCH');
		expect(err.data?.serverProtocol).toBe(PROTOCOL_VERSION);
		expect(err.data?.message.zh).toMatch(/协议/);
		expect(err.data?.message.en).toMatch(/protocol/);
	});

	it('refuses a client that sends no auth at all', async () => {
		const socket = connectClient(app.baseUrl, { transports: ['websocket'], reconnection: false, forceNew: true });
		const err = await new Promise<Error & { data?: HandshakeRefusal }>((resolve) => socket.once('connect_error', resolve));
		socket.close();
		expect(err.data?.code).toBe('PROTOCOL_MISMATCH');
	});

	it('answers clock:sync with the server clock', async () => {
		const client = await app.client();
		const reply = await client.emitWithAck('clock:sync', { sentAt: 123 });
		expect(reply).toEqual({ ok: true, data: { serverTime: FIXED_NOW } });
	});

	it('lists every problem of a malformed payload in Chinese and English and stays up', async () => {
		const client = await app.client();
		const reply = await client.emitWithAck('clock:sync', { sentAt: 'soon' } as never);
		expect(reply.ok).toBe(false);
		if (reply.ok) return;
		expect(reply.error.code).toBe('BAD_REQUEST');
		expect(reply.error.issues?.[0]?.path).toBe('sentAt');
		expect(reply.error.message.zh).toMatch(/sentAt/);
		expect(reply.error.message.en).toMatch(/sentAt/);
		expect(reply.error.issues?.[0]?.message.zh).not.toBe(reply.error.issues?.[0]?.message.en);
		expect((await client.emitWithAck('clock:sync', { sentAt: 1 })).ok).toBe(true);
	});

	it('answers an unknown event with FORBIDDEN when the client waits for an answer', async () => {
		const client = await app.client();
		const reply = (await (client as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck('vote:rig', { all: 'yes' })) as {
			ok: boolean;
			error: { code: string };
		};
		expect(reply.ok).toBe(false);
		expect(reply.error.code).toBe('FORBIDDEN');
	});

	it('loads the demo meeting once however often it is asked to', async () => {
		expect(await app.application.services.meetings.loadDemo()).toBe(true);
		expect(await app.application.services.meetings.loadDemo()).toBe(false);
		expect(await app.redis.sCard(keys.meetings())).toBe(1);
		expect(await app.redis.get(keys.meetingVersion(DEMO_MEETING_ID))).toBe('1');
	});

	it('joins a meeting and returns the public view', async () => {
		await app.application.services.meetings.loadDemo();
		const client = await app.client();
		const reply = await client.emitWithAck('meeting:join', { meetingId: DEMO_MEETING_ID });
		expect(reply.ok).toBe(true);
		if (!reply.ok) return;
		const plan = demoMeeting();
		expect(reply.data.title).toBe(plan.title);
		expect(reply.data.body.memberCount).toBe(demoMembers().length);
		expect(reply.data.agenda.map((a) => a.kind)).toEqual(['report', 'inquiry', 'vote', 'ballot', 'rating']);
		// The public view carries no roster details and no question texts.
		expect(JSON.stringify(reply.data)).not.toContain(plan.respondents[0]!.name);
		expect(JSON.stringify(reply.data)).not.toContain(demoMembers()[0]!.name);
	});

	it('says which meeting does not exist, and rejects ids that cannot be one', async () => {
		const client = await app.client();
		const missing = await client.emitWithAck('meeting:join', { meetingId: 'no-such-meeting' });
		expect(missing.ok === false && missing.error.code).toBe('NOT_FOUND');
		const bad = await client.emitWithAck('meeting:join', { meetingId: '../../etc' });
		expect(bad.ok === false && bad.error.code).toBe('BAD_REQUEST');
	});

	it('serves health and the meeting list over REST with the same envelope', async () => {
		await app.application.services.meetings.loadDemo();
		const health = await fetch(`${app.baseUrl}/healthz`);
		expect(health.status).toBe(200);
		const report = (await health.json()) as { version: string; redis: { reachable: boolean; persistence: string; durable: boolean } };
		expect(report.version).toBe('test');
		expect(report.redis).toMatchObject({ reachable: true, persistence: 'aof-always', durable: true });

		const list = (await (await fetch(`${app.baseUrl}/api/meetings`)).json()) as { ok: boolean; data: { id: string }[] };
		expect(list).toMatchObject({ ok: true, data: [{ id: DEMO_MEETING_ID }] });

		const missing = await fetch(`${app.baseUrl}/api/meetings/nope`);
		expect(missing.status).toBe(404);
		const unknown = await fetch(`${app.baseUrl}/api/not-a-route`);
		expect(unknown.status).toBe(404);
		expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
	});

	it('ignores a command sent without an acknowledgement callback', async () => {
		const client = await app.client();
		(client as unknown as { emit(event: string, payload: unknown): void }).emit('meeting:join', { meetingId: DEMO_MEETING_ID });
		// The next acknowledged command is answered, so the first was processed (or ignored) before it.
		expect((await client.emitWithAck('clock:sync', { sentAt: 0 })).ok).toBe(true);
		const sockets = await app.application.io.fetchSockets();
		const server = sockets.find((s) => s.id === client.id);
		expect(server?.data.meetingId).toBeNull();
	});
});
