/**
 * Fuzzing the two trust boundaries with deterministic random input (fixed seeds, so a failure replays):
 * every role's socket sends hundreds of events, known and unknown, with odd payloads, with and without
 * acknowledgements; the host sends random and mutated bodies and query strings to every mutating REST
 * route. The server must answer each with a well-formed Result, stay up, and change nothing it was not
 * asked to change. Real app on port 0, real Redis, real sockets.
 */
import { RESP_TYPES } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { MeetingSchema, MemberSchema, type Material, type Meeting, type MeetingPlan } from '../shared/meeting.schema';
import { ERROR_CODES, type ErrorCode } from '../shared/result';
import { type CommandName, EVENT_PERMISSIONS, ROLES, ROUTE_PERMISSIONS, type Role, type RouteName, mayRoleSend } from '../shared/roles';
import { seededRandom } from '../shared/testing/seeded-random';
import { DEMO_MEETING_ID } from './meeting/demo-meeting';
import { startTestApp, type TestApp, type TestClient } from './testing/test-app';
import { type RoleSessions, TestSockets, callApi, credentialsOf, dataOf, issueCode, requestApi, signInEveryRole, uploadMaterial } from './testing/test-principals';

const SEED = 20260829;
const SENDS_PER_ROLE = 300;
const REQUESTS_PER_ROUTE = 30;
const MEETING = DEMO_MEETING_ID;
const BODY = 'demo-congress';
/** PROTOCOL.md §5: what a meeting id looks like. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Socket.io closes a connection whose message exceeds maxHttpBufferSize (1 MB); stay well below. */
const MAX_MESSAGE_BYTES = 800_000;

const LocalizedSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
/** The Result envelope (shared/result.ts), written out here so the test does not trust the server's types. */
const ResultSchema = z.union([
	z.object({ ok: z.literal(true), data: z.unknown() }).strict(),
	z
		.object({
			ok: z.literal(false),
			error: z
				.object({
					code: z.enum(ERROR_CODES),
					message: LocalizedSchema,
					issues: z.array(z.object({ path: z.string(), message: LocalizedSchema }).strict()).optional()
				})
				.strict()
		})
		.strict()
]);
type WireResult = z.infer<typeof ResultSchema>;

type Outcome = 'ok' | ErrorCode;

/** Deterministic random values of the kinds a careless or hostile client sends. */
class Fuzzer {
	readonly #random: () => number;
	/** Off while regenerating a message that came out too large. */
	huge = true;

	constructor(seed: number) {
		this.#random = seededRandom(seed);
	}

