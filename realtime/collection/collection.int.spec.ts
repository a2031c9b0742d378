/**
 * Question collection and the project pool against the real app, a real Redis and real sockets: deputies
 * proposing from their tablets' sessions (two of one group racing past the quota), staff merging,
 * selecting and adopting into the inquiry through the agenda's versioned save, the public form refusing
 * empty, oversized and flooding submissions (the limit holding across two server processes sharing one
 * Redis), and moderation deciding what the pool holds. Refused requests must leave Redis as it was.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionDeputyView, CollectionPublicView, CollectionStaffView, SuggestionReceipt } from '../../shared/collection.schema';
import type { MeetingView } from '../../shared/meeting.view';
import type { CollectionChanged } from '../../shared/protocol';
import { createApplication, type Application } from '../app';
import { DEMO_MEETING_ID } from '../meeting/demo-meeting';
import { keys } from '../redis/redis-keys';
import { checkDurability } from '../redis/redis-connection';
import { startTestApp, type TestApp, type TestClient } from '../testing/test-app';
import { type ApiAnswer, type ApiOptions, callApi, dataOf, pairDeputy, signInEveryRole, TestSockets, type RoleSessions } from '../testing/test-principals';

const MEETING = DEMO_MEETING_ID;
const BASE = `/meetings/${MEETING}/collection`;

let app: TestApp;
let sessions: RoleSessions;
let sockets: TestSockets;
/** Tablets: d001 and d007 of 城东代表小组, d002 and d008 of 城西代表小组, d003 of 开发区代表小组. */
const tablets: Record<string, string> = {};

function call<T>(method: string, path: string, cookie: string | undefined, json?: unknown, headers?: Record<string, string>): Promise<ApiAnswer<T>> {
	const options: ApiOptions = {};
	if (cookie) options.cookie = cookie;
	if (json !== undefined) options.json = json;
	if (headers) options.headers = headers;
	return callApi<T>(app, method, path, options);
}

const staffView = async () => dataOf(await call<CollectionStaffView>('GET', BASE, sessions.clerk), 'staff view');
const deputyView = async (memberId: string) => dataOf(await call<CollectionDeputyView>('GET', BASE, tablets[memberId]), `view of ${memberId}`);
const meetingView = async () => dataOf(await call<MeetingView>('GET', `/meetings/${MEETING}`, sessions.clerk), 'meeting');

/** Everything the collection and the meeting's plan and log hold, to prove a refusal changed none of it. */
async function collectionState(): Promise<Record<string, unknown>> {
	return {
		doc: await app.redis.get(keys.meetingCollection(MEETING)),
		version: await app.redis.get(keys.meetingCollectionVersion(MEETING)),
		plan: await app.redis.get(keys.meeting(MEETING)),
		planVersion: await app.redis.get(keys.meetingVersion(MEETING)),
		log: await app.redis.xLen(keys.meetingLog(MEETING))
	};
}

function question(topic: string, extra: Record<string, unknown> = {}) {
	return { topic, respondentIds: ['r-housing'], text: `关于${topic}的问题：进展如何？`, ...extra };
}

/** Resolves with the next `collection:changed` a socket hears. */
function nextChange(socket: TestClient): Promise<CollectionChanged> {
	return new Promise((resolve) => socket.once('collection:changed', resolve));
}

beforeAll(async () => {
	app = await startTestApp();
	sessions = await signInEveryRole(app);
	sockets = new TestSockets(app);
	tablets.d001 = sessions.deputy;
	for (const id of ['d007', 'd002', 'd008', 'd003']) tablets[id] = await pairDeputy(app, sessions.clerk, id);
});
afterAll(async () => {
	sockets.closeAll();
	await app.close();
});

