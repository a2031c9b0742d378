/**
 * Votes, project ballots and satisfaction ratings over real sockets and a real Redis (DESIGN.md §3
 * Votes, Project ballot, Satisfaction rating; §4 Data flow, State, Integrity): who may cast and from
 * where, the one script per cast (press policy, idempotency keys, receipts), what each role is sent and
 * when, ballot validity, closing by the host and at the deadline by the job queue of another app,
 * counts by hand, annulment and re-runs, and anonymity checked against everything a vote wrote to
 * Redis. Expected results are worked out by hand from the rules, never read back from the code.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { io as connectClient } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PairingRow } from '../../shared/api';
import { PAIRING_CODE_ALPHABET } from '../../shared/identity.schema';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { Result } from '../../shared/result';
import { type Role, STAFF_ROLES } from '../../shared/roles';
import type { VoteCastReply, VoteChoice, VoteOutcome, VoteSettings, VoteTurnout, VoteView } from '../../shared/vote.schema';
import { createApplication } from '../app';
import { type JobQueue, startJobQueue } from '../jobs/job-queue';
import { DEMO_MEETING_ID } from '../meeting/demo-meeting';
import { type RedisClient, checkDurability, connectRedis } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';
import { bootRealtime, type Realtime } from '../server';
import { startTestApp, type TestApp, type TestClient } from '../testing/test-app';
import { eventually } from '../testing/server-process';
import { testRedisUrl } from '../testing/test-redis';
import { ADMIN_PASSWORD, type RoleSessions, TestSockets, callApi, credentialsOf, dataOf, pair, pairDeputy, signInEveryRole } from '../testing/test-principals';

const MEETING = DEMO_MEETING_ID;
const MOTION = 'a3-vote';
const BALLOT = 'a4-ballot';
const RATING = 'a5-rating';

/** Read from the demo fixture (demo-meeting.ts): 36 deputies d001…d036; a ballot of 8 projects for 6 seats. */
const DEMO = {
	memberIds: Array.from({ length: 36 }, (_, i) => `d${String(i + 1).padStart(3, '0')}`),
	candidates: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']
} as const;

/** 赞成 more than half of all 36 members (地方组织法 art. 25): ⌊36/2⌋ + 1. */
const MORE_THAN_HALF_OF_36 = 19;

type Mark = 'yes' | 'no' | 'abstain';

/** A deputy's tablet: its socket, and the secret it made once per vote (kept on the tablet). */
interface Tablet {
	memberId: string;
	cookie: string;
	socket: TestClient;
	secrets: Map<string, string>;
}

/** Upper-case hex: never contains a member id (`d0…`) or a choice word, so scans of Redis cannot match them by chance. */
const freshKey = () => randomBytes(10).toString('hex').toUpperCase();
const freshSecret = () => randomBytes(16).toString('hex').toUpperCase();

function secretOf(tablet: Tablet, voteId: string): string {
	let secret = tablet.secrets.get(voteId);
	if (!secret) tablet.secrets.set(voteId, (secret = freshSecret()));
	return secret;
}

