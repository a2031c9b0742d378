/**
 * The live meeting over real sockets and a real Redis: commands from the roles allowed to send them,
 * what each role is sent after a change, two consoles racing for one step, a burst of sign-ins, and a
 * second server process on the same Redis carrying on with the same deadline.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveView } from '../../shared/live.view';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { Result } from '../../shared/result';
import { createApplication } from '../app';
import { checkDurability } from '../redis/redis-connection';
import { DEMO_MEETING_ID, demoMembers } from '../meeting/demo-meeting';
import { startTestApp, type TestApp, type TestClient } from '../testing/test-app';
import { type RoleSessions, TestSockets, credentialsOf, pairDeputy, signInEveryRole } from '../testing/test-principals';

const MEETING = DEMO_MEETING_ID;
const INQUIRY = 'a2-inquiry';

/** The next `live:state` on `socket` that satisfies `accept`; listen before acting. */
function nextState(socket: TestClient, accept: (view: LiveView) => boolean = () => true, timeoutMs = 5000): Promise<LiveView> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.off('live:state', listener);
			reject(new Error('no matching live:state arrived'));
		}, timeoutMs);
		const listener = (view: LiveView) => {
			if (!accept(view)) return;
			clearTimeout(timer);
			socket.off('live:state', listener);
			resolve(view);
		};
		socket.on('live:state', listener);
	});
}