describe('deputies propose questions for their group', () => {
	it('starts with the default quota of 2 per group and tells staff and deputies, not the public, of a proposal', async () => {
		const before = await deputyView('d001');
		expect(before).toMatchObject({ group: '城东代表小组', groupQuota: { used: 0, limit: 2 }, questions: [] });

		const clerk = await sockets.connect({ cookie: sessions.clerk });
		const groupmate = await sockets.connect({ cookie: tablets.d007 });
		const onlooker = await sockets.connect({});
		for (const s of [clerk, groupmate, onlooker]) expect((await s.emitWithAck('meeting:join', { meetingId: MEETING })).ok).toBe(true);
		let publicHeard = false;
		onlooker.on('collection:changed', () => (publicHeard = true));
		const heard = Promise.all([nextChange(clerk), nextChange(groupmate)]);

		const answer = await call<{ proposalId: string }>('POST', `${BASE}/questions`, tablets.d001, question('加装电梯', { coSignerIds: ['d007', 'd013'] }));
		expect(answer.status).toBe(201);
		const [toClerk, toDeputy] = await heard;
		expect(toClerk).toEqual(toDeputy);
		expect(toClerk.meetingId).toBe(MEETING);
		// The onlooker's own round trip comes after the broadcast would have: it heard nothing.
		await onlooker.emitWithAck('clock:sync', { sentAt: 0 });
		expect(publicHeard).toBe(false);

		const view = await deputyView('d007');
		expect(view.groupQuota).toEqual({ used: 1, limit: 2 });
		expect(view.questions).toHaveLength(1);
		expect(view.questions[0]).toMatchObject({ topic: '加装电梯', proposerId: 'd001', group: '城东代表小组', coSignerIds: ['d007', 'd013'], selected: false });
		// Another group sees none of it.
		expect((await deputyView('d002')).questions).toEqual([]);
	});

	it('accepts exactly the quota when two deputies of one group race, refusing the rest with the reason', async () => {
		const sends = ['d002', 'd008', 'd002', 'd008', 'd002', 'd008'].map((id, i) => call('POST', `${BASE}/questions`, tablets[id], question(`西区问题${i}`)));
		const answers = await Promise.all(sends);
		const accepted = answers.filter((a) => a.status === 201);
		const refused = answers.filter((a) => a.status !== 201);
		expect(accepted).toHaveLength(2);
		expect(refused.map((a) => a.status)).toEqual([409, 409, 409, 409]);
		for (const r of refused) {
			expect(r.body.ok).toBe(false);
			if (!r.body.ok) expect(r.body.error.message.zh).toContain('城西代表小组已提出 2 个问题');
		}
		const view = await deputyView('d008');
		expect(view.groupQuota).toEqual({ used: 2, limit: 2 });
		expect(view.questions).toHaveLength(2);
		// The log holds one entry per accepted proposal, none for a refused one.
		const log = (await app.redis.xRange(keys.meetingLog(MEETING), '-', '+')) ?? [];
		expect(log.filter((e) => e.message.action === 'collection.question-proposed')).toHaveLength(3);
	});

	it('refuses bad payloads and changes nothing', async () => {
		const before = await collectionState();
		const bad: [string, unknown, number][] = [
			['empty topic', question(''), 400],
			['unknown respondent', question('X', { respondentIds: ['r-nobody'] }), 400],
			['no respondent', question('X', { respondentIds: [] }), 400],
			['text too long', question('X', { text: '字'.repeat(2001) }), 400],
			['co-signer not on the roster', question('X', { coSignerIds: ['d999'] }), 400],
			['an extra field', question('X', { group: '教育界代表小组' }), 400],
			['for another deputy', question('X', { memberId: 'd013' }), 403],
			['not an object', 'ask them', 400]
		];
		for (const [what, body, status] of bad) {
			const answer = await call('POST', `${BASE}/questions`, tablets.d003, body);
			expect(answer.status, what).toBe(status);
			expect(answer.body.ok, what).toBe(false);
			if (!answer.body.ok) {
				expect(answer.body.error.message.zh.length, what).toBeGreaterThan(0);
				expect(answer.body.error.message.en.length, what).toBeGreaterThan(0);
			}
		}
		const notJson = await call('POST', `${BASE}/questions`, tablets.d003, undefined, { 'content-type': 'application/json' });
		expect(notJson.status).toBe(400);
		// Staff may not merge with a stale version, nor select a withdrawn or unknown proposal.
		expect((await call('POST', `${BASE}/merge`, sessions.clerk, { baseVersion: 0, sourceId: 'a', targetId: 'b' })).status).toBe(409);
		const { version } = await staffView();
		expect((await call('PUT', `${BASE}/selection`, sessions.clerk, { baseVersion: version, selection: [{ proposalId: 'qp-none', askerId: 'd001' }] })).status).toBe(400);
		// A respondent and the public cannot read the collection at all.
		expect((await call('GET', BASE, sessions.respondent)).status).toBe(403);
		expect((await call('GET', BASE, undefined)).status).toBe(401);
		expect(await collectionState()).toEqual(before);
	});

	it('lets the proposer withdraw, freeing the quota, and nobody else', async () => {
		const { proposalId } = dataOf(await call<{ proposalId: string }>('POST', `${BASE}/questions`, tablets.d003, question('园区通勤')), 'propose');
		expect((await deputyView('d003')).groupQuota.used).toBe(1);
		const stranger = await call('POST', `${BASE}/questions/withdraw`, tablets.d001, { proposalId });
		expect(stranger.status).toBe(403);
		dataOf(await call('POST', `${BASE}/questions/withdraw`, tablets.d003, { proposalId }), 'withdraw');
		expect((await deputyView('d003')).groupQuota.used).toBe(0);
	});
});

