/**
 * Follow-up tracking on a real Redis with the real BullMQ (issue 6): items created once when a session
 * closes, however often that is asked; lifecycle steps over REST with their notifications reaching the
 * people concerned live; reminders, escalations and checkpoints firing in order and exactly once as
 * the follow-up clock passes them, also with sweeps racing and after a worker is killed mid-sweep;
 * webhooks delivered from the outbox with retries, each delivery recorded.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue, createNodeRedisClient } from 'bullmq';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FollowupNotice, FollowupView, FollowupWatchReply } from '../../shared/followup.schema';
import { DAY_MS, type StoredItem, addMonths } from '../../shared/followup.rules';
import type { Principal } from '../../shared/identity.schema';
import type { Result } from '../../shared/result';
import { type JobQueue, QUEUE_NAME, startJobQueue } from '../jobs/job-queue';
import { DEMO_MEETING_ID, demoMembers } from '../meeting/demo-meeting';
import { BULLMQ_PREFIX, keys } from '../redis/redis-keys';
import { type TestApp, type TestClient, startTestApp } from '../testing/test-app';
import { callApi, dataOf, pairDeputy, pairRespondent, requestApi, signInHost } from '../testing/test-principals';
import { startServerProcess } from '../testing/server-process';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { io as connectClient } from 'socket.io-client';

/** Resolves with what `probe` finds once it finds something (polled: the state is in Redis, not an event). */
async function eventually<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 10_000, everyMs = 25): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await probe();
		if (found !== null) return found;
		if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, everyMs));
	}
}

const HOST: Principal = { role: 'host', subjectId: 'admin', name: '主持人', admin: true };
const members = demoMembers();
/** The demo's first two questions: q1 to the housing bureau asked by d001, q2 to civil affairs asked by d002. */
const Q1_ASKER = members[0]!.id;