function okData<T>(result: Result<T>, what: string): T {
	if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message.en}`);
	return result.data;
}

/** Sockets are typed for valid use; these tests also send what the types forbid. */
interface UntypedSocket {
	emitWithAck(event: string, ...args: unknown[]): Promise<Result<unknown>>;
}
const untyped = (socket: TestClient) => socket as unknown as UntypedSocket;

/** A press, answered within 5 s (a tablet whose socket is gone fails the test instead of hanging it). */
function press(tablet: Tablet, voteId: string, choice: VoteChoice, options: { key?: string; secret?: string } = {}): Promise<Result<VoteCastReply>> {
	return tablet.socket.timeout(5000).emitWithAck('vote:cast', { voteId, key: options.key ?? freshKey(), secret: options.secret ?? secretOf(tablet, voteId), choice });
}

async function pressOk(tablet: Tablet, voteId: string, choice: VoteChoice): Promise<VoteCastReply> {
	return okData(await press(tablet, voteId, choice), `${tablet.memberId} casts ${JSON.stringify(choice)}`);
}

/**
 * Settles with `promise`, or fails naming what did not happen instead of running into the test
 * timeout. Marked handled at once, so a test that fails before awaiting it reports only its own failure.
 */
function within<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
	});
	const settled = Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
	settled.catch(() => {});
	return settled;
}

/** The next `vote:state` on `socket` that satisfies `accept`; listen before acting. */
function nextVoteState(socket: TestClient, accept: (view: VoteView) => boolean, what: string, ms = 5000): Promise<VoteView> {
	let listener!: (view: VoteView) => void;
	const arrived = new Promise<VoteView>((resolve) => {
		listener = (view) => {
			if (accept(view)) resolve(view);
		};
		socket.on('vote:state', listener);
	});
	return within(arrived, what, ms).finally(() => socket.off('vote:state', listener));
}

/**
 * Every Redis key with its contents, read by type into a canonical form (a hash's fields sorted, since
 * a large hash's DUMP follows its table's iteration order, which rehashing changes without a write):
 * two equal snapshots mean nothing was written.
 */
async function redisState(redis: RedisClient, include: (key: string) => boolean = () => true): Promise<Record<string, string[]>> {
	const names = (await redis.keys('*')).filter(include).sort();
	const contents = await Promise.all(
		names.map(async (name) => {
			const type = await redis.type(name);
			const elements = await elementsOf(redis, name, type);
			return [`(${type})`, ...(type === 'hash' || type === 'set' ? elements.sort() : elements)];
		})
	);
	return Object.fromEntries(names.map((name, i) => [name, contents[i]!]));
}

/** Each element of a key on its own (a string, a hash field with its value, a sorted-set member with its score, a stream entry). */
async function elementsOf(redis: RedisClient, key: string, type?: string): Promise<string[]> {
	switch (type ?? (await redis.type(key))) {
		case 'string':
			return [(await redis.get(key)) ?? ''];
		case 'hash':
			return Object.entries(await redis.hGetAll(key)).map(([field, value]) => `${field}=${value}`);
		case 'zset':
			return (await redis.zRangeWithScores(key, 0, -1)).map(({ value, score }) => `${value} @${score}`);
		case 'set':
			return redis.sMembers(key);
		case 'list':
			return redis.lRange(key, 0, -1);
		case 'stream':
			return ((await redis.xRange(key, '-', '+')) ?? []).map((entry) => JSON.stringify(entry.message));
		default:
			throw new Error(`${key} has a type this test does not read`);
	}
}

interface LogEntry {
	action: string;
	data: Record<string, unknown>;
	actor: { role: string; id: string };
}

async function meetingLog(redis: RedisClient): Promise<LogEntry[]> {
	return ((await redis.xRange(keys.meetingLog(MEETING), '-', '+')) ?? []).map((e) => ({
		action: e.message.action!,
		data: JSON.parse(e.message.data!) as Record<string, unknown>,
		actor: JSON.parse(e.message.actor!) as LogEntry['actor']
	}));
}

async function logOf(redis: RedisClient, voteId: string): Promise<LogEntry[]> {
	return (await meetingLog(redis)).filter((e) => e.data.voteId === voteId);
}

/** A second application on the same Redis, as another server process would be: it holds nothing of its own. */
async function anotherApp(redisUrl: string): Promise<TestApp> {
	const redis = await connectRedis(redisUrl, 'wzt-test-b');
	const durability = await checkDurability(redis);
	const httpServer = createServer();
	const application = createApplication(httpServer, { redis, durability: () => durability, version: 'test', redisManaged: true });
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	const baseUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
	return {
		application,
		redis,
		redisUrl,
		baseUrl,
		async client(auth = { protocol: PROTOCOL_VERSION }) {
			const socket: TestClient = connectClient(baseUrl, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('connect_error', reject);
			});
			return socket;
		},
		async close() {
			await new Promise<void>((resolve) => application.io.close(() => resolve()));
			await redis.quit();
		}
	};
}

/** Tablets for `memberIds` (d001 reuses the tablet signInEveryRole paired), each joined to the demo meeting. */
async function pairTablets(app: TestApp, sockets: TestSockets, sessions: RoleSessions, memberIds: readonly string[]): Promise<Tablet[]> {
	const others = memberIds.filter((id) => id !== 'd001');
	const rows = dataOf(await callApi<PairingRow[]>(app, 'POST', `/meetings/${MEETING}/pairing/issue`, { cookie: sessions.clerk, json: { memberIds: others } }), 'issue codes');
	const cookies = new Map<string, string>([['d001', sessions.deputy]]);
	await Promise.all(
		rows
			.filter((r) => others.includes(r.memberId))
			.map(async (r) => {
				const answer = await pair(app, r.code!);
				dataOf(answer, `pair ${r.memberId}`);
				cookies.set(r.memberId, answer.cookie!);
			})
	);
	return Promise.all(
		memberIds.map(async (memberId) => {
			const cookie = cookies.get(memberId)!;
			const socket = await sockets.connect({ cookie });
			okData(await socket.emitWithAck('meeting:join', { meetingId: MEETING }), `join ${memberId}`);
			return { memberId, cookie, socket, secrets: new Map() };
		})
	);
}

/** A ballot marking `yes` on the given candidates and `no` on the rest. */
function marks(yes: readonly string[], candidates: readonly string[] = DEMO.candidates): { marks: Record<string, Mark> } {
	return { marks: Object.fromEntries(candidates.map((c) => [c, yes.includes(c) ? 'yes' : 'no'])) };
}

/**
 * What a broadcast carries of an outcome: walls and phones get the result without the receipt list (which
 * vote:sync publishes to everyone), so a close reaches the hall without 1,000 receipt codes per screen.
 */
function broadcastTo(role: Role, outcome: VoteOutcome | undefined): VoteOutcome | undefined {
	if (!outcome || (role !== 'screen' && role !== 'public')) return outcome;
	const { named: _named, ...rest } = outcome;
	return { ...rest, receipts: [] };
}

describe('votes in a running meeting', () => {
	let app: TestApp;
	let sockets: TestSockets;
	let sessions: RoleSessions;
	let host: TestClient;
	let clerk: TestClient;
	let screen: TestClient;
	let publicViewer: TestClient;
	let respondent: TestClient;
	/** d001 … d036, in id order; d001 … d034 signed in, d035 and d036 paired but not signed in. */
	let tablets: Tablet[];
	/** Who is signed in and has not left, kept by the test from what it did. */
	const present = new Set<string>();
	/** Every role's socket, with the role, for checks of what each is sent. */
	let watchers: { role: Role; socket: TestClient }[];

	const tablet = (memberId: string) => tablets.find((t) => t.memberId === memberId)!;

	/**
	 * Opens a fresh vote on an item. A result stands until annulled, and the service refuses another vote
	 * on a decided item, so the result an earlier test left on it is annulled first; a re-run (rerunOf)
	 * keeps it, as a re-vote among tied candidates must.
	 */
	async function open(itemId: string, settings: Partial<VoteSettings> = {}, extra: { rerunOf?: string; candidateIds?: string[] } = {}): Promise<string> {
		if (!extra.rerunOf) await annulStanding(itemId);
		return okData(await host.emitWithAck('vote:open', { itemId, settings, ...extra }), `open ${itemId}`).voteId;
	}

	async function annulStanding(itemId: string): Promise<void> {
		for (const v of okData(await host.emitWithAck('vote:sync', {}), 'sync')) {
			if (v.itemId === itemId && v.status === 'closed') okData(await host.emitWithAck('vote:annul', { voteId: v.id, reason: '测试：为下一次表决作废' }), 'annul the earlier result');
		}
	}

	/** Opens a vote and waits until every role has been sent it, as every screen has long before anyone votes. */
	async function openSeen(itemId: string, settings: Partial<VoteSettings> = {}, extra: { rerunOf?: string; candidateIds?: string[] } = {}): Promise<string> {
		const seen = watchers.map(({ role, socket }) => nextVoteState(socket, (v) => v.status === 'open' && v.itemId === itemId, `${role} told of the opening`));
		const voteId = await open(itemId, settings, extra);
		for (const view of await Promise.all(seen)) expect(view.id).toBe(voteId);
		return voteId;
	}

	async function viewAs(socket: TestClient, voteId: string): Promise<VoteView> {
		const view = okData(await socket.emitWithAck('vote:sync', {}), 'vote:sync').find((v) => v.id === voteId);
		if (!view) throw new Error(`vote ${voteId} is not in vote:sync`);
		return view;
	}

	beforeAll(async () => {
		app = await startTestApp();
		sockets = new TestSockets(app);
		sessions = await signInEveryRole(app);
		host = await sockets.connect(credentialsOf(sessions, 'host'));
		clerk = await sockets.connect(credentialsOf(sessions, 'clerk'));
		screen = await sockets.connect(credentialsOf(sessions, 'screen'));
		publicViewer = await sockets.connect(credentialsOf(sessions, 'public'));
		respondent = await sockets.connect(credentialsOf(sessions, 'respondent'));
		for (const s of [host, clerk, screen, publicViewer, respondent]) okData(await s.emitWithAck('meeting:join', { meetingId: MEETING }), 'join');
		tablets = await pairTablets(app, sockets, sessions, DEMO.memberIds);
		okData(await host.emitWithAck('sign-in:toggle', { open: true }), 'open sign-in');
		for (const t of tablets.slice(0, 34)) {
			okData(await t.socket.emitWithAck('sign-in:self', {}), `sign in ${t.memberId}`);
			present.add(t.memberId);
		}
		watchers = [
			{ role: 'host', socket: host },
			{ role: 'clerk', socket: clerk },
			{ role: 'screen', socket: screen },
			{ role: 'public', socket: publicViewer },
			{ role: 'respondent', socket: respondent },
			{ role: 'deputy', socket: tablets[0]!.socket }
		];
	});

	afterEach(async () => {
		// A failed test must not leave a vote open for the next one (only one may be open at a time).
		for (const v of okData(await host.emitWithAck('vote:sync', {}), 'sync')) {
			if (v.status === 'open') await host.emitWithAck('vote:close', { voteId: v.id });
		}
	});

	afterAll(async () => {
		sockets.closeAll();
		await app.close();
	});

	describe('a motion under "more than half of all members"', () => {
		it('passes with 19 yes of 36 members, computed at the close and pushed to every screen at once', async () => {
			const voteId = await openSeen(MOTION);
			// 19 yes, 5 no, 2 abstain; 8 of the 34 present press nothing.
			const choices = new Map<Tablet, Mark>();
			tablets.slice(0, 19).forEach((t) => choices.set(t, 'yes'));
			tablets.slice(19, 24).forEach((t) => choices.set(t, 'no'));
			tablets.slice(24, 26).forEach((t) => choices.set(t, 'abstain'));
			const replies = new Map<Tablet, VoteCastReply>();
			await Promise.all([...choices].map(async ([t, choice]) => replies.set(t, await pressOk(t, voteId, choice))));

			const pushed = watchers.map(({ role, socket }) => ({ role, view: nextVoteState(socket, (v) => v.id === voteId && v.status === 'closed', `${role} told of the close`) }));
			const closed = okData(await host.emitWithAck('vote:close', { voteId }), 'close');
			expect(closed.status).toBe('closed');
			expect(closed.closedBy).toBe('host');
			expect(closed.outcome?.result).toEqual({
				kind: 'motion',
				motion: { yes: 19, no: 5, abstain: 2, cast: 26, notPressed: 8, members: 36, present: 34, needed: MORE_THAN_HALF_OF_36, passed: true }
			});
			expect(closed.turnout).toEqual({ voted: 26, present: 34 });
			for (const { role, view } of pushed) {
				const seen = await view;
				expect(seen.revealed, role).toBe(true);
				expect(seen.outcome, role).toEqual(broadcastTo(role, closed.outcome));
			}

			// Every deputy finds their receipt, with what they chose, in the published list, which is in receipt order.
			const receipts = closed.outcome!.receipts;
			expect(receipts).toHaveLength(26);
			expect(receipts.map((r) => r.receipt)).toEqual(receipts.map((r) => r.receipt).sort());
			for (const [t, choice] of choices) {
				const reply = replies.get(t)!;
				expect(reply.receipt).toMatch(new RegExp(`^[${PAIRING_CODE_ALPHABET}]{10}$`));
				expect(receipts).toContainEqual({ receipt: reply.receipt, choice });
			}

			const log = await logOf(app.redis, voteId);
			expect(log.map((e) => e.action)).toEqual(['vote.opened', ...Array<string>(26).fill('vote.cast'), 'vote.closed', 'vote.result']);
		});

		it('does not pass with 18 yes of 36 members', async () => {
			const voteId = await open(MOTION);
			// 18 yes, 6 no, 3 abstain; 7 of the 34 present press nothing.
			await Promise.all([
				...tablets.slice(0, 18).map((t) => pressOk(t, voteId, 'yes')),
				...tablets.slice(18, 24).map((t) => pressOk(t, voteId, 'no')),
				...tablets.slice(24, 27).map((t) => pressOk(t, voteId, 'abstain'))
			]);
			const closed = okData(await host.emitWithAck('vote:close', { voteId }), 'close');
			expect(closed.outcome?.result).toEqual({
				kind: 'motion',
				motion: { yes: 18, no: 6, abstain: 3, cast: 27, notPressed: 7, members: 36, present: 34, needed: MORE_THAN_HALF_OF_36, passed: false }
			});
		});

		it('closes twice harmlessly and refuses a press after the close, changing nothing', async () => {
			const voteId = await open(MOTION);
			await pressOk(tablets[0]!, voteId, 'yes');
			const first = okData(await host.emitWithAck('vote:close', { voteId }), 'close');
			const before = await redisState(app.redis);
			const again = okData(await host.emitWithAck('vote:close', { voteId }), 'close again');
			expect(again.outcome).toEqual(first.outcome);
			expect(again.closedAt).toBe(first.closedAt);
			const late = await press(tablets[1]!, voteId, 'no');
			expect(late).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
			if (!late.ok) expect(late.error.message.zh).toContain('结束');
			expect(await redisState(app.redis)).toEqual(before);
			expect((await logOf(app.redis, voteId)).filter((e) => e.action === 'vote.closed')).toHaveLength(1);
		});
	});

	describe('the press policy and retried presses', () => {
		it('first press counts: a second press is refused and the first choice stands', async () => {
			const voteId = await open(MOTION, { press: 'first' });
			const [a] = tablets;
			const first = await pressOk(a!, voteId, 'yes');
			expect(first).toMatchObject({ voted: 1, changed: false, choice: 'yes' });
			const second = await press(a!, voteId, 'no');
			expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
			if (!second.ok) expect(second.error.message.en).toMatch(/first press/);
			const closed = okData(await host.emitWithAck('vote:close', { voteId }), 'close');
			expect(closed.outcome?.result).toMatchObject({ motion: { yes: 1, no: 0, abstain: 0, cast: 1 } });
			expect(closed.outcome?.receipts).toEqual([{ receipt: first.receipt, choice: 'yes' }]);
		});

		it('answers a retried press with its first answer and counts it once, also when the retries race', async () => {
			const voteId = await open(MOTION, { press: 'last' });
			const [a, b] = tablets;
			const key = freshKey();
			const headBefore = await app.redis.hGet(keys.meetingLogHead(MEETING), 'seq');
			// The tablet sends, hears nothing, sends again at once: both arrive together.
			const racing = await Promise.all([press(a!, voteId, 'yes', { key }), press(a!, voteId, 'yes', { key }), press(a!, voteId, 'yes', { key })]);
			const answer = okData(racing[0]!, 'first of the race');
			for (const r of racing) expect(r).toEqual({ ok: true, data: answer });
			// Later, the same key with another choice still gets the first answer: it is a retry, not a press.
			expect(await press(a!, voteId, 'no', { key })).toEqual({ ok: true, data: answer });
			expect(Number(await app.redis.hGet(keys.meetingLogHead(MEETING), 'seq'))).toBe(Number(headBefore) + 1);
			await pressOk(b!, voteId, 'abstain');
			const closed = okData(await host.emitWithAck('vote:close', { voteId }), 'close');
			expect(closed.outcome?.result).toMatchObject({ motion: { yes: 1, no: 0, abstain: 1, cast: 2 } });
			expect(closed.outcome?.voted).toBe(2);
			expect((await logOf(app.redis, voteId)).filter((e) => e.action === 'vote.cast')).toHaveLength(2);
		});

		it('last press counts: the tally moves with a change and the turnout does not; only the tablet holding the ballot can change it', async () => {
			const voteId = await open(MOTION, { press: 'last' });
			const [a, b] = tablets;
			const firstA = await pressOk(a!, voteId, 'yes');
			await pressOk(b!, voteId, 'no');
			const changed = await pressOk(a!, voteId, 'no');
			expect(changed).toMatchObject({ changed: true, voted: 2, receipt: firstA.receipt, choice: 'no' });
			expect((await viewAs(host, voteId)).turnout.voted).toBe(2);
			// A tablet that does not hold the earlier ballot (another secret) cannot change it.
			const stranger = await press(a!, voteId, 'abstain', { secret: freshSecret() });
			expect(stranger).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
			const closed = okData(await host.emitWithAck('vote:close', { voteId }), 'close');
			expect(closed.outcome?.result).toMatchObject({ motion: { yes: 0, no: 2, abstain: 0, cast: 2 } });
			expect(closed.outcome?.receipts).toContainEqual({ receipt: firstA.receipt, choice: 'no' });
			expect(closed.outcome?.receipts).toHaveLength(2);
		});

		it('never hands one deputy another deputy’s receipt and choice for a reused key, and counts both presses', async () => {
			const voteId = await open(MOTION, { anonymous: true, press: 'first' });
			const [a, b] = tablets;
			const key = freshKey();
			const aReply = okData(await press(a!, voteId, 'yes', { key }), 'a presses');
			// b's tablet happens to make the same key: it is not a retry of b's press.
			const bReply = await press(b!, voteId, 'no', { key });
			if (bReply.ok) {
				expect(bReply.data.receipt).not.toBe(aReply.receipt);
				expect(bReply.data.choice).toBe('no');
			} else {
				expect(bReply.error.code).toBe('CONFLICT');
				await pressOk(b!, voteId, 'no');
			}
			const closed = okData(await host.emitWithAck('vote:close', { voteId }), 'close');
			expect(closed.outcome?.result).toMatchObject({ motion: { yes: 1, no: 1, cast: 2 } });
		});
	});

	describe('what each role is sent', () => {
		it('keeps a secret rating’s result from all but staff while open and until it is announced; staff get it at the close', async () => {
			const states: { role: Role; view: VoteView }[] = [];
			const turnouts: { role: Role; turnout: VoteTurnout }[] = [];
			const stop = watchers.map(({ role, socket }) => {
				const onState = (view: VoteView) => states.push({ role, view });
				const onTurnout = (turnout: VoteTurnout) => turnouts.push({ role, turnout });
				socket.on('vote:state', onState);
				socket.on('vote:turnout', onTurnout);
				return () => {
					socket.off('vote:state', onState);
					socket.off('vote:turnout', onTurnout);
				};
			});
			try {
				const voteId = await openSeen(RATING, { reveal: 'on-announce' });

				// A rating ballot holds exactly one grade: anything else is refused and changes nothing.
				const before = await redisState(app.redis);
				for (const choice of ['yes', ['satisfied', 'unsatisfied'], { marks: { c1: 'yes' } }, 'very-satisfied']) {
					const reply = await untyped(tablets[0]!.socket).emitWithAck('vote:cast', { voteId, key: freshKey(), secret: freshSecret(), choice });
					expect(reply, JSON.stringify(choice)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
				}
				expect(await redisState(app.redis)).toEqual(before);

				// 10 满意, 9 基本满意, 5 不满意, 2 弃权.
				const grades = [...Array<string>(10).fill('satisfied'), ...Array<string>(9).fill('basically-satisfied'), ...Array<string>(5).fill('unsatisfied'), ...Array<string>(2).fill('abstain')];
				await Promise.all(grades.map((g, i) => pressOk(tablets[i]!, voteId, g as VoteChoice)));

				// While open, screens show the turnout, and nobody the tally.
				await eventually(() => turnouts.some(({ role, turnout }) => role === 'screen' && turnout.voteId === voteId && turnout.voted === 26), 5000, 'the wall shown 26 votes');
				for (const { role, socket } of watchers) {
					const view = await viewAs(socket, voteId);
					expect(view.status, role).toBe('open');
					expect(view.revealed, role).toBe(false);
					expect(view.outcome, role).toBeUndefined();
					expect(view.turnout, role).toEqual({ voted: 26, present: present.size });
				}

				const atClose = watchers.map(({ role, socket }) => ({ role, view: nextVoteState(socket, (v) => v.id === voteId && v.status === 'closed', `${role} told of the close`) }));
				const closed = okData(await host.emitWithAck('vote:close', { voteId }), 'close');
				// Measured against all 36 members: 满意 10 is not more than 18; 满意 + 基本满意 = 19 is.
				const rating = { satisfied: 10, basicallySatisfied: 9, unsatisfied: 5, abstain: 2, cast: 26, denominator: 36, grade: 'basically-satisfied', satisfiedShare: 19 / 36 };
				expect(closed.outcome?.result).toEqual({ kind: 'rating', rating });
				for (const { role, view } of atClose) {
					const seen = await view;
					expect(seen.revealed, role).toBe(false);
					if ((STAFF_ROLES as readonly Role[]).includes(role)) expect(seen.outcome, role).toEqual(closed.outcome);
					else expect(seen.outcome, role).toBeUndefined();
					const synced = await viewAs(watchers.find((w) => w.role === role)!.socket, voteId);
					expect(synced.outcome, `${role} vote:sync`).toEqual(seen.outcome);
				}

				const atAnnouncement = watchers.map(({ role, socket }) => ({ role, view: nextVoteState(socket, (v) => v.id === voteId && v.announcedAt !== null, `${role} told of the announcement`) }));
				okData(await host.emitWithAck('vote:announce', { voteId }), 'announce');
				for (const { role, view } of atAnnouncement) {
					const seen = await view;
					expect(seen.revealed, role).toBe(true);
					expect(seen.outcome, role).toEqual(broadcastTo(role, closed.outcome));
					// The receipt list is published to everyone through vote:sync.
					const synced = await viewAs(watchers.find((w) => w.role === role)!.socket, voteId);
					expect(synced.outcome, `${role} vote:sync`).toEqual(closed.outcome);
				}
				expect(await host.emitWithAck('vote:announce', { voteId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

				// Nothing sent before the announcement carried the result to anyone but staff.
				const unannounced = states.filter(({ role, view }) => view.id === voteId && view.announcedAt === null && !(STAFF_ROLES as readonly Role[]).includes(role));
				expect(unannounced.length).toBeGreaterThanOrEqual(2 * 4);
				for (const { role, view } of unannounced) {
					expect(view.outcome, role).toBeUndefined();
					expect(view.manual, role).toBeUndefined();
				}
				for (const { turnout } of turnouts) expect(Object.keys(turnout).sort()).toEqual(['meetingId', 'present', 'voteId', 'voted']);
			} finally {
				for (const off of stop) off();
			}
		});

		it('never shows a role a closed vote without its result, in vote:sync or in what it is sent, nor an older view after a newer one', async () => {
			const seen = new Map<Role, VoteView[]>(watchers.map(({ role }) => [role, []]));
			const stop = watchers.map(({ role, socket }) => {
				const onState = (view: VoteView) => seen.get(role)!.push(view);
				socket.on('vote:state', onState);
				return () => socket.off('vote:state', onState);
			});
			try {
				const voteIds: string[] = [];
				const synced: { role: Role; view: VoteView | undefined }[] = [];
				// A host who opens a vote, closes it at once and annuls it (a mistake, put right), again and
				// again, while the wall and a phone ask for the votes as the close happens. The race is not
				// certain in any one round; in 120 rounds it shows.
				for (let i = 0; i < 120; i++) {
					const voteId = await open(MOTION);
					const [closed, wall, phone] = await Promise.all([
						host.emitWithAck('vote:close', { voteId }),
						screen.emitWithAck('vote:sync', {}),
						publicViewer.emitWithAck('vote:sync', {})
					]);
					okData(closed, 'close');
					synced.push({ role: 'screen', view: okData(wall, 'sync').find((v) => v.id === voteId) }, { role: 'public', view: okData(phone, 'sync').find((v) => v.id === voteId) });
					okData(await host.emitWithAck('vote:annul', { voteId, reason: '误操作，作废' }), 'annul');
					voteIds.push(voteId);
				}
				// Each change is sent once to each role: the opening, the close and the annulment.
				await eventually(() => watchers.every(({ role }) => voteIds.every((id) => seen.get(role)!.filter((v) => v.id === id).length === 3)), 10_000, 'every view sent');
				const wrong: string[] = [];
				for (const { role, view } of synced) if (view?.status === 'closed' && !view.outcome) wrong.push(`${role} vote:sync: ${view.id} closed without its result`);
				for (const { role } of watchers) {
					for (const id of voteIds) {
						const views = seen.get(role)!.filter((v) => v.id === id);
						for (const v of views) if (v.status === 'closed' && !v.outcome) wrong.push(`${role} sent ${id} closed without its result`);
						if (views.at(-1)?.status !== 'annulled') wrong.push(`${role} sent ${id} ${views.at(-1)?.status} after it was annulled`);
					}
				}
				expect(wrong).toEqual([]);
			} finally {
				for (const off of stop) off();
			}
		});
	});

	describe('who may cast', () => {
		it('takes presses only from signed-in deputies, and only from the tablet paired last', async () => {
			const voteId = await openSeen(MOTION);
			const before = await redisState(app.redis);
			expect(await press(tablet('d035'), voteId, 'yes'), 'paired but not signed in').toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
			for (const { role, socket } of watchers.filter((w) => w.role !== 'deputy')) {
				const reply = await untyped(socket).emitWithAck('vote:cast', { voteId, key: freshKey(), secret: freshSecret(), choice: 'yes' });
				expect(reply, role).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
			}
			expect(await redisState(app.redis)).toEqual(before);

			okData(await clerk.emitWithAck('roll:record', { memberId: 'd034', action: 'depart' }), 'd034 leaves');
			present.delete('d034');
			expect(await press(tablet('d034'), voteId, 'yes'), 'left the hall').toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

			// d033's tablet is replaced: the old one is cut off and its session refused; the new one votes.
			const old = tablet('d033');
			const cutOff = new Promise((resolve) => old.socket.once('disconnect', resolve));
			const cookie = await pairDeputy(app, sessions.clerk, 'd033');
			await within(cutOff, 'the old tablet cut off');
			const socket = await sockets.connect({ cookie });
			okData(await socket.emitWithAck('meeting:join', { meetingId: MEETING }), 'join');
			tablets[tablets.indexOf(old)] = { memberId: 'd033', cookie, socket, secrets: new Map() };
			// The old tablet's session is over: it comes back as a member of the public, who cannot vote.
			const stale = await sockets.connect({ cookie: old.cookie });
			expect(okData(await stale.emitWithAck('meeting:join', { meetingId: MEETING }), 'join').role).toBe('public');
			expect(await press({ ...old, socket: stale }, voteId, 'yes'), 'the replaced tablet').toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
			await pressOk(tablet('d033'), voteId, 'yes');

			const closed = okData(await host.emitWithAck('vote:close', { voteId }), 'close');
			expect(closed.outcome?.result).toMatchObject({ motion: { yes: 1, no: 0, abstain: 0, cast: 1, present: 33, notPressed: 32 } });
		});
	});

	describe('project ballots', () => {
		let tieVoteId: string;

		it('refuses malformed presses and invalid ballots with BAD_REQUEST, changing nothing', async () => {
			const voteId = await openSeen(BALLOT);
			const t = tablets[0]!;
			const all = marks(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
			const good = { voteId, key: freshKey(), secret: secretOf(t, voteId), choice: all };
			const { c8: _left, ...sevenMarked } = all.marks;
			const { key: _key, ...noKey } = good;
			const { choice: _choice, ...noChoice } = good;
			const before = await redisState(app.redis);
			// What each press is, what it sends, and what its refusal must name (the seats; the candidates unmarked).
			const casts: [string, unknown, string?][] = [
				['7 yes for 6 seats', { ...good, choice: marks(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']) }, '6'],
				['a candidate left unmarked', { ...good, choice: { marks: sevenMarked } }, '1'],
				['a candidate not on the ballot', { ...good, choice: { marks: { ...all.marks, c9: 'no' } } }],
				['a mark that is no mark', { ...good, choice: { marks: { ...all.marks, c1: 'maybe' } } }],
				['a motion’s choice', { ...good, choice: 'yes' }],
				['a rating’s choice', { ...good, choice: 'satisfied' }],
				['no key', noKey],
				['a key too short', { ...good, key: 'SHORT' }],
				['a secret too short', { ...good, secret: 'ABC123' }],
				['a field the schema does not have', { ...good, memberId: 'd002' }],
				['no choice', noChoice],
				['a vote id that is no id', { ...good, voteId: 'no such vote' }],
				['not an object', 'yes']
			];
			for (const [what, payload, mentions] of casts) {
				const reply = await untyped(t.socket).emitWithAck('vote:cast', payload);
				expect(reply, what).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
				if (reply.ok) continue;
				expect(reply.error.message.zh.length * reply.error.message.en.length, what).toBeGreaterThan(0);
				if (mentions) expect(reply.error.message.zh, what).toContain(mentions);
			}
			const hostCommands: [string, unknown][] = [
				['vote:open', { itemId: MOTION, settings: { durationSeconds: 5 } }],
				['vote:open', { itemId: MOTION, settings: { secret: true } }],
				['vote:annul', { voteId, reason: 'x' }],
				['vote:manual', { voteId, reason: '', counts: { yes: 1, no: 0, abstain: 0 } }],
				['vote:manual', { voteId, reason: '表决器故障', counts: { yes: -1, no: 0, abstain: 0 } }],
				['vote:manual', { voteId, reason: '表决器故障', counts: { yes: 1, no: 0, abstain: 0 } }],
				['vote:manual', { voteId, reason: '表决器故障', counts: { candidates: Object.fromEntries(DEMO.candidates.map((c) => [c, { yes: 30, no: 7, abstain: 0 }])) } }],
				['vote:close', { voteId: 42 }]
			];
			for (const [event, payload] of hostCommands) {
				expect(await untyped(host).emitWithAck(event, payload), `${event} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
			}
			expect(await redisState(app.redis)).toEqual(before);
			// The ballot those refusals spared is still open and counts a valid one.
			expect(okData(await untyped(t.socket).emitWithAck('vote:cast', good) as Result<VoteCastReply>, 'a valid ballot').voted).toBe(1);
		});

		it('elects by 赞成 over half of all members, ranked, and reports a tie at the cut-off', async () => {
			tieVoteId = await openSeen(BALLOT);
			const top = ['c1', 'c2', 'c3', 'c4', 'c5'];
			// 7 ballots each: yes on c1–c5 and one of c6, c7, c8; then 12 ballots: yes on c6, c7 and c8 only.
			// c1–c5: 21 yes, 12 no. c6, c7, c8: 7 + 12 = 19 yes, 14 no. More than half of 36 is 19, so eight
			// qualify for six seats: c1–c5 are elected, and c6–c8 tie for the one seat left.
			const ballots = [...Array(7).fill(marks([...top, 'c6'])), ...Array(7).fill(marks([...top, 'c7'])), ...Array(7).fill(marks([...top, 'c8'])), ...Array(12).fill(marks(['c6', 'c7', 'c8']))] as VoteChoice[];
			await Promise.all(ballots.map((b, i) => pressOk(tablets[i]!, tieVoteId, b)));
			const closed = okData(await host.emitWithAck('vote:close', { voteId: tieVoteId }), 'close');
			const winner = (id: string) => ({ id, yes: 21, no: 12, abstain: 0, rank: 1, overHalf: true, elected: true, tied: false });
			const tied = (id: string) => ({ id, yes: 19, no: 14, abstain: 0, rank: 6, overHalf: true, elected: false, tied: true });
			expect(closed.outcome?.result).toEqual({
				kind: 'ballot',
				ballot: {
					ranked: [...top.map(winner), ...['c6', 'c7', 'c8'].map(tied)],
					seats: 6,
					members: 36,
					needed: MORE_THAN_HALF_OF_36,
					elected: top,
					tie: { candidateIds: ['c6', 'c7', 'c8'], seats: 1 }
				}
			});
			expect(closed.outcome?.voted).toBe(33);
		});

		// The seats come from the tie of the vote it re-runs (1 here), not from the item (6) or the
		// number of candidates less one (2): two 赞成 must not be able to elect two for one seat.
		it('re-runs the ballot among the tied candidates for the seats the tie left', async () => {
			const rerun = await openSeen(BALLOT, {}, { rerunOf: tieVoteId, candidateIds: ['c6', 'c7', 'c8'] });
			const view = await viewAs(publicViewer, rerun);
			expect(view.rerunOf).toBe(tieVoteId);
			expect(view.candidates.map((c) => c.id)).toEqual(['c6', 'c7', 'c8']);
			expect(view.seats).toBe(1);
			const two = await press(tablets[0]!, rerun, marks(['c6', 'c7'], ['c6', 'c7', 'c8']));
			expect(two).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
		});
	});

	describe('named votes, counts by hand, annulment and re-runs', () => {
		it('publishes who chose what in a named vote, and logs each choice', async () => {
			const voteId = await openSeen(MOTION, { anonymous: false });
			const pressed: [string, Mark][] = [
				['d003', 'yes'],
				['d001', 'no'],
				['d002', 'abstain']
			];
			for (const [memberId, choice] of pressed) await pressOk(tablet(memberId), voteId, choice);
			okData(await host.emitWithAck('vote:close', { voteId }), 'close');
			const published = await viewAs(publicViewer, voteId);
			expect(published.outcome?.named).toEqual([
				{ memberId: 'd001', choice: 'no' },
				{ memberId: 'd002', choice: 'abstain' },
				{ memberId: 'd003', choice: 'yes' }
			]);
			const casts = (await logOf(app.redis, voteId)).filter((e) => e.action === 'vote.cast');
			expect(casts.map((e) => [e.data.memberId, e.data.choice])).toEqual(pressed);
		});

		it('records a count by hand with its reason when devices fail, and shows it to everyone', async () => {
			const voteId = await openSeen(MOTION);
			await pressOk(tablets[0]!, voteId, 'yes');
			const reason = '表决器故障，改为举手表决';
			const onWall = nextVoteState(screen, (v) => v.id === voteId && v.manual !== undefined, 'the wall shown the count by hand');
			okData(await host.emitWithAck('vote:manual', { voteId, reason, counts: { yes: 20, no: 8, abstain: 3 } }), 'count by hand');
			const wall = await onWall;
			// 20 yes is more than half of 36; 31 counted of the 33 present.
			expect(wall.manual?.result).toEqual({ kind: 'motion', motion: { yes: 20, no: 8, abstain: 3, cast: 31, notPressed: 2, members: 36, present: 33, needed: MORE_THAN_HALF_OF_36, passed: true } });
			expect(wall.manual?.manual?.reason).toBe(reason);
			expect(wall.status).toBe('closed');
			expect(wall.revealed).toBe(true);
			expect((await viewAs(publicViewer, voteId)).manual).toEqual(wall.manual);
			const logged = (await logOf(app.redis, voteId)).find((e) => e.action === 'vote.counted-by-hand');
			expect(logged?.data.reason).toBe(reason);
			expect(await host.emitWithAck('vote:manual', { voteId, reason, counts: { yes: 1, no: 0, abstain: 0 } })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
			expect(wall.closedAt).toEqual(expect.any(Number));
		});

		it('changes nothing when a vote counted by hand is closed again', async () => {
			const voteId = await openSeen(MOTION);
			await pressOk(tablets[0]!, voteId, 'yes');
			okData(await host.emitWithAck('vote:manual', { voteId, reason: '表决器故障，改为举手表决', counts: { yes: 20, no: 8, abstain: 3 } }), 'count by hand');
			const before = await redisState(app.redis);
			await host.emitWithAck('vote:close', { voteId });
			expect(await redisState(app.redis)).toEqual(before);
		});

		it('annuls a vote with its reason, refuses presses and a close after it, and runs it again', async () => {
			const voteId = await openSeen(MOTION);
			await pressOk(tablets[0]!, voteId, 'yes');
			await pressOk(tablets[1]!, voteId, 'no');
			const reason = '表决器显示异常，本次表决作废';
			const onPhone = nextVoteState(publicViewer, (v) => v.id === voteId && v.status === 'annulled', 'the public told of the annulment');
			okData(await host.emitWithAck('vote:annul', { voteId, reason }), 'annul');
			const seen = await onPhone;
			expect(seen.annulled).toEqual({ reason, at: expect.any(Number) });
			expect(seen.outcome).toBeUndefined();
			expect(await press(tablets[2]!, voteId, 'yes')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
			expect(await host.emitWithAck('vote:close', { voteId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
			expect(await host.emitWithAck('vote:annul', { voteId, reason })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
			expect((await logOf(app.redis, voteId)).find((e) => e.action === 'vote.annulled')?.data.reason).toBe(reason);

			const rerun = await openSeen(MOTION, {}, { rerunOf: voteId });
			// Those who voted in the annulled vote vote afresh.
			await pressOk(tablets[0]!, rerun, 'no');
			const closed = okData(await host.emitWithAck('vote:close', { voteId: rerun }), 'close the re-run');
			expect(closed.outcome?.result).toMatchObject({ motion: { yes: 0, no: 1, abstain: 0, cast: 1 } });
			const listed = okData(await publicViewer.emitWithAck('vote:sync', {}), 'sync');
			expect(listed.find((v) => v.id === voteId)).toMatchObject({ status: 'annulled', annulled: { reason } });
			expect(listed.find((v) => v.id === rerun)).toMatchObject({ status: 'closed', rerunOf: voteId, revealed: true });
			// The re-run's result stands: the item is not voted on again unless it is annulled.
			expect(await host.emitWithAck('vote:open', { itemId: MOTION, settings: {} })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
		});
	});

	describe('a vote with a duration', () => {
		it('is annulled at once, and the host told, when its close cannot be scheduled', async () => {
			const votes = app.application.services.votes;
			const schedule = votes.scheduleClose;
			votes.scheduleClose = () => Promise.reject(new Error('the job queue is down'));
			await annulStanding(RATING);
			let reply: Result<{ voteId: string }>;
			try {
				reply = await host.emitWithAck('vote:open', { itemId: RATING, settings: { durationSeconds: 60 } });
			} finally {
				votes.scheduleClose = schedule;
			}
			expect(reply).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
			// Not left open without a close: it stands annulled, and the next vote can be opened.
			const timed = okData(await host.emitWithAck('vote:sync', {}), 'sync').filter((v) => v.itemId === RATING && v.settings.durationSeconds === 60);
			expect(timed.map((v) => v.status)).toEqual(['annulled']);
			expect(timed[0]!.annulled?.reason).toEqual(expect.any(String));
			await open(RATING);
		});
	});

	describe('an anonymous vote, as stored and published', () => {
		const MEMBER = /(?<![A-Za-z0-9])d0\d\d(?![A-Za-z0-9])/;
		const CHOICE = /(?<![A-Za-z0-9])(yes|no|abstain)(?![A-Za-z0-9])/;
		let voteId: string;
		/** A known order of casting that is neither the order of ids nor its reverse. */
		let castOrder: string[];
		const truth = new Map<string, Mark>();
		const replies = new Map<string, VoteCastReply>();
		let outcome: VoteView['outcome'];
		/** What the vote wrote: each changed key with the elements it did not hold before. */
		const written = new Map<string, string[]>();

		beforeAll(async () => {
			const before = await redisState(app.redis);
			voteId = await openSeen(MOTION, { anonymous: true, press: 'first' });
			castOrder = Array.from({ length: 20 }, (_, i) => DEMO.memberIds[(i * 13 + 16) % 33]!);
			const choices: Mark[] = ['no', 'yes', 'abstain', 'yes', 'yes'];
			const allCounted = new Promise<void>((resolve) => screen.on('vote:turnout', (t) => t.voteId === voteId && t.voted === castOrder.length && resolve()));
			for (const [i, memberId] of castOrder.entries()) {
				truth.set(memberId, choices[i % choices.length]!);
				replies.set(memberId, await pressOk(tablet(memberId), voteId, truth.get(memberId)!));
			}
			// The last turnout and the close reach every role before the tests (and then the app) finish.
			await within(allCounted, 'the wall shown every vote');
			const told = watchers.map(({ role, socket }) => nextVoteState(socket, (v) => v.id === voteId && v.status === 'closed', `${role} told of the close`));
			outcome = okData(await host.emitWithAck('vote:close', { voteId }), 'close').outcome;
			await Promise.all(told);
			const after = await redisState(app.redis);
			// Each snapshot starts with the key's type; the rest are its elements.
			for (const [key, [, ...elements]] of Object.entries(after)) {
				const earlier = new Set(before[key]?.slice(1));
				const added = elements.filter((e) => !earlier.has(e));
				if (added.length > 0) written.set(key, added);
			}
		});

		it('keeps no key and no value that holds both a deputy and a choice', () => {
			// Not vacuous: the vote wrote its ballots, and the patterns find ids and choices where they are.
			for (const key of [keys.voteVoters(voteId), keys.voteChoices(voteId), keys.voteTally(voteId), keys.voteStatus(voteId), keys.meetingLog(MEETING)]) expect([...written.keys()]).toContain(key);
			expect(written.get(keys.voteVoters(voteId))!.every((e) => MEMBER.test(e))).toBe(true);
			expect(written.get(keys.voteChoices(voteId))!.every((e) => CHOICE.test(e))).toBe(true);
			for (const [key, elements] of written) {
				expect(MEMBER.test(key) && CHOICE.test(key), key).toBe(false);
				for (const e of elements) expect(MEMBER.test(e) && CHOICE.test(e), `${key}: ${e}`).toBe(false);
			}
		});

		it('stores who voted and what was chosen each in an order of its own contents, never in the order of casting', async () => {
			const voters = await app.redis.zRangeWithScores(keys.voteVoters(voteId), 0, -1);
			expect(voters.map((v) => v.value)).toEqual([...castOrder].sort());
			expect(voters.map((v) => v.value)).not.toEqual(castOrder);
			expect(new Set(voters.map((v) => v.score))).toEqual(new Set([0]));
			const choices = await app.redis.zRangeWithScores(keys.voteChoices(voteId), 0, -1);
			const storedReceipts = choices.map((c) => c.value.split('|')[0]!);
			expect(storedReceipts).toEqual(castOrder.map((m) => replies.get(m)!.receipt).sort());
			expect(storedReceipts).not.toEqual(castOrder.map((m) => replies.get(m)!.receipt));
			expect(new Set(choices.map((c) => c.score))).toEqual(new Set([0]));
		});

		it('logs that each deputy voted, never what they chose', async () => {
			const casts = (await app.redis.xRange(keys.meetingLog(MEETING), '-', '+'))!.filter((e) => e.message.action === 'vote.cast' && (JSON.parse(e.message.data!) as { voteId: string }).voteId === voteId);
			expect(casts.map((e) => (JSON.parse(e.message.data!) as { memberId: string }).memberId)).toEqual(castOrder);
			for (const e of casts) {
				expect(JSON.parse(e.message.data!)).not.toHaveProperty('choice');
				expect(CHOICE.test(JSON.stringify(e.message)), JSON.stringify(e.message)).toBe(false);
			}
		});

		it('publishes every receipt with its choice, so each deputy finds theirs, and nothing of who cast it', () => {
			expect(outcome?.receipts).toHaveLength(castOrder.length);
			for (const memberId of castOrder) expect(outcome?.receipts).toContainEqual({ receipt: replies.get(memberId)!.receipt, choice: truth.get(memberId) });
			expect(outcome?.named).toBeUndefined();
			expect(MEMBER.test(JSON.stringify(outcome))).toBe(false);
		});

		it('leaves nothing from which the order of casting, and so who chose what, can be rebuilt', async () => {
			const logged = (await logOf(app.redis, voteId)).filter((e) => e.action === 'vote.cast').map((e) => e.data.memberId as string);
			// An ack entry is `hash of the key|receipt|"choice":…,"changed":…`: nothing in it orders it.
			const entries = await app.redis.zRange(keys.voteAcks(voteId), 0, -1);
			const acks = entries.map((m) => JSON.parse(`{${m.split('|').slice(2).join('|')}}`) as { voted?: number; choice: Mark });
			expect(acks.every((a) => a.voted === undefined)).toBe(true);
			const rebuilt = new Map(logged.map((memberId, i) => [memberId, acks.find((a) => a.voted === i + 1)?.choice]));
			expect(rebuilt).not.toEqual(truth);
		});
	});
});

describe('the deadline, kept by the job queue of whichever app is running', () => {
	// The opening app's clock runs 7 s behind Redis's: the vote's 10 s fall due 3 s after it opens by
	// Redis's clock (which the scripts use), while that app still counts 10.
	const SKEW_MS = 7_000;
	let first: TestApp | undefined;
	let second: TestApp | undefined;
	const queues: JobQueue[] = [];
	const socketSets: TestSockets[] = [];

	afterAll(async () => {
		for (const q of queues) await q.close();
		for (const s of socketSets) s.closeAll();
		await first?.close().catch(() => {});
		await second?.close();
	});

	/** The job's handler as server.ts registers it, calling the votes of the app it runs in. */
	const closeJob = (app: TestApp) => async ({ meetingId, voteId }: { meetingId: string; voteId: string }) => {
		await app.application.services.votes.close(meetingId, voteId, 'deadline', null);
	};

	it('refuses presses once the deadline passes by Redis’s clock, and closes by the job in another app after the opening one has gone; a second run changes nothing', async () => {
		first = await startTestApp({ now: () => Date.now() - SKEW_MS });
		const a = first;
		const socketsA = new TestSockets(a);
		socketSets.push(socketsA);
		const sessions = await signInEveryRole(a);
		const jobsA = await startJobQueue(a.redisUrl, { 'system:heartbeat': async () => {}, 'vote:close': closeJob(a) }, { heartbeatEveryMs: 3_600_000 });
		queues.push(jobsA);
		// As server.ts schedules it (the next describe checks the server's own wiring).
		a.application.services.votes.scheduleClose = (meetingId, voteId, at) =>
			jobsA.enqueue('vote:close', { meetingId, voteId }, { delayMs: Math.max(0, at - Date.now()), jobId: `vote-close-${voteId}`, attempts: 20 });

		const hostA = await socketsA.connect(credentialsOf(sessions, 'host'));
		okData(await hostA.emitWithAck('meeting:join', { meetingId: MEETING }), 'join');
		okData(await hostA.emitWithAck('sign-in:toggle', { open: true }), 'open sign-in');
		const cookies = [sessions.deputy, ...(await Promise.all(['d002', 'd003', 'd004'].map((id) => pairDeputy(a, sessions.clerk, id))))];
		const deputiesA = await Promise.all(cookies.map((cookie) => socketsA.connect({ cookie })));
		for (const d of deputiesA) {
			okData(await d.emitWithAck('meeting:join', { meetingId: MEETING }), 'join');
			okData(await d.emitWithAck('sign-in:self', {}), 'sign in');
		}
		const voteId = okData(await hostA.emitWithAck('vote:open', { itemId: MOTION, settings: { durationSeconds: 10 } }), 'open').voteId;
		// Heard before the app goes, so its last turnout message is not left to a closed connection.
		const turnoutOf3 = new Promise<void>((resolve) => hostA.on('vote:turnout', (t) => t.voted === 3 && resolve()));
		const secrets = cookies.map(() => freshSecret());
		const cast = (socket: TestClient, i: number, choice: Mark) => socket.emitWithAck('vote:cast', { voteId, key: freshKey(), secret: secrets[i]!, choice });
		okData(await cast(deputiesA[0]!, 0, 'yes'), 'd001');
		okData(await cast(deputiesA[1]!, 1, 'yes'), 'd002');
		okData(await cast(deputiesA[2]!, 2, 'no'), 'd003');

		await within(turnoutOf3, 'the turnout of 3 sent');
		// The app that opened the vote goes, its worker with it, before the deadline.
		await jobsA.close();
		queues.splice(queues.indexOf(jobsA), 1);
		socketsA.closeAll();
		await a.close();
		first = undefined;

		const b = (second = await anotherApp(a.redisUrl));
		const socketsB = new TestSockets(b);
		socketSets.push(socketsB);
		const [hostB, screenB, lateDeputy] = await Promise.all([socketsB.connect(credentialsOf(sessions, 'host')), socketsB.connect(credentialsOf(sessions, 'screen')), socketsB.connect({ cookie: cookies[3]! })]);
		for (const s of [hostB, screenB, lateDeputy]) okData(await s.emitWithAck('meeting:join', { meetingId: MEETING }), 'join');
		const { deadline, openedAt } = okData(await hostB.emitWithAck('vote:sync', {}), 'sync').find((v) => v.id === voteId)!;
		expect(deadline! - openedAt).toBe(10_000);

		const redisNow = async () => {
			const [seconds, micros] = (await b.redis.sendCommand(['TIME'])) as [string, string];
			return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
		};
		await eventually(async () => (await redisNow()) >= deadline!, 8000, 'the deadline passed by Redis’s clock');
		// No worker runs: the vote is still open, but the cast script keeps the deadline itself.
		expect(await cast(lateDeputy, 3, 'no')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
		expect(okData(await hostB.emitWithAck('vote:sync', {}), 'sync').find((v) => v.id === voteId)?.status).toBe('open');

		const onWall = nextVoteState(screenB, (v) => v.id === voteId && v.status === 'closed', 'the wall told of the close', 10_000);
		const jobsB = await startJobQueue(b.redisUrl, { 'system:heartbeat': async () => {}, 'vote:close': closeJob(b) }, { heartbeatEveryMs: 3_600_000 });
		queues.push(jobsB);
		const wall = await onWall;
		expect(wall.closedBy).toBe('deadline');
		expect(wall.closedAt).toBeGreaterThanOrEqual(deadline!);
		// 2 yes, 1 no of 36 members; 4 present, 1 pressed nothing (in time).
		expect(wall.outcome?.result).toEqual({ kind: 'motion', motion: { yes: 2, no: 1, abstain: 0, cast: 3, notPressed: 1, members: 36, present: 4, needed: MORE_THAN_HALF_OF_36, passed: false } });
		const closedEntry = (await logOf(b.redis, voteId)).find((e) => e.action === 'vote.closed');
		expect(closedEntry).toMatchObject({ actor: { role: 'system' }, data: { by: 'deadline' } });

		// The job again (a retry, or a second worker): nothing changes.
		const ours = (key: string) => !key.startsWith('wzt:bull:');
		const before = await redisState(b.redis, ours);
		const events = new QueueEvents(jobsB.queue.name, { connection: jobsB.queue.opts.connection, prefix: jobsB.queue.opts.prefix });
		try {
			await events.waitUntilReady();
			const again = await jobsB.queue.add('vote:close', { meetingId: MEETING, voteId });
			await again.waitUntilFinished(events, 10_000);
		} finally {
			await events.close();
		}
		expect(await redisState(b.redis, ours)).toEqual(before);
	});
});

describe('the deadline job as the server schedules it', () => {
	let realtime: Realtime | undefined;
	let httpServer: ReturnType<typeof createServer> | undefined;
	let jobs: JobQueue | undefined;
	let sockets: TestSockets | undefined;

	afterAll(async () => {
		sockets?.closeAll();
		await jobs?.close();
		await realtime?.stop();
		httpServer?.closeAllConnections();
		await new Promise<void>((resolve) => (httpServer ? httpServer.close(() => resolve()) : resolve()));
	});

	// The server's own wiring (bootRealtime), not a copy of it: BullMQ refuses some job ids (one with a
	// single colon, as `vote-close:<voteId>` was), and only the real call shows it.
	it('opens a vote with a duration and schedules its close as one delayed job named after the vote', async () => {
		const redisUrl = await testRedisUrl();
		httpServer = createServer();
		realtime = await bootRealtime(
			{ port: 0, host: '127.0.0.1', dataDir: '/nonexistent', redisUrl, publicUrl: 'http://localhost', loadDemo: true, adminPassword: ADMIN_PASSWORD, webHandlerPath: null, followupTestClock: false },
			httpServer,
			{ log: () => {} }
		);
		await new Promise<void>((resolve) => httpServer!.listen(0, '127.0.0.1', resolve));
		const redis = await connectRedis(redisUrl, 'wzt-test-probe');
		const served: TestApp = {
			application: realtime.application,
			redis,
			redisUrl,
			baseUrl: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
			client: () => Promise.reject(new Error('use TestSockets')),
			close: async () => void (await redis.quit())
		};
		try {
			sockets = new TestSockets(served);
			const sessions = await signInEveryRole(served);
			const host = await sockets.connect(credentialsOf(sessions, 'host'));
			okData(await host.emitWithAck('meeting:join', { meetingId: MEETING }), 'join');
			// The public is the last role a change is sent to: once it has the opening, the broadcast is done.
			const phone = await sockets.connect(credentialsOf(sessions, 'public'));
			okData(await phone.emitWithAck('meeting:join', { meetingId: MEETING }), 'join');
			const told = nextVoteState(phone, (v) => v.status === 'open', 'the public told of the opening');
			const opened = await host.emitWithAck('vote:open', { itemId: MOTION, settings: { durationSeconds: 60 } });
			expect(opened).toMatchObject({ ok: true });
			const voteId = okData(opened, 'open').voteId;
			jobs = await startJobQueue(redisUrl, { 'system:heartbeat': async () => {}, 'vote:close': async () => {} }, { heartbeatEveryMs: 3_600_000 });
			const job = await jobs.queue.getJob(`vote-close-${voteId}`);
			expect(job?.data).toEqual({ meetingId: MEETING, voteId });
			expect(job?.delay).toBeGreaterThan(55_000);
			await told;
		} finally {
			await served.close();
		}
	});
});