describe('staff select and adopt the list into the inquiry', () => {
	it('merges a duplicate keeping both groups, orders the selection and writes the prepared questions', async () => {
		// 城东 proposes a second question on the same matter as one of 城西's.
		dataOf(await call('POST', `${BASE}/questions`, tablets.d007, question('西区加装电梯', { coSignerIds: ['d013'] })), 'propose');
		let view = await staffView();
		const east = view.questions.find((q) => q.topic === '加装电梯')!;
		const eastDuplicate = view.questions.find((q) => q.topic === '西区加装电梯')!;
		const west = view.questions.find((q) => q.group === '城西代表小组' && q.status === 'proposed')!;

		view = dataOf(await call<CollectionStaffView>('POST', `${BASE}/merge`, sessions.clerk, { baseVersion: view.version, sourceId: eastDuplicate.id, targetId: west.id }), 'merge');
		const merged = view.questions.find((q) => q.id === west.id)!;
		expect(merged.groups).toEqual(['城西代表小组', '城东代表小组']);
		expect(merged.allCoSignerIds).toEqual(expect.arrayContaining(['d007', 'd013']));
		// The merged-in group's deputies see where their question went.
		expect((await deputyView('d007')).questions.find((q) => q.id === eastDuplicate.id)?.mergedInto).toBe(west.id);

		const selection = [
			{ proposalId: west.id, askerId: 'd008' },
			{ proposalId: east.id, askerId: 'd001' }
		];
		view = dataOf(await call<CollectionStaffView>('PUT', `${BASE}/selection`, sessions.clerk, { baseVersion: view.version, selection }), 'select');
		expect(view.preview.map((q) => [q.topic, q.askerId])).toEqual([
			[west.topic, 'd008'],
			['加装电梯', 'd001']
		]);
		expect((await deputyView('d001')).questions.find((q) => q.id === east.id)?.selected).toBe(true);

		// A plan version the console no longer holds is refused whole: the agenda and the collection stay.
		const plan = await meetingView();
		const before = await collectionState();
		const stale = await call('POST', `${BASE}/adopt`, sessions.clerk, { baseVersion: view.version, meetingVersion: plan.version - 1, itemId: 'a2-inquiry' });
		expect(stale.status).toBe(409);
		expect(await collectionState()).toEqual(before);
		expect((await call('POST', `${BASE}/adopt`, sessions.clerk, { baseVersion: view.version, meetingVersion: plan.version, itemId: 'a3-vote' })).status).toBe(404);

		const adopted = dataOf(
			await call<{ version: number; meetingVersion: number }>('POST', `${BASE}/adopt`, sessions.clerk, { baseVersion: view.version, meetingVersion: plan.version, itemId: 'a2-inquiry' }),
			'adopt'
		);
		expect(adopted.meetingVersion).toBe(plan.version + 1);
		const after = await meetingView();
		const inquiry = after.agenda.find((i) => i.id === 'a2-inquiry')!;
		expect(inquiry.questions?.map((q) => ({ id: q.id, topic: q.topic, asker: q.asker.id, respondents: q.respondentIds }))).toEqual([
			{ id: `c-${west.id}`, topic: west.topic, asker: 'd008', respondents: ['r-housing'] },
			{ id: `c-${east.id}`, topic: '加装电梯', asker: 'd001', respondents: ['r-housing'] }
		]);
		expect((await staffView()).adopted).toMatchObject({ itemId: 'a2-inquiry', count: 2 });
		const actions = ((await app.redis.xRange(keys.meetingLog(MEETING), '-', '+')) ?? []).map((e) => e.message.action);
		expect(actions.slice(-2)).toEqual(['agenda.saved', 'collection.adopted']);
	});
});