function okData<T>(result: Result<T>, what: string): T {
	if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message.en}`);
	return result.data;
}

/** Puts a question through asking and answering to done, as the host's console does. */
async function askAndFinish(app: TestApp, entryId: string): Promise<void> {
	const live = app.application.services.live;
	await live.run(DEMO_MEETING_ID, HOST, { type: 'question-step', entryId, from: 'queued', action: { type: 'call' } });
	await live.run(DEMO_MEETING_ID, HOST, { type: 'question-step', entryId, from: 'asking', action: { type: 'answer' } });
	await live.run(DEMO_MEETING_ID, HOST, { type: 'question-step', entryId, from: 'answering', action: { type: 'finish' } });
}

async function runSession(app: TestApp): Promise<void> {
	const live = app.application.services.live;
	await live.run(DEMO_MEETING_ID, HOST, { type: 'sign-in-toggle', open: true });
	for (const m of members.slice(0, 30)) await live.roll(DEMO_MEETING_ID, HOST, m.id, 'clerk');
	await live.run(DEMO_MEETING_ID, HOST, { type: 'agenda', itemId: 'a2-inquiry', action: 'activate' });
	await askAndFinish(app, 'q1');
	await askAndFinish(app, 'q2');
}

async function outboxKinds(app: TestApp): Promise<string[]> {
	const entries = await app.redis.xRange(keys.followupOutbox(), '-', '+');
	return (entries ?? []).map((e) => (JSON.parse(e.message.notice!) as FollowupNotice).kind);
}

function timelineOf(item: StoredItem | FollowupView): string[] {
	return item.timeline.filter((e) => e.action === 'reminder' || e.action === 'escalated').map((e) => `${e.action}:${e.milestoneId}:${e.note?.match(/还有 (\d+) 天/)?.[1] ?? ''}`);
}

describe('follow-up items from a closed session, their lifecycle and notifications', () => {
	let app: TestApp;
	let hostCookie: string;

	beforeAll(async () => {
		app = await startTestApp();
		hostCookie = await signInHost(app);
		await app.application.services.meetings.loadDemo();
		await runSession(app);
	});
	afterAll(async () => {
		await app.close();
	});

	it('closes the session once (refused while a question runs), creating its items once however often asked', async () => {
		const socket: TestClient = connectClient(app.baseUrl, { auth: { protocol: PROTOCOL_VERSION }, extraHeaders: { cookie: hostCookie }, transports: ['websocket'], reconnection: false, forceNew: true });
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		okData(await socket.emitWithAck('meeting:join', { meetingId: DEMO_MEETING_ID }), 'join');
		const live = app.application.services.live;
		await live.run(DEMO_MEETING_ID, HOST, { type: 'question-step', entryId: 'q3', from: 'queued', action: { type: 'call' } });
		const early = await socket.emitWithAck('meeting:close', { confirm: true });
		expect(early).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
		expect(await app.application.services.followups.list('clerk')).toEqual([]);
		await live.run(DEMO_MEETING_ID, HOST, { type: 'question-step', entryId: 'q3', from: 'asking', action: { type: 'answer' } });
		await live.run(DEMO_MEETING_ID, HOST, { type: 'question-step', entryId: 'q3', from: 'answering', action: { type: 'finish' } });

		okData(await socket.emitWithAck('meeting:close', { confirm: true }), 'close');
		// q1 → 市住房和城乡建设局, q2 → 市民政局, q3 → 市人民政府; q4–q6 were never asked.
		const items = await eventually(async () => {
			const list = await app.application.services.followups.list('clerk');
			return list.length === 3 ? list : null;
		}, 'three items');
		expect(items.map((i) => [i.title, i.department, i.status]).sort()).toEqual([
			['就业帮扶', '市人民政府', 'assigned'],
			['社区养老服务', '市民政局', 'assigned'],
			['老旧小区改造', '市住房和城乡建设局', 'assigned']
		]);
		const closedAt = (await live.source(DEMO_MEETING_ID)).state.closedAt!;
		expect(items[0]!.milestones[0]!.dueAt).toBe(addMonths(closedAt, 3));

		// Again, by every path that may run it: nothing more.
		expect(await app.application.services.followups.createForMeeting(DEMO_MEETING_ID)).toBe(0);
		expect(await app.application.services.followups.catchUp()).toBe(0);
		const again = await socket.emitWithAck('meeting:close', { confirm: true });
		expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
		expect(!again.ok && again.error.message.zh).toContain('闭幕');
		expect(await app.application.services.followups.list('clerk')).toHaveLength(3);
		expect((await outboxKinds(app)).filter((k) => k === 'created')).toHaveLength(3);
		// Nothing else changes in a closed session: no vote opens, no agenda moves.
		await expect(app.application.services.votes.open(DEMO_MEETING_ID, HOST, { itemId: 'a3-vote', settings: {} })).rejects.toMatchObject({ error: { code: 'CONFLICT' } });
		await expect(live.run(DEMO_MEETING_ID, HOST, { type: 'agenda', itemId: 'a3-vote', action: 'activate' })).rejects.toMatchObject({ error: { code: 'CONFLICT' } });
		socket.close();
	});

	it('tells the department and the asker of each step live, the public board of every change, and refuses others changing nothing', async () => {
		const connect = async (cookie?: string) => {
			const socket: TestClient = connectClient(app.baseUrl, { auth: { protocol: PROTOCOL_VERSION }, extraHeaders: cookie ? { cookie } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('connect_error', reject);
			});
			return socket;
		};
		const housingCookie = await pairRespondent(app, hostCookie, 'r-housing');
		const civilCookie = await pairRespondent(app, hostCookie, 'r-civil');
		const askerCookie = await pairDeputy(app, hostCookie, Q1_ASKER);
		const [housing, asker, viewer] = await Promise.all([connect(housingCookie), connect(askerCookie), connect()]);
		const watch = async (s: TestClient) => okData((await s.emitWithAck('followup:watch', {})) as Result<FollowupWatchReply>, 'watch');
		const [h, a, v] = await Promise.all([watch(housing), watch(asker), watch(viewer)]);
		expect(h.me.department).toBe('市住房和城乡建设局');
		expect(a.me.memberId).toBe(Q1_ASKER);
		expect(v.items).toHaveLength(3);
		const item = v.items.find((i) => i.department === '市住房和城乡建设局')!;

		const heard: { who: string; notice: FollowupNotice }[] = [];
		housing.on('followup:notice', (notice: FollowupNotice) => heard.push({ who: 'housing', notice }));
		asker.on('followup:notice', (notice: FollowupNotice) => heard.push({ who: 'asker', notice }));
		viewer.on('followup:notice', (notice: FollowupNotice) => heard.push({ who: 'public', notice }));
		const publicChanged = new Promise<FollowupView>((resolve) => viewer.once('followup:changed', resolve));

		// Another department may not act on it; the item stays as it was.
		const before = await app.redis.hGet(keys.followups(), item.id);
		const wrong = await callApi(app, 'POST', `/followups/items/${item.id}/act`, { cookie: civilCookie, json: { baseVersion: item.version, command: { type: 'accept' } } });
		expect(wrong.status).toBe(403);
		expect(await app.redis.hGet(keys.followups(), item.id)).toBe(before);
		const bad = await callApi(app, 'POST', `/followups/items/${item.id}/act`, { cookie: housingCookie, json: { baseVersion: item.version, command: { type: 'return', reason: '' } } });
		expect(bad.status).toBe(400);
		expect(await app.redis.hGet(keys.followups(), item.id)).toBe(before);
		const stale = await callApi(app, 'POST', `/followups/items/${item.id}/act`, { cookie: housingCookie, json: { baseVersion: item.version - 1, command: { type: 'accept' } } });
		expect(stale.status).toBe(409);

		const accepted = dataOf(await callApi<FollowupView>(app, 'POST', `/followups/items/${item.id}/act`, { cookie: housingCookie, json: { baseVersion: item.version, command: { type: 'accept' } } }), 'accept');
		expect(accepted.status).toBe('in-progress');
		expect((await publicChanged).status).toBe('in-progress');
		await eventually(async () => (heard.filter((x) => x.notice.itemId === item.id).length >= 2 ? true : null), 'notices to housing and asker');
		expect(heard.map((x) => x.who).sort()).toEqual(['asker', 'housing']);

		// The written reply, its file, then the asker's rating closes it.
		const pdf = Buffer.from('%PDF-1.4\n%答复\n%%EOF\n');
		const publicCopy = new Promise<FollowupView>((resolve) => viewer.on('followup:changed', (v: FollowupView) => v.timeline.at(-1)?.action === 'attachment' && resolve(v)));
		const attached = dataOf(
			await callApi<FollowupView>(app, 'POST', `/followups/items/${item.id}/attachments?name=${encodeURIComponent('书面答复.pdf')}`, { cookie: housingCookie, raw: { body: new Uint8Array(pdf), type: 'application/pdf' } }),
			'attach'
		);
		expect(attached.attachments.map((f) => f.name)).toEqual(['书面答复.pdf']);
		const filePath = `/followups/items/${item.id}/attachments/${attached.attachments[0]!.id}`;
		const file = await requestApi(app, 'GET', filePath, { cookie: askerCookie });
		expect(Buffer.from(await file.arrayBuffer())).toEqual(pdf);
		// The public board shows that a file came, not the file.
		expect((await requestApi(app, 'GET', filePath)).status).toBe(401);
		expect((await publicCopy).attachments).toEqual([]);
		expect(dataOf(await callApi<FollowupView>(app, 'GET', `/followups/items/${item.id}`), 'public get').attachments).toEqual([]);
		const answered = dataOf(
			await callApi<FollowupView>(app, 'POST', `/followups/items/${item.id}/act`, { cookie: housingCookie, json: { baseVersion: attached.version, command: { type: 'answer', reply: '已完成改造 120 个小区。' } } }),
			'answer'
		);
		const rated = dataOf(
			await callApi<FollowupView>(app, 'POST', `/followups/items/${item.id}/act`, { cookie: askerCookie, json: { baseVersion: answered.version, command: { type: 'rate', rating: 'unsatisfied', note: '加装电梯没有时间表' } } }),
			'rate'
		);
		expect(rated.status).toBe('reopened');
		// Missed notifications can be read back, each caller only their own.
		const askerNotices = dataOf(await callApi<FollowupNotice[]>(app, 'GET', '/followups/notices', { cookie: askerCookie }), 'asker notices');
		expect(askerNotices.length).toBeGreaterThan(0);
		expect(askerNotices.every((n) => n.to.includes(`member:${Q1_ASKER}`))).toBe(true);
		const civilNotices = dataOf(await callApi<FollowupNotice[]>(app, 'GET', '/followups/notices', { cookie: civilCookie }), 'civil notices');
		expect(civilNotices.every((n) => n.to.includes('department:市民政局'))).toBe(true);
		expect(civilNotices.some((n) => n.itemId === item.id)).toBe(false);
		expect(rated.timeline.map((e) => e.action)).toEqual(['created', 'accepted', 'attachment', 'answered', 'rated']);
		for (const s of [housing, asker, viewer]) s.close();
	});
});

describe('scheduled reminders, escalations and checkpoints through the real BullMQ', () => {
	let app: TestApp;
	let jobs: JobQueue | null = null;

	beforeAll(async () => {
		app = await startTestApp();
		await app.application.services.meetings.loadDemo();
		await runSession(app);
		// Closing creates the items (q1 and q2 were asked) by itself.
		await app.application.services.live.run(DEMO_MEETING_ID, HOST, { type: 'meeting-close' });
		await eventually(async () => ((await app.application.services.followups.list('clerk')).length === 2 ? true : null), 'two items');
		jobs = await startJobQueue(app.redisUrl, { 'followup:sweep': async () => void (await app.application.services.followups.sweep()) });
	});
	afterAll(async () => {
		await jobs?.close();
		await app.close();
	});

	/** Enqueues a sweep and waits until the queue has nothing waiting or running. */
	async function sweepAndWait(): Promise<void> {
		await jobs!.enqueue('followup:sweep', {});
		await eventually(async () => {
			const counts = await jobs!.queue.getJobCounts('waiting', 'active', 'prioritized');
			return counts.waiting! + counts.active! + counts.prioritized! === 0 ? true : null;
		}, 'sweeps done');
	}

	it('fires the 7-day and 1-day reminders and the escalation in order, each once, as the clock passes them — with sweeps racing', async () => {
		const { followups } = app.application.services;
		const items = await followups.list('clerk');
		const due = items[0]!.milestones[0]!.dueAt;
		const now = await followups.clock.now();

		await followups.clock.moveBy(due - 7 * DAY_MS - now + 60_000);
		await Promise.all([sweepAndWait(), sweepAndWait(), sweepAndWait()]);
		for (const item of await followups.list('clerk')) expect(timelineOf(item)).toEqual(['reminder:report-1:7']);

		await followups.clock.moveBy(7 * DAY_MS);
		await Promise.all([sweepAndWait(), sweepAndWait(), sweepAndWait(), sweepAndWait()]);
		await sweepAndWait();
		for (const item of await followups.list('clerk')) {
			expect(timelineOf(item)).toEqual(['reminder:report-1:7', 'reminder:report-1:1', 'escalated:report-1:']);
			expect(item.overdue).toBe(true);
			expect(item.escalatedAt).not.toBeNull();
		}
		expect((await outboxKinds(app)).filter((k) => k === 'reminder' || k === 'escalated')).toHaveLength(6);
		expect(await app.redis.zCard(keys.followupDue())).toBe(0);

		// The daily digest counts them, overdue first, for the clerks.
		const digest = await followups.digest();
		expect(digest?.to).toEqual(['clerk']);
		expect(digest?.message.zh).toMatch(/^督办日报：未办结 2 件，其中逾期 2 件。/);
		expect(digest?.message.zh).toContain('市住房和城乡建设局 1 件（逾期 1）');
	});

	it('takes a step made on a version older only by reminders, and refuses one older by a person’s step', async () => {
		const { followups } = app.application.services;
		const housing: Principal = { role: 'respondent', subjectId: 'r-housing', name: '李明远', meetingId: DEMO_MEETING_ID };
		const item = (await followups.list('clerk')).find((i) => i.department === '市住房和城乡建设局')!;
		// What the department saw when the item came: version 1. Since then only the clock acted.
		expect(item.timeline.slice(1).every((e) => e.by.role === 'system')).toBe(true);
		expect(item.version).toBeGreaterThan(1);
		const accepted = await followups.act(item.id, 1, { type: 'accept' }, housing);
		expect(accepted.status).toBe('in-progress');
		// The same stale view again: now a person has acted since, so it is refused and nothing changes.
		await expect(followups.act(item.id, 1, { type: 'progress', note: '已召开专题会议。' }, housing)).rejects.toMatchObject({ error: { code: 'CONFLICT' } });
		expect((await followups.item(item.id)).version).toBe(accepted.version);
	});

	it('creates an elected project’s quarterly checkpoints as the clock reaches each quarter, once each', async () => {
		const { followups } = app.application.services;
		const settings = await followups.settings();
		const votedAt = await followups.clock.now();
		const project: StoredItem = {
			id: 'fu-project-1',
			bodyId: 'demo-congress',
			meetingId: DEMO_MEETING_ID,
			meetingTitle: '票决',
			kind: 'project',
			sourceKey: 'test:project-1',
			title: '城区老旧小区加装电梯',
			detail: '民生实事项目票决',
			department: '市住房和城乡建设局',
			askerId: null,
			askerName: null,
			complex: false,
			status: 'in-progress',
			milestones: [
				{ id: 'plan-1', kind: 'plan', dueAt: addMonths(votedAt, 1), doneAt: votedAt + DAY_MS },
				{ id: 'midyear-report-1', kind: 'midyear-report', dueAt: addMonths(votedAt, 6), doneAt: null },
				{ id: 'year-end-rating-1', kind: 'year-end-rating', dueAt: addMonths(votedAt, 11), doneAt: null }
			],
			reply: null,
			rating: null,
			escalatedAt: null,
			attachments: [],
			timeline: [],
			createdAt: votedAt,
			updatedAt: votedAt,
			version: 1,
			fired: []
		};
		const { dueEventsOf, eventKey } = await import('../../shared/followup.rules');
		await followups.repo.create(project.sourceKey, project, dueEventsOf(project, settings).map((e) => [eventKey(e), e.at]), { at: votedAt, itemId: project.id, kind: 'created', to: [], message: { zh: '新', en: 'new' } });

		const checkpoints = async () => (await followups.item(project.id)).milestones.filter((m) => m.kind === 'checkpoint').map((m) => [m.id, m.dueAt]);
		await sweepAndWait();
		expect(await checkpoints()).toEqual([['checkpoint-1', addMonths(votedAt, 3)]]);
		// Four months on: the second quarter's checkpoint is there, the first one is overdue and escalated.
		await followups.clock.moveBy(addMonths(votedAt, 4) - votedAt);
		await Promise.all([sweepAndWait(), sweepAndWait()]);
		expect(await checkpoints()).toEqual([
			['checkpoint-1', addMonths(votedAt, 3)],
			['checkpoint-2', addMonths(votedAt, 6)]
		]);
		const item = await followups.item(project.id);
		expect(item.timeline.map((e) => `${e.action}:${e.milestoneId}`)).toEqual([
			'checkpoint-created:checkpoint-1',
			'reminder:checkpoint-1',
			'reminder:checkpoint-1',
			'escalated:checkpoint-1',
			'checkpoint-created:checkpoint-2'
		]);
	});
});

describe('a worker killed in the middle of a sweep', () => {
	let app: TestApp;
	let child: Awaited<ReturnType<typeof startServerProcess>> | null = null;
	let jobs: JobQueue | null = null;
	let queue: Queue | null = null;
	let raw: ReturnType<typeof createClient> | null = null;
	const ITEMS = 400;

	beforeAll(async () => {
		app = await startTestApp();
		await app.application.services.meetings.loadDemo();
	});
	afterEach(async () => {
		child?.proc.kill('SIGKILL');
		await child?.exited;
		child = null;
	});
	afterAll(async () => {
		await jobs?.close();
		await queue?.close();
		if (raw?.isOpen) await raw.close();
		await app.close();
	});

	it('leaves every event fired exactly once after another worker takes over', async () => {
		const { followups } = app.application.services;
		const now = await followups.clock.now();
		const due = now + 30 * DAY_MS;
		// Many items, so the kill lands while the sweep is under way.
		for (let i = 0; i < ITEMS; i++) {
			const item: StoredItem = {
				id: `fu-load-${i}`,
				bodyId: 'demo-congress',
				meetingId: DEMO_MEETING_ID,
				meetingTitle: '负载',
				kind: 'question',
				sourceKey: `load:${i}`,
				title: `事项 ${i}`,
				detail: '—',
				department: '市民政局',
				askerId: null,
				askerName: null,
				complex: false,
				status: 'assigned',
				milestones: [{ id: 'report-1', kind: 'report', dueAt: due, doneAt: null }],
				reply: null,
				rating: null,
				escalatedAt: null,
				attachments: [],
				timeline: [],
				createdAt: now,
				updatedAt: now,
				version: 1,
				fired: []
			};
			const events: [string, number][] = [
				[`${item.id}|report-1|remind-7`, due - 7 * DAY_MS],
				[`${item.id}|report-1|remind-1`, due - DAY_MS],
				[`${item.id}|report-1|escalate`, due]
			];
			await followups.repo.create(item.sourceKey, item, events, { at: now, itemId: item.id, kind: 'created', to: [], message: { zh: '新', en: 'new' } });
		}
		await followups.clock.moveBy(31 * DAY_MS);

		// The server as `npm start` runs it, on this Redis: its worker takes the sweep.
		child = await startServerProcess({ REDIS_URL: app.redisUrl, WEB_BUILD: 'none', DEMO: '0', ADMIN_PASSWORD: 'admin-pass-123' });
		raw = createClient({ url: app.redisUrl });
		raw.on('error', () => {});
		queue = new Queue(QUEUE_NAME, { connection: createNodeRedisClient(raw), prefix: BULLMQ_PREFIX });
		await queue.add('followup:sweep', {});
		const total = ITEMS * 3;
		const left = await eventually(async () => {
			const remaining = await app.redis.zCard(keys.followupDue());
			return remaining < total - 30 ? remaining : null;
		}, 'the sweep under way', 20_000, 5);
		child.proc.kill('SIGKILL');
		await child.exited;
		child = null;
		const atKill = await app.redis.zCard(keys.followupDue());
		expect(atKill, `the sweep had ${left} left when seen, ${atKill} at the kill: it must die mid-way`).toBeGreaterThan(0);

		// Another worker (this process) takes over with a fresh sweep.
		jobs = await startJobQueue(app.redisUrl, { 'followup:sweep': async () => void (await followups.sweep()) });
		await jobs.enqueue('followup:sweep', {});
		await eventually(async () => ((await app.redis.zCard(keys.followupDue())) === 0 ? true : null), 'every event fired', 60_000);

		const all = await followups.repo.all();
		const load = all.filter((i) => i.id.startsWith('fu-load-'));
		expect(load).toHaveLength(ITEMS);
		for (const item of load) expect(timelineOf(item), item.id).toEqual(['reminder:report-1:7', 'reminder:report-1:1', 'escalated:report-1:']);
		const kinds = await outboxKinds(app);
		expect(kinds.filter((k) => k === 'reminder')).toHaveLength(ITEMS * 2);
		expect(kinds.filter((k) => k === 'escalated')).toHaveLength(ITEMS);
	}, 120_000);
});

describe('webhooks fed from the outbox', () => {
	let app: TestApp;
	let hook: Server;
	let hookUrl: string;
	const received: { idempotencyKey: string; body: { notice: FollowupNotice } }[] = [];
	let failFirst = 0;

	beforeAll(async () => {
		app = await startTestApp();
		hook = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				if (failFirst > 0) {
					failFirst--;
					res.writeHead(503).end();
					return;
				}
				received.push({ idempotencyKey: String(req.headers['idempotency-key']), body: JSON.parse(body) });
				res.writeHead(204).end();
			});
		});
		await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
		hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
	});
	afterAll(async () => {
		await new Promise<void>((resolve) => hook.close(() => resolve()));
		await app.close();
	});

	it('posts each notification once per webhook, retrying a failure, and records every delivery', async () => {
		const { followups } = app.application.services;
		await followups.saveWebhooks({ urls: [hookUrl] });
		await followups.repo.appendNotice({ at: 1, itemId: '', kind: 'digest', to: ['clerk'], message: { zh: '日报', en: 'digest' } });
		await followups.repo.appendNotice({ at: 2, itemId: '', kind: 'digest', to: ['clerk'], message: { zh: '日报二', en: 'digest 2' } });
		failFirst = 1;
		const jobs = await startJobQueue(app.redisUrl, {
			'outbox:dispatch': async () => void (await followups.dispatchOutbox((noticeId, url) => jobs.enqueue('webhook:deliver', { noticeId, url }, { jobId: `wh-${noticeId}-t`, attempts: 5 }))),
			'webhook:deliver': async ({ noticeId, url }, job) => followups.deliver(noticeId, url, job.attemptsMade + 1)
		});
		try {
			// Dispatched twice (a retried dispatch): still one delivery each.
			await jobs.enqueue('outbox:dispatch', {});
			await jobs.enqueue('outbox:dispatch', {});
			await eventually(async () => (received.length >= 2 ? true : null), 'two deliveries', 20_000);
			const deliveries = await eventually(async () => {
				const list = await followups.repo.deliveries();
				return list.length === 2 && list.every((d) => d.status === 'delivered') ? list : null;
			}, 'deliveries recorded');
			expect(received.map((r) => r.body.notice.message.zh).sort()).toEqual(['日报', '日报二']);
			expect(new Set(received.map((r) => r.idempotencyKey)).size).toBe(2);
			// The first attempt of one failed (503) and was retried: that delivery took two attempts.
			expect(deliveries.map((d) => d.attempts).sort()).toEqual([1, 2]);
			// Delivering an already delivered notice again sends nothing.
			await followups.deliver(deliveries[0]!.noticeId, hookUrl, 9);
			expect(received).toHaveLength(2);
		} finally {
			await jobs.close();
		}
	});
});

describe('the server’s own wiring: schedulers, the queue dashboard, the clock', () => {
	let httpServer: Server | null = null;
	let realtime: Awaited<ReturnType<typeof import('../server').bootRealtime>> | null = null;

	afterAll(async () => {
		await realtime?.stop();
		httpServer?.closeAllConnections();
		await new Promise<void>((resolve) => (httpServer ? httpServer.close(() => resolve()) : resolve()));
	});

	it('registers the sweep and the daily digest with stable ids, shows the queues only to an administrator, and moves the clock only when allowed', async () => {
		const { bootRealtime } = await import('../server');
		const { testRedisUrl } = await import('../testing/test-redis');
		const redisUrl = await testRedisUrl();
		const boot = async (followupTestClock: boolean) => {
			httpServer = createServer();
			realtime = await bootRealtime(
				{ port: 0, host: '127.0.0.1', dataDir: '/nonexistent', redisUrl, publicUrl: 'http://localhost', loadDemo: true, adminPassword: 'admin-pass-123', webHandlerPath: null, followupTestClock },
				httpServer,
				{ log: () => {} }
			);
			await new Promise<void>((resolve) => httpServer!.listen(0, '127.0.0.1', resolve));
			return `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
		};
		const stop = async () => {
			await realtime!.stop();
			httpServer!.closeAllConnections();
			await new Promise<void>((resolve) => httpServer!.close(() => resolve()));
			realtime = null;
			httpServer = null;
		};
		let base = await boot(false);
		const login = async (username: string, password: string) => {
			const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
			return res.headers.get('set-cookie')!.split(';')[0]!;
		};
		const admin = await login('admin', 'admin-pass-123');
		await fetch(`${base}/api/accounts`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: admin }, body: JSON.stringify({ username: 'clerk1', displayName: '工作人员', role: 'clerk', password: 'clerk-pass-123' }) });
		const clerk = await login('clerk1', 'clerk-pass-123');

		const page = async (cookie?: string) => fetch(`${base}/admin/queues`, { headers: cookie ? { cookie } : {} });
		expect((await page()).status).toBe(401);
		expect((await page(clerk)).status).toBe(403);
		const shown = await page(admin);
		expect(shown.status).toBe(200);
		expect(await shown.text()).toContain('<title>');
		const api = await fetch(`${base}/admin/queues/api/queues`, { headers: { cookie: admin } });
		expect(api.status).toBe(200);
		expect(JSON.stringify(await api.json())).toContain('"jobs"');

		const moved = await fetch(`${base}/api/followups/clock/move`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: admin }, body: JSON.stringify({ byMs: 86_400_000 }) });
		expect(moved.status).toBe(409);
		expect(await realtime!.application.services.followups.clock.offset()).toBe(0);
		await stop();

		// Started again (as after a restart) with the test clock allowed: still one of each scheduler.
		base = await boot(true);
		const again = await login('admin', 'admin-pass-123');
		const ok = await fetch(`${base}/api/followups/clock/move`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: again }, body: JSON.stringify({ byMs: 86_400_000 }) });
		expect(ok.status).toBe(200);
		expect(await realtime!.application.services.followups.clock.offset()).toBe(86_400_000);
		const probe = createClient({ url: redisUrl });
		await probe.connect();
		try {
			const queue = new Queue(QUEUE_NAME, { connection: createNodeRedisClient(probe), prefix: BULLMQ_PREFIX });
			const ids = (await queue.getJobSchedulers()).map((s) => s.key).sort();
			expect(ids).toEqual(['followup:digest', 'followup:sweep', 'system:heartbeat']);
			await queue.close();
		} finally {
			await probe.close();
		}
	}, 60_000);
});