function okData<T>(result: Result<T>, what: string): T {
	if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message.en}`);
	return result.data;
}

async function join(socket: TestClient): Promise<void> {
	okData(await socket.emitWithAck('meeting:join', { meetingId: MEETING }), 'join');
}

describe('running a meeting live', () => {
	let app: TestApp;
	let sockets: TestSockets;
	let sessions: RoleSessions;
	let host: TestClient;
	let screen: TestClient;
	let publicViewer: TestClient;
	let deputy: TestClient;

	beforeAll(async () => {
		app = await startTestApp();
		sockets = new TestSockets(app);
		sessions = await signInEveryRole(app);
		host = await sockets.connect(credentialsOf(sessions, 'host'));
		screen = await sockets.connect(credentialsOf(sessions, 'screen'));
		publicViewer = await sockets.connect(credentialsOf(sessions, 'public'));
		deputy = await sockets.connect(credentialsOf(sessions, 'deputy'));
		for (const s of [host, screen, publicViewer, deputy]) await join(s);
	});
	afterAll(async () => {
		sockets.closeAll();
		await app.close();
	});

	it('refuses a live command from a connection that has not joined a meeting, and changes nothing', async () => {
		const stray = await sockets.connect(credentialsOf(sessions, 'host'));
		const reply = await stray.emitWithAck('sign-in:toggle', { open: true });
		expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
		expect(okData(await host.emitWithAck('live:sync', {}), 'sync').signIn.open).toBe(false);
	});

	it('keeps a deputy from signing in before sign-in opens', async () => {
		const reply = await deputy.emitWithAck('sign-in:self', {});
		expect(reply).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
		if (!reply.ok) expect(reply.error.message.zh).toContain('签到');
		expect(okData(await host.emitWithAck('live:sync', {}), 'sync').attendance.present).toBe(0);
	});

	it('opens sign-in, lets the deputy sign in, and shows every screen the tally at once', async () => {
		const onScreen = nextState(screen, (v) => v.attendance.present === 1);
		const onPublic = nextState(publicViewer, (v) => v.attendance.present === 1);
		const onDeputy = nextState(deputy, (v) => v.self?.signedIn === true);
		okData(await host.emitWithAck('sign-in:toggle', { open: true }), 'open');
		okData(await deputy.emitWithAck('sign-in:self', {}), 'sign in');
		// Signing in twice is harmless: the same answer, nothing new.
		okData(await deputy.emitWithAck('sign-in:self', {}), 'sign in again');
		const [wall, phone, tablet] = await Promise.all([onScreen, onPublic, onDeputy]);
		// 36 members, 2/3 quorum → 24 needed (DESIGN.md §3).
		expect(wall.attendance).toEqual({ expected: 36, present: 1, absent: 35, quorumNeeds: 24, quorumMet: false });
		expect(phone.attendance.present).toBe(1);
		expect(tablet.self).toMatchObject({ memberId: 'd001', signedIn: true, departed: false });
		// Only staff see who is present.
		expect(wall.roll).toBeUndefined();
		expect(phone.roll).toBeUndefined();
		expect(okData(await host.emitWithAck('live:sync', {}), 'sync').roll?.d001?.by).toBe('self');
	});

	it('counts a burst of late sign-ins by two clerks exactly once each', async () => {
		const clerkA = await sockets.connect(credentialsOf(sessions, 'clerk'));
		const clerkB = await sockets.connect(credentialsOf(sessions, 'clerk'));
		await join(clerkA);
		await join(clerkB);
		const others = demoMembers()
			.map((m) => m.id)
			.filter((id) => id !== 'd001')
			.slice(0, 24);
		// Both clerks try every member: for each, exactly one of the two is accepted.
		const replies = await Promise.all(
			others.flatMap((memberId) => [clerkA, clerkB].map((c) => c.emitWithAck('roll:record', { memberId, action: 'sign-in' })))
		);
		expect(replies.filter((r) => r.ok)).toHaveLength(others.length);
		expect(replies.filter((r) => !r.ok && r.error.code === 'CONFLICT')).toHaveLength(others.length);
		const view = okData(await host.emitWithAck('live:sync', {}), 'sync');
		expect(view.attendance).toMatchObject({ present: 25, quorumMet: true });
		expect(Object.values(view.roll ?? {}).filter((e) => e.by === 'clerk')).toHaveLength(24);
		const log = (await app.redis.xRange(`wzt:meeting:${MEETING}:log`, '-', '+')) ?? [];
		expect(log.filter((e) => e.message.action === 'roll.signed-in-late')).toHaveLength(24);
	});

	it('records a departure, after which the member is not present', async () => {
		const clerk = await sockets.connect(credentialsOf(sessions, 'clerk'));
		await join(clerk);
		okData(await clerk.emitWithAck('roll:record', { memberId: 'd002', action: 'depart' }), 'depart');
		const again = await clerk.emitWithAck('roll:record', { memberId: 'd002', action: 'depart' });
		expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
		const view = okData(await host.emitWithAck('live:sync', {}), 'sync');
		expect(view.attendance.present).toBe(24);
		expect(view.roll?.d002?.departedAt).toEqual(expect.any(Number));
	});

	it('lets exactly one of two consoles take a step from one phase; the other is told it already changed', async () => {
		const second = await sockets.connect(credentialsOf(sessions, 'host'));
		await join(second);
		okData(await host.emitWithAck('agenda:control', { itemId: INQUIRY, action: 'activate' }), 'activate');
		okData(await host.emitWithAck('question:step', { entryId: 'q1', from: 'queued', action: { type: 'call' } }), 'call');
		const step = { entryId: 'q1', from: 'asking', action: { type: 'answer' } } as const;
		const replies = await Promise.all([host.emitWithAck('question:step', step), second.emitWithAck('question:step', step)]);
		expect(replies.filter((r) => r.ok)).toHaveLength(1);
		const loser = replies.find((r) => !r.ok);
		expect(loser).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
		if (loser && !loser.ok) {
			expect(loser.error.message.zh).toContain('答复');
			expect(loser.error.message.en).toMatch(/already/);
		}
		const view = okData(await host.emitWithAck('live:sync', {}), 'sync');
		expect(view.current?.phase).toBe('answering');
		expect(view.current?.record.map((r) => r.phase)).toEqual(['asking']);
		const log = (await app.redis.xRange(`wzt:meeting:${MEETING}:log`, '-', '+')) ?? [];
		expect(log.filter((e) => e.message.action === 'question.answer')).toHaveLength(1);
	});

	it('sends every role the new clock after a pause, with what each may see', async () => {
		const onScreen = nextState(screen, (v) => v.current?.clock?.pausedAt != null);
		const onPublic = nextState(publicViewer, (v) => v.current?.clock?.pausedAt != null);
		const onDeputy = nextState(deputy, (v) => v.current?.clock?.pausedAt != null);
		okData(await host.emitWithAck('clock:control', { entryId: 'q1', from: 'answering', op: 'pause' }), 'pause');
		const [wall, phone, tablet] = await Promise.all([onScreen, onPublic, onDeputy]);
		for (const v of [wall, phone, tablet]) {
			expect(v.current?.phase).toBe('answering');
			expect(v.current?.clock?.deadline).toBeNull();
			expect(v.current?.clock?.pausedRemainingMs).toEqual(wall.current?.clock?.pausedRemainingMs);
		}
		// The wall gets question texts and the queue; the public only topics of the current and next three.
		expect(wall.current?.entry.text).toContain('加装电梯');
		expect(wall.inquiries[0]?.queue).toHaveLength(6);
		expect(phone.current?.entry.text).toBeUndefined();
		expect(phone.inquiries[0]?.queue).toBeUndefined();
		expect(phone.inquiries[0]?.next.map((e) => e.id)).toEqual(['q2', 'q3', 'q4']);
		expect(JSON.stringify(phone)).not.toContain('加装电梯');
		expect(tablet.self?.signedIn).toBe(true);
		// A second pause from another console is refused: the clock is already paused.
		const again = await host.emitWithAck('clock:control', { entryId: 'q1', from: 'answering', op: 'pause' });
		expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
	});

	it('takes a raised hand, shows it to staff and its deputy only, and queues it when accepted', async () => {
		const other = await sockets.connect({ cookie: await pairDeputy(app, sessions.clerk, 'd009') });
		await join(other);
		const raised = okData(
			await deputy.emitWithAck('request:raise', { itemId: INQUIRY, topic: '普惠托育', respondentIds: ['r-edu'], text: '托育机构收费标准何时出台？' }),
			'raise'
		);
		const hostView = okData(await host.emitWithAck('live:sync', {}), 'host sync');
		expect(hostView.inquiries[0]?.requests?.map((r) => [r.id, r.status, r.member.id])).toEqual([[raised.requestId, 'pending', 'd001']]);
		const otherView = okData(await other.emitWithAck('live:sync', {}), 'other sync');
		expect(JSON.stringify(otherView)).not.toContain('普惠托育');
		expect(otherView.self?.requests).toEqual([]);
		// Another deputy cannot withdraw it.
		expect(await other.emitWithAck('request:withdraw', { requestId: raised.requestId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

		const onDeputy = nextState(deputy, (v) => v.self?.requests[0]?.status === 'accepted');
		okData(await host.emitWithAck('request:decide', { requestId: raised.requestId, decision: 'accept' }), 'accept');
		const tablet = await onDeputy;
		const queue = tablet.inquiries[0]?.queue ?? [];
		expect(queue.at(-1)).toMatchObject({ id: `r-${raised.requestId}`, source: 'request', topic: '普惠托育', asker: { id: 'd001' } });
		// Moved to the front of what is still queued: it is next.
		okData(await host.emitWithAck('queue:move', { itemId: INQUIRY, entryId: `r-${raised.requestId}`, toIndex: 1 }), 'move');
		const after = okData(await publicViewer.emitWithAck('live:sync', {}), 'public sync');
		expect(after.inquiries[0]?.next[0]).toMatchObject({ id: `r-${raised.requestId}`, topic: '普惠托育' });
	});

	it('refuses commands outside the role table or with bad payloads, changing nothing', async () => {
		const before = okData(await host.emitWithAck('live:sync', {}), 'sync');
		const cases: [TestClient, string, unknown, string][] = [
			[deputy, 'question:step', { entryId: 'q1', from: 'answering', action: { type: 'finish' } }, 'FORBIDDEN'],
			[screen, 'clock:control', { entryId: 'q1', from: 'answering', op: 'resume' }, 'FORBIDDEN'],
			[publicViewer, 'sign-in:self', {}, 'FORBIDDEN'],
			[host, 'clock:control', { entryId: 'q1', from: 'answering', op: 'extend' }, 'BAD_REQUEST'],
			[host, 'clock:control', { entryId: 'q1', from: 'answering', op: 'extend', bySeconds: -5 }, 'BAD_REQUEST'],
			[host, 'question:step', { entryId: 'q1', from: 'answering', action: { type: 'follow-up' } }, 'BAD_REQUEST'],
			[host, 'question:step', { entryId: 'q1', from: 'answering', action: { type: 'follow-up', askerId: 'nobody' } }, 'NOT_FOUND'],
			[host, 'question:step', { entryId: 'q2', from: 'queued', action: { type: 'call' } }, 'CONFLICT'],
			[host, 'queue:move', { itemId: INQUIRY, entryId: 'q1', toIndex: 3 }, 'CONFLICT'],
			[deputy, 'request:raise', { itemId: 'a1-report', topic: 'x', respondentIds: ['r-edu'] }, 'NOT_FOUND'],
			[deputy, 'request:raise', { itemId: INQUIRY, topic: '', respondentIds: ['r-edu'] }, 'BAD_REQUEST']
		];
		for (const [socket, event, payload, code] of cases) {
			const reply = (await (socket as unknown as { emitWithAck(e: string, p: unknown): Promise<Result<unknown>> }).emitWithAck(event, payload)) as Result<unknown>;
			expect(reply, `${event} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code } });
			if (!reply.ok) expect(reply.error.message.zh.length * reply.error.message.en.length).toBeGreaterThan(0);
		}
		const after = okData(await host.emitWithAck('live:sync', {}), 'sync');
		expect(after).toEqual(before);
	});

	it('carries on in another server process on the same Redis: the same phase, the same deadline', async () => {
		okData(await host.emitWithAck('clock:control', { entryId: 'q1', from: 'answering', op: 'resume' }), 'resume');
		const before = okData(await host.emitWithAck('live:sync', {}), 'sync');
		expect(before.current?.clock?.deadline).toEqual(expect.any(Number));

		// A second application on the same Redis, as after a restart: it holds nothing of its own.
		const httpServer = createServer();
		const durability = await checkDurability(app.redis);
		createApplication(httpServer, { redis: app.redis, durability: () => durability, version: 'test', redisManaged: true });
		await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
		const fresh: TestClient = connectClient(url, { auth: { protocol: PROTOCOL_VERSION, token: sessions.screenToken }, transports: ['websocket'], reconnection: false, forceNew: true });
		try {
			await new Promise<void>((resolve, reject) => {
				fresh.once('connect', resolve);
				fresh.once('connect_error', reject);
			});
			await join(fresh);
			const there = okData(await fresh.emitWithAck('live:sync', {}), 'sync elsewhere');
			expect(there.current?.phase).toBe('answering');
			expect(there.current?.clock?.deadline).toBe(before.current?.clock?.deadline);
			expect(there.inquiries[0]?.queue?.map((e) => e.id)).toEqual(before.inquiries[0]?.queue?.map((e) => e.id));
			expect(there.version).toBe(before.version);
		} finally {
			fresh.close();
			await new Promise<void>((resolve) => httpServer.close(() => resolve()));
		}
	});
});