	int(n: number): number {
		return Math.floor(this.#random() * n);
	}

	chance(p: number): boolean {
		return this.#random() < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)]!;
	}

	number(): number {
		return this.pick([
			0,
			-0,
			1,
			-1,
			0.5,
			Number.NaN,
			Number.POSITIVE_INFINITY,
			Number.NEGATIVE_INFINITY,
			Number.MAX_VALUE,
			-Number.MAX_VALUE,
			Number.MIN_VALUE,
			Number.MAX_SAFE_INTEGER + 2,
			1e21,
			-1e-7,
			this.int(2 ** 31),
			(this.#random() - 0.5) * 1e12
		]);
	}

	ascii(max: number): string {
		let s = '';
		for (let i = this.int(max + 1); i > 0; i--) s += String.fromCharCode(32 + this.int(95));
		return s;
	}

	/** A string that would pass for an id: the server can only say it does not know it. */
	unknownId(): string {
		const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
		let s = 'x';
		for (let i = this.int(40); i > 0; i--) s += alphabet[this.int(alphabet.length)];
		return s;
	}

	unicode(): string {
		const pieces = ['问政台', '代表', '🙂', '👨‍👩‍👧', '\u0000', '\u0007', '\uD800', '\uDFFF', '\u202E', '\u200B', '\uFEFF', 'é', 'ﷺ', '\n', '\t', '"', '\\', '\'', '<script>', '${x}'];
		let s = '';
		for (let i = 1 + this.int(6); i > 0; i--) s += this.pick(pieces);
		return s;
	}

	/** Strings aimed at ids: traversal, Redis key syntax, globs, lengths either side of the limit. */
	idLike(): string {
		return this.pick([
			'../',
			'../../etc/passwd',
			'..\\..\\',
			'%2e%2e%2f',
			'*',
			'?',
			':',
			`${MEETING}:version`,
			`${MEETING}/../x`,
			`${MEETING}*`,
			'wzt:*',
			' ',
			`${MEETING} `,
			'a'.repeat(64),
			'a'.repeat(65),
			'__proto__',
			'constructor',
			'toString',
			MEETING,
			this.unknownId()
		]);
	}

	string(): string {
		const kind = this.int(this.huge ? 7 : 6);
		switch (kind) {
			case 0:
				return '';
			case 1:
			case 2:
				return this.ascii(30);
			case 3:
				return this.unicode();
			case 4:
				return this.idLike();
			case 5:
				return this.unknownId();
			default:
				// About 100 KB: ASCII, or Chinese at three bytes a character.
				return this.chance(0.5) ? 'x'.repeat(100_000) : '问'.repeat(34_000);
		}
	}

	key(): string {
		return this.pick(['meetingId', 'sentAt', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'id', 'role', 'admin', 'ok', 'data', '', this.ascii(8), this.unicode()]);
	}

	/** An object whose keys are its own, `__proto__` included (a literal would set the prototype instead). */
	object(entries: [string, unknown][]): Record<string, unknown> {
		const o: Record<string, unknown> = {};
		for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
		return o;
	}

	value(depth = 0): unknown {
		switch (this.int(depth >= 4 ? 4 : 6)) {
			case 0:
				return null;
			case 1:
				return this.chance(0.5);
			case 2:
				return this.number();
			case 3:
				return this.string();
			case 4:
				return Array.from({ length: this.int(6) }, () => this.value(depth + 1));
			default:
				return this.object(Array.from({ length: this.int(6) }, () => [this.key(), this.value(depth + 1)]));
		}
	}

	/** A payload for `event`: often shaped like its request, so the checks past the first are reached too. */
	payload(event: string | number): unknown {
		if (event === 'meeting:join' && this.chance(0.4)) {
			const meetingId = this.pick([this.unknownId(), this.unknownId(), this.idLike(), MEETING, this.number(), null, this.string()]);
			return this.object([['meetingId', meetingId], ...(this.chance(0.3) ? [[this.key(), this.value(2)] as [string, unknown]] : [])]);
		}
		if (event === 'clock:sync' && this.chance(0.4)) {
			return this.object([['sentAt', this.chance(0.8) ? this.number() : this.value(2)], ...(this.chance(0.3) ? [[this.key(), this.value(2)] as [string, unknown]] : [])]);
		}
		return this.value();
	}

	/** Replaces, removes or adds one thing somewhere inside `seed` (a JSON value), in place. */
	mutate(seed: unknown): unknown {
		if (seed === null || typeof seed !== 'object' || this.chance(0.1)) return this.value(1);
		const container = seed as Record<string, unknown>;
		const keys = Object.keys(container);
		if (keys.length === 0 || this.chance(0.15)) {
			if (Array.isArray(container)) container.push(this.value(2));
			else Object.defineProperty(container, this.key(), { value: this.value(2), enumerable: true, writable: true, configurable: true });
			return seed;
		}
		const k = this.pick(keys);
		const child = container[k];
		if (child !== null && typeof child === 'object' && this.chance(0.6)) {
			container[k] = this.mutate(child);
		} else if (this.chance(0.2)) {
			if (Array.isArray(container)) container.splice(Number(k), 1);
			else delete container[k];
		} else {
			container[k] = this.chance(0.3) && typeof child === 'string' ? this.idLike() : this.value(2);
		}
		return seed;
	}

	queryString(): string {
		if (this.chance(0.3)) return '';
		const parts: string[] = [];
		for (let i = 1 + this.int(4); i > 0; i--) {
			const key = this.pick(['fileName', 'itemId', 'name', 'as', 'from', 'limit', '__proto__', 'constructor', 'toString', 'a[b]', 'a.b', '', this.ascii(6)]);
			const value = this.pick([this.idLike(), this.unicode(), this.ascii(20), '', '%E0%A4%A', '%00', 'x'.repeat(2000), 'a1-report', 'roster.csv']);
			parts.push(`${safeEncode(key)}=${value.startsWith('%') ? value : safeEncode(value)}`);
		}
		return `?${parts.join('&')}`;
	}
}

/** encodeURIComponent, which throws on lone surrogates; those become '_' (a URL cannot carry them). */
function safeEncode(s: string): string {
	return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, (c, i: number, all: string) => (isPaired(all, i) ? c : '_')));
}
function isPaired(s: string, i: number): boolean {
	const code = s.charCodeAt(i);
	if (code <= 0xdbff) return i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
	return i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff;
}