describe('the public suggestion form', () => {
	const url = `/meetings/${MEETING}/suggest`;
	const from = (address: string) => ({ 'x-forwarded-for': address });
	const good = (n: number) => ({ title: `增设路灯${n}`, text: `东门路段夜间照明不足，建议增设路灯第${n}处。` });

	it('shows its limits and nothing anyone sent', async () => {
		const view = dataOf(await call<CollectionPublicView>('GET', url, undefined), 'public view');
		expect(view).toEqual({ meetingId: MEETING, title: expect.any(String), bodyName: expect.any(String), open: true, limits: { titleMax: 40, textMin: 10, textMax: 500, perHour: 3 }, pool: [] });
	});

	it('refuses empty and oversized suggestions with clear messages, storing nothing and using up nothing', async () => {
		const before = await collectionState();
		const empty = await call('POST', url, undefined, { title: '  ', text: '' }, from('10.0.0.1'));
		expect(empty.status).toBe(400);
		expect(!empty.body.ok && empty.body.error.message).toEqual({ zh: '请填写建议的标题。（另有 1 处需修改）', en: 'Give your suggestion a title. (and 1 more to fix)' });
		const oversized = await call('POST', url, undefined, { title: '路灯', text: '长'.repeat(501) }, from('10.0.0.1'));
		expect(oversized.status).toBe(400);
		expect(!oversized.body.ok && oversized.body.error.message.zh).toBe('建议内容最多 500 个字，现有 501 个字，请精简后再提交。');
		const huge = await call('POST', url, undefined, { title: 'x', text: 'y'.repeat(30_000) }, from('10.0.0.1'));
		expect(huge.status).toBe(400);
		expect(await collectionState()).toEqual(before);
		// None of those counted against the address: three good ones still go through.
		for (let n = 1; n <= 3; n++) expect((await call('POST', url, undefined, good(n), from('10.0.0.1'))).status).toBe(201);
	});

	it('refuses flooding from one address with a message saying when to retry, across two server processes', async () => {
		// A second server process on the same Redis, as behind a load balancer.
		const other = await secondProcess();
		try {
			const address = from('10.0.0.2');
			expect((await call('POST', url, undefined, good(11), address)).status).toBe(201);
			expect((await fetchJson(other.baseUrl, url, good(12), address)).status).toBe(201);
			expect((await call('POST', url, undefined, good(13), address)).status).toBe(201);
			const before = await collectionState();
			const flood = await fetchJson(other.baseUrl, url, good(14), address);
			expect(flood.status).toBe(429);
			expect(flood.body.error.code).toBe('RATE_LIMITED');
			expect(flood.body.error.message.zh).toMatch(/每小时最多提交 3 条建议，请 \d+ 分钟后再试/);
			expect(flood.body.error.message.en).toMatch(/at most 3 an hour/);
			expect(await collectionState()).toEqual(before);
			// Another address is not held back by this one.
			expect((await fetchJson(other.baseUrl, url, good(15), from('10.0.0.3'))).status).toBe(201);
		} finally {
			await other.close();
		}
	});

	it('keeps suggestions from everyone but staff until a clerk approves one, and picks pool projects into the ballot', async () => {
		const receipt = dataOf(await call<SuggestionReceipt>('POST', url, undefined, { title: '社区食堂', text: '建议在老城区开办社区长者食堂。' }, from('10.0.0.4')), 'suggest').receipt;
		let view = await staffView();
		expect(view.projects.find((p) => p.id === receipt)).toMatchObject({ source: 'public', status: 'pending', title: '社区食堂' });
		expect(JSON.stringify(await deputyView('d001'))).not.toContain('社区食堂');
		expect(JSON.stringify(dataOf(await call('GET', url, undefined), 'public'))).not.toContain('社区食堂');
		// The log proves it arrived without keeping its words before a clerk has read them.
		const received = ((await app.redis.xRange(keys.meetingLog(MEETING), '-', '+')) ?? []).filter((e) => e.message.action === 'collection.suggestion-received');
		expect(received.length).toBeGreaterThan(0);
		expect(received.map((e) => e.message.data).join()).not.toContain('路灯');

		expect((await call('POST', `${BASE}/moderate`, sessions.clerk, { projectId: receipt, decision: 'reject' })).status).toBe(400);
		view = dataOf(await call<CollectionStaffView>('POST', `${BASE}/moderate`, sessions.clerk, { projectId: receipt, decision: 'approve' }), 'approve');
		expect(view.projects.find((p) => p.id === receipt)?.status).toBe('in-pool');
		// Once approved, the public page shows it in the pool, without who sent it.
		const pool = dataOf(await call<CollectionPublicView>('GET', url, undefined), 'public').pool;
		expect(pool).toEqual([{ title: '社区食堂', summary: '建议在老城区开办社区长者食堂。', source: 'public', group: null }]);
		expect((await call('POST', `${BASE}/moderate`, sessions.host, { projectId: receipt, decision: 'approve' })).status).toBe(409);

		// Deputies' projects enter the pool at once, within their own quota.
		const mine: string[] = [];
		for (const title of ['口袋公园', '学校午托']) mine.push(dataOf(await call<{ projectId: string }>('POST', `${BASE}/projects`, tablets.d002, { title, summary: `${title}项目` }), title).projectId);
		expect((await call('POST', `${BASE}/projects`, tablets.d002, { title: '第三个', summary: '超出' })).status).toBe(409);
		expect((await deputyView('d002')).projectQuota).toEqual({ used: 2, limit: 2 });

		const plan = await meetingView();
		const pendingOne = (await staffView()).projects.find((p) => p.status === 'pending')!.id;
		expect((await call('POST', `${BASE}/ballot`, sessions.clerk, { meetingVersion: plan.version, itemId: 'a4-ballot', projectIds: [receipt, pendingOne] })).status).toBe(400);
		// Six seats need more than six candidates.
		expect((await call('POST', `${BASE}/ballot`, sessions.clerk, { meetingVersion: plan.version, itemId: 'a4-ballot', projectIds: [receipt, ...mine] })).status).toBe(400);
		// With two seats, three pool projects are a proper surplus (差额) ballot.
		const agenda = (await app.application.services.meetings.get(MEETING)).agenda.map((i) => (i.kind === 'ballot' ? { ...i, seats: 2 } : i));
		const saved = dataOf(await call<MeetingView>('PUT', `/meetings/${MEETING}/agenda`, sessions.clerk, { baseVersion: plan.version, agenda }), 'seats');
		dataOf(await call('POST', `${BASE}/ballot`, sessions.clerk, { meetingVersion: saved.version, itemId: 'a4-ballot', projectIds: [receipt, ...mine] }), 'pick');
		const ballot = (await meetingView()).agenda.find((i) => i.id === 'a4-ballot')!;
		expect(ballot.candidates?.map((c) => c.name)).toEqual(['社区食堂', '口袋公园', '学校午托']);
	});
});

/** Another server process's application on the same Redis, as a second process behind a proxy would be. */
async function secondProcess(): Promise<{ baseUrl: string; close(): Promise<void> }> {
	const httpServer: Server = createServer();
	const durability = await checkDurability(app.redis);
	const application: Application = createApplication(httpServer, { redis: app.redis, durability: () => durability, version: 'test', redisManaged: true });
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	return {
		baseUrl: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
		close: () => new Promise<void>((resolve) => application.io.close(() => resolve()))
	};
}

async function fetchJson(baseUrl: string, path: string, json: unknown, headers: Record<string, string>): Promise<{ status: number; body: { ok: boolean; error: { code: string; message: { zh: string; en: string } } } }> {
	const res = await fetch(`${baseUrl}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) });
	return { status: res.status, body: await res.json() };
}