/**
 * A mutated plan with the exported body and roster, and the meeting's body, put back: a refused import
 * with a new or mismatched body is known to write (pinned by the failing tests at the end), and
 * fuzzing would only find that again.
 */
function withExportedBody(mutated: unknown, plan: MeetingPlan): unknown {
	if (!isRecord(mutated)) return mutated;
	const meeting = isRecord(mutated.meeting) ? { ...mutated.meeting, bodyId: plan.meeting.bodyId } : mutated.meeting;
	return { ...mutated, body: plan.body, members: plan.members, meeting };
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What each command must answer to a payload as it arrives (after JSON): written from PROTOCOL.md,
 * not from the schemas. A new command fails to compile here until the fuzz test knows it.
 */
const ORACLE: { [E in CommandName]: (payload: unknown) => Outcome | readonly Outcome[] } = {
	'live:sync': (p) => live(p, [], []),
	'sign-in:toggle': (p) => live(p, ['open'], []),
	'sign-in:self': (p) => live(p, [], []),
	'roll:record': (p) => live(p, ['memberId', 'action'], []),
	'agenda:control': (p) => live(p, ['itemId', 'action'], []),
	'request:raise': (p) => live(p, ['itemId', 'topic', 'respondentIds'], ['text']),
	'request:withdraw': (p) => live(p, ['requestId'], []),
	'request:decide': (p) => live(p, ['requestId', 'decision'], ['reason']),
	'queue:move': (p) => live(p, ['itemId', 'entryId', 'toIndex'], []),
	'question:step': (p) => live(p, ['entryId', 'from', 'action'], []),
	'clock:control': (p) => live(p, ['entryId', 'from', 'op'], ['bySeconds']),
	'vote:sync': (p) => live(p, [], []),
	'vote:open': (p) => live(p, ['itemId'], ['entryId', 'settings', 'rerunOf', 'candidateIds']),
	'vote:cast': (p) => live(p, ['voteId', 'key', 'secret', 'choice'], []),
	'vote:close': (p) => live(p, ['voteId'], []),
	'vote:announce': (p) => live(p, ['voteId'], []),
	'vote:annul': (p) => live(p, ['voteId', 'reason'], []),
	'vote:manual': (p) => live(p, ['voteId', 'reason', 'counts'], []),
	'meeting:close': (p) => live(p, ['confirm'], []),
	// Not tied to a meeting: an empty object is the only valid payload, and everyone may watch.
	'followup:watch': (p) => (isRecord(p) && Object.keys(p).length === 0 ? 'ok' : 'BAD_REQUEST'),
	'clock:sync': (p) => (isRecord(p) && Object.hasOwn(p, 'sentAt') && typeof p.sentAt === 'number' ? 'ok' : 'BAD_REQUEST'),
	'meeting:join': (p) => {
		if (!isRecord(p) || !Object.hasOwn(p, 'meetingId') || typeof p.meetingId !== 'string' || !ID_PATTERN.test(p.meetingId)) return 'BAD_REQUEST';
		return p.meetingId === MEETING ? 'ok' : 'NOT_FOUND';
	}
};

/**
 * A live command (PROTOCOL.md §4): a payload that is not an object with exactly its fields is a
 * BAD_REQUEST. One that is may still carry bad values, or reach a connection that has not joined the
 * meeting yet (joins run concurrently here), or find the meeting in a state that refuses it.
 */
function live(p: unknown, required: string[], optional: string[]): Outcome | readonly Outcome[] {
	if (!isRecord(p)) return 'BAD_REQUEST';
	const keys = Object.keys(p);
	const shaped = required.every((k) => keys.includes(k)) && keys.every((k) => required.includes(k) || optional.includes(k));
	return shaped ? ['ok', 'BAD_REQUEST', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN'] : 'BAD_REQUEST';
}

/**
 * Names no command has. 'error' is left out: Socket.io keeps its own listener for it, so it is never
 * answered (pinned by its own failing test in permissions.int.spec.ts); reserved names cannot be sent.
 */
const UNKNOWN_EVENTS: (string | number)[] = [
	'vote:stuff',
	'agenda:save',
	'meeting:update',
	'pairing:issue',
	'meeting:changed',
	'session:ended',
	'server:notice',
	'__proto__',
	'constructor',
	'toString',
	'hasOwnProperty',
	'valueOf',
	'',
	' ',
	'x'.repeat(200),
	'meeting:join ',
	'MEETING:JOIN',
	'clock:sync\u0000',
	'问政:投票',
	0,
	42
];

type Shape = 'payload+ack' | 'payload+extras+ack' | 'ack only' | 'payload' | 'payload+extras' | 'nothing';
const SHAPES: Shape[] = ['payload+ack', 'payload+ack', 'payload+ack', 'payload+ack', 'payload+extras+ack', 'payload+extras+ack', 'ack only', 'payload', 'payload', 'payload+extras', 'nothing'];

interface Sent {
	event: string | number;
	shape: Shape;
	/** The arguments before the acknowledgement, as the server receives them (after JSON). */
	wire: unknown[];
	reply: Promise<unknown>;
}

interface LooseSocket {
	emit(event: string | number, ...args: unknown[]): void;
	timeout(ms: number): { emit(event: string | number, ...args: unknown[]): void };
}

function send(socket: TestClient, fuzz: Fuzzer): Sent {
	// The two commands every role may send get half of the known events, so each role reaches every kind of answer.
	const known = fuzz.chance(0.5) ? fuzz.pick(['clock:sync', 'meeting:join']) : fuzz.pick(Object.keys(EVENT_PERMISSIONS));
	const event = fuzz.chance(0.55) ? known : fuzz.pick(UNKNOWN_EVENTS);
	const shape = fuzz.pick(SHAPES);
	let args: unknown[] = [];
	for (let attempt = 0; ; attempt++) {
		fuzz.huge = attempt === 0;
		const payload = fuzz.payload(event);
		const extras = Array.from({ length: 1 + fuzz.int(3) }, () => fuzz.value(2));
		args = shape === 'ack only' || shape === 'nothing' ? [] : shape.includes('extras') ? [payload, ...extras] : [payload];
		if (Buffer.byteLength(JSON.stringify([event, ...args])) < MAX_MESSAGE_BYTES) break;
	}
	fuzz.huge = true;
	const wire = JSON.parse(JSON.stringify(args)) as unknown[];
	const loose = socket as unknown as LooseSocket;
	if (!shape.includes('ack')) {
		loose.emit(event, ...args);
		return { event, shape, wire, reply: Promise.resolve(undefined) };
	}
	const reply = new Promise<unknown>((resolve, reject) =>
		loose.timeout(15_000).emit(event, ...args, (err: Error | null, result: unknown) => (err ? reject(new Error(`no answer to ${String(event).slice(0, 40)}`)) : resolve(result)))
	);
	return { event, shape, wire, reply };
}

function expected(sent: Sent, role: Role): Outcome | readonly Outcome[] {
	const event = sent.event;
	if (typeof event !== 'string' || !Object.hasOwn(EVENT_PERMISSIONS, event)) return 'FORBIDDEN';
	if (!mayRoleSend(role, event)) return 'FORBIDDEN';
	// The server takes the first argument as the payload when anything precedes the acknowledgement.
	return ORACLE[event as CommandName](sent.wire.length > 0 ? sent.wire[0] : undefined);
}

/** Every key with its DUMP, except those a request may legitimately touch without changing anything (sessions, rate limits). */
async function redisState(app: TestApp, include: (key: string) => boolean = () => true): Promise<Record<string, string>> {
	const raw = app.redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
	const names = (await app.redis.keys('*')).filter(include).sort();
	const dumps = await Promise.all(names.map((name) => raw.dump(name)));
	return Object.fromEntries(names.map((name, i) => [name, dumps[i]?.toString('hex') ?? '(gone)']));
}

const WATCHED = [`wzt:meeting:${MEETING}`, `wzt:meeting:${MEETING}:version`, `wzt:meeting:${MEETING}:log:head`, `wzt:body:${BODY}:members`, `wzt:body:${BODY}:pairing-codes`, `wzt:body:${BODY}:devices`];

describe('fuzzing the socket boundary', () => {
	let app: TestApp;
	let sockets: TestSockets;
	let sessions: RoleSessions;
	let before: Record<string, string>;
	const socketOf = {} as Record<Role, TestClient>;

	beforeAll(async () => {
		app = await startTestApp();
		sockets = new TestSockets(app);
		sessions = await signInEveryRole(app);
		// Unused codes too, so there is pairing state of every kind to keep intact.
		await issueCode(app, sessions.clerk, 'd002');
		await issueCode(app, sessions.clerk, 'd003');
		for (const role of ROLES) socketOf[role] = await sockets.connect(credentialsOf(sessions, role));
		before = await redisState(app);
		for (const key of WATCHED) expect(Object.keys(before), key).toContain(key);
		expect(Object.keys(before).some((key) => key.startsWith('wzt:pairing:'))).toBe(true);
	});
	afterAll(async () => {
		sockets.closeAll();
		await app.close();
	});

	ROLES.forEach((role, index) => {
		it(`answers ${SENDS_PER_ROLE} random events from a ${role} with well-formed Results, and changes nothing`, async () => {
			const fuzz = new Fuzzer(SEED + index);
			const socket = socketOf[role];
			const sent = Array.from({ length: SENDS_PER_ROLE }, () => send(socket, fuzz));
			const replies = await Promise.all(sent.map((s) => s.reply));
			// Everything sent before this was received and dispatched before it is answered.
			expect((await socket.emitWithAck('clock:sync', { sentAt: 0 })).ok).toBe(true);

			const seen = new Map<Outcome, number>();
			sent.forEach((s, i) => {
				if (!s.shape.includes('ack')) return;
				const what = `#${i} ${JSON.stringify(String(s.event).slice(0, 40))} (${s.shape}) ${JSON.stringify(s.wire).slice(0, 200)}`;
				const parsed = ResultSchema.safeParse(replies[i]);
				expect(parsed.success, `${what} answered ${JSON.stringify(replies[i]).slice(0, 300)}`).toBe(true);
				const reply = parsed.data as WireResult;
				const outcome: Outcome = reply.ok ? 'ok' : reply.error.code;
				seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
				const allowed = expected(s, role);
				if (typeof allowed === 'string') expect(outcome, what).toBe(allowed);
				else expect(allowed, what).toContain(outcome);
				if (reply.ok && s.event === 'meeting:join') expect(reply.data, what).toMatchObject({ id: MEETING, role });
			});
			// The run reached every kind of answer, so the checks above were not vacuous.
			for (const outcome of ['ok', 'BAD_REQUEST', 'NOT_FOUND', 'FORBIDDEN'] as const) expect(seen.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
			expect(seen.has('INTERNAL')).toBe(false);

			expect(socket.connected).toBe(true);
			expect(await redisState(app)).toEqual(before);
		});
	});

	it('is still up afterwards: a new client syncs its clock, joins, and /healthz answers', async () => {
		const fresh = await sockets.connect({});
		expect((await fresh.emitWithAck('clock:sync', { sentAt: 1 })).ok).toBe(true);
		const join = await fresh.emitWithAck('meeting:join', { meetingId: MEETING });
		expect(join.ok && join.data.role).toBe('public');
		expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
		expect(await redisState(app)).toEqual(before);
	});
});

describe('fuzzing the REST boundary as the host', () => {
	let app: TestApp;
	let sessions: RoleSessions;
	let material: Material;
	let ids: Record<string, string>;
	const accepted: string[] = [];

	/** Sessions and log-in counters change with every log-in attempt; everything else must not move on a refusal. */
	const persistent = (key: string) => !key.startsWith('wzt:session:') && !key.startsWith('wzt:ratelimit:');

	async function meeting(): Promise<{ meeting: Meeting; version: number }> {
		const [doc, version] = await Promise.all([app.redis.get(`wzt:meeting:${MEETING}`), app.redis.get(`wzt:meeting:${MEETING}:version`)]);
		return { meeting: MeetingSchema.parse(JSON.parse(doc!)), version: Number(version) };
	}

	/**
	 * A well-formed body for each route, read fresh (versions move when a mutation is accepted). Some
	 * are refused past the schema on purpose (a taken seat, a stale version), so that mutations reach
	 * the service's own checks and what they must not write.
	 */
	async function seedFor(name: RouteName, fuzz: Fuzzer): Promise<unknown> {
		const current = await meeting();
		const { kind, title, date, venue, rules } = current.meeting;
		switch (name) {
			case 'auth.login':
				return { username: 'admin', password: 'not the password' };
			case 'auth.pair':
				return { code: 'ACDEFGHJ' };
			case 'accounts.create':
				return { username: 'fuzzed', displayName: '模糊测试', role: 'clerk', password: 'fuzzed-pass-123' };
			case 'accounts.password':
				return { password: 'another-pass-123' };
			case 'bodies.create':
				return { name: '模糊测试人大', kind: 'congress' };
			case 'roster.add':
				return fuzz.pick([
					{ name: '模糊代表', group: '城东代表小组', seat: `9排${fuzz.int(1000)}座` },
					{ name: '模糊代表', group: '城东代表小组', seat: '1排2座' },
					{ name: '模糊代表', group: '城东代表小组', seat: '9排1000座', deputyNumber: '20260002' }
				]);
			case 'roster.edit':
				return fuzz.pick([
					{ name: '王建国', group: '城东代表小组', seat: '1排1座', deputyNumber: '20260001' },
					{ name: '王建国', group: '城东代表小组', seat: '1排2座', deputyNumber: '20260001' }
				]);
			case 'roster.retire':
				return { retired: false };
			case 'meetings.create':
				return { bodyId: BODY, kind: 'inquiry', title: '模糊测试会议', date: '2026-10-01', venue: '第二会议室' };
			case 'meetings.settings':
				return { baseVersion: current.version - fuzz.int(2), kind, title, date, venue, rules };
			case 'meetings.agenda':
				return { baseVersion: current.version - fuzz.int(2), agenda: current.meeting.agenda };
			case 'meetings.respondents':
				return { baseVersion: current.version - fuzz.int(2), respondents: current.meeting.respondents };
			case 'meetings.import':
				return dataOf(await callApi<MeetingPlan>(app, 'GET', `/meetings/${MEETING}/plan`, { cookie: sessions.host }), 'plan');
			case 'pairing.issue':
				return { memberIds: fuzz.pick([['d002'], ['d002', 'nobody'], ['m9999']]) };
			case 'access.rotate':
				return { kind: 'respondent', respondentId: 'r-edu' };
			default:
				return undefined;
		}
	}

	beforeAll(async () => {
		app = await startTestApp();
		sessions = await signInEveryRole(app);
		material = await uploadMaterial(app, sessions.host, 'a1-report', '上半年工作报告.pdf');
		ids = { meetingId: MEETING, bodyId: BODY, memberId: 'd001', materialId: material.id, username: 'clerk1' };
	});
	afterAll(async () => {
		await app.close();
	});

	// Logging out would end the very session the fuzzing runs under; log-out is covered in permissions.int.spec.ts.
	const mutating = (Object.keys(ROUTE_PERMISSIONS) as RouteName[]).filter((name) => ROUTE_PERMISSIONS[name].method !== 'GET' && name !== 'auth.logout');

	it('covers every mutating route', () => {
		expect(mutating.length).toBeGreaterThanOrEqual(20);
		for (const name of mutating) expect(ROUTE_PERMISSIONS[name].roles, name).toContain('host');
	});

	mutating.forEach((name, index) => {
		it(`${name}: ${REQUESTS_PER_ROUTE} random bodies and query strings, no 5xx, always a Result, nothing changed unless accepted`, async ({ annotate }) => {
			const fuzz = new Fuzzer(SEED * 7 + index);
			const { method, path } = ROUTE_PERMISSIONS[name];
			const url = path.replace(/:(\w+)/g, (_, param: string) => ids[param]!);
			for (let i = 0; i < REQUESTS_PER_ROUTE; i++) {
				const seed = await seedFor(name, fuzz);
				let options: Parameters<typeof callApi>[3];
				const mode = fuzz.int(10);
				if (mode < 4 || seed === undefined) options = { json: fuzz.value() };
				else if (mode < 8) {
					const mutated = fuzz.mutate(structuredClone(seed));
					options = { json: name === 'meetings.import' ? withExportedBody(mutated, seed as MeetingPlan) : mutated };
				} else if (mode === 8) options = { raw: { body: fuzz.chance(0.5) ? '{"unfinished": [1, 2' : fuzz.unicode(), type: 'application/json' } };
				else options = { raw: { body: fuzz.string(), type: fuzz.pick(['text/plain', 'text/csv', 'application/octet-stream', 'application/pdf']) } };
				const query = fuzz.queryString();
				const what = `${name} #${i} ${method} ${url}${query.slice(0, 80)} ${JSON.stringify(options.json ?? options.raw?.body ?? null).slice(0, 160)}`;

				const state = await redisState(app, persistent);
				const res = await requestApi(app, method, `${url}${query}`, { cookie: sessions.host, ...options });
				const text = await res.text();
				expect(res.status, `${what} → ${text.slice(0, 300)}`).toBeLessThan(500);
				expect(res.headers.get('content-type') ?? '', what).toContain('application/json');
				const parsed = ResultSchema.safeParse(JSON.parse(text));
				expect(parsed.success, `${what} → ${text.slice(0, 300)}`).toBe(true);
				const result = parsed.data as WireResult;
				expect(result.ok, `${what} → ${res.status}`).toBe(res.status >= 200 && res.status < 300);

				if (result.ok) {
					accepted.push(`${name} #${i} → ${res.status}`);
					// Whatever was accepted left a meeting and a roster that are still valid.
					await meeting();
					for (const member of Object.values(await app.redis.hGetAll(`wzt:body:${BODY}:members`))) MemberSchema.parse(JSON.parse(member));
				} else {
					expect(await redisState(app, persistent), `${what} was refused with ${result.error.code} but changed Redis`).toEqual(state);
				}
			}
			const mine = accepted.filter((a) => a.startsWith(`${name} `));
			if (mine.length > 0) await annotate(`accepted ${mine.length}/${REQUESTS_PER_ROUTE}: ${mine.join(', ')}`);
		});
	});

	it('is still up afterwards, with the demo meeting intact', async () => {
		expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
		await meeting();
		const view = await callApi(app, 'GET', `/meetings/${MEETING}`, { cookie: sessions.host });
		expect(view.status).toBe(200);
	});

	// BUG: MeetingService.importPlan creates the plan's body and roster before checking the plan, so a
	// plan refused by the plan checks (here: its askers are not on the roster it brings) answers 400 but
	// leaves a new body with its members behind. The steps should be one atomic write, or check first.
	it('leaves no body behind when it refuses an imported plan', async () => {
		const plan = dataOf(await callApi<MeetingPlan>(app, 'GET', `/meetings/${MEETING}/plan`, { cookie: sessions.host }), 'plan');
		const broken: MeetingPlan = { ...plan, body: { ...plan.body, id: 'imported-body' }, members: plan.members.slice(10), meeting: { ...plan.meeting, bodyId: 'imported-body' } };
		const before = await redisState(app, persistent);
		const answer = await callApi(app, 'POST', '/meetings/import?as=imported-copy', { cookie: sessions.host, json: broken });
		expect(answer.status).toBe(400);
		expect(await redisState(app, persistent)).toEqual(before);
	});

	// BUG: a plan whose meeting names another body than the plan's own is saved (the meeting appears in
	// the list) before the answer is built, which then fails with 404 "body does not exist": the caller
	// is told it failed, and the meeting it left can never be opened.
	it("refuses, and does not save, a plan whose meeting names a body other than the plan's", async () => {
		const plan = dataOf(await callApi<MeetingPlan>(app, 'GET', `/meetings/${MEETING}/plan`, { cookie: sessions.host }), 'plan');
		const mismatched: MeetingPlan = { ...plan, meeting: { ...plan.meeting, bodyId: 'no-such-body' } };
		const before = await redisState(app, persistent);
		const answer = await callApi(app, 'POST', '/meetings/import?as=orphan-copy', { cookie: sessions.host, json: mismatched });
		expect(answer.status).toBeGreaterThanOrEqual(400);
		expect(await redisState(app, persistent)).toEqual(before);
	});

	// BUG: apiErrorHandler knows only two body-parser errors; the others (an unsupported charset, a
	// body that does not decompress) are client mistakes with a 4xx status, but are logged as server
	// errors and answered 500 INTERNAL.
	it('answers bodies it cannot decode with 4xx, not INTERNAL', async () => {
		const undecodable: Record<string, string>[] = [{ 'content-type': 'application/json; charset=latin1' }, { 'content-type': 'application/json', 'content-encoding': 'gzip' }];
		for (const headers of undecodable) {
			const res = await fetch(`${app.baseUrl}/api/bodies`, { method: 'POST', headers: { ...headers, cookie: sessions.host }, body: '{"name":"x","kind":"congress"}' });
			expect(res.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
			expect(res.status, JSON.stringify(headers)).toBeLessThan(500);
		}
	});
});
