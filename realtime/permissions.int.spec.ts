/**
 * Who may do and see what, end to end: every REST route and every socket event tried as every role
 * with sessions obtained the way devices get them, what each role's snapshot carries, and the edges of
 * identity (devices of another body or meeting, forged and stale cookies, screen tokens, one tablet per
 * deputy, expiring and reused codes). Real app on port 0, real Redis, real sockets.
 */
import { RESP_TYPES } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessView, PairingRow } from '../shared/api';
import { PAIRING_CODE_ALPHABET, type Principal } from '../shared/identity.schema';
import type { Material, Member } from '../shared/meeting.schema';
import type { MeetingView } from '../shared/meeting.view';
import { type CommandRequest, PROTOCOL_VERSION, type SessionEnded } from '../shared/protocol';
import type { AppError, Result } from '../shared/result';
import { type CommandName, EVENT_PERMISSIONS, type HttpMethod, ROLES, ROUTE_PERMISSIONS, type Role, type RouteName, mayRoleCall, mayRoleSend } from '../shared/roles';
import { DEMO_MEETING_ID, demoMembers } from './meeting/demo-meeting';
import { startTestApp, type TestApp, type TestClient } from './testing/test-app';
import {
	type ApiAnswer,
	type RoleSessions,
	TestSockets,
	accessOf,
	callApi,
	credentialsOf,
	dataOf,
	issueCode,
	login,
	pair,
	pairDeputy,
	PDF_BYTES,
	requestApi,
	signInEveryRole,
	uploadMaterial
} from './testing/test-principals';

const MEETING = DEMO_MEETING_ID;
const BODY = 'demo-congress';
const DAY_MS = 24 * 3600_000;

/** Read from the demo fixture (demo-meeting.ts), not from anything the server answers. */
const DEMO = {
	/** d001, the deputy whose tablet is paired in these tests, and asker of the first question. */
	self: { id: 'd001', name: '王建国' },
	/** The askers of the six questions (one per group, seed 001): their names are part of the questions. */
	askerIds: ['d001', 'd002', 'd003', 'd004', 'd005', 'd006'],
	/** d002 asks the second question; d007 asks none, so only the roster could carry their details. */
	d002: { name: '李秀英', deputyNumber: '20260002', seat: '1排2座' },
	d007: { name: '赵晓东', deputyNumber: '20260007' },
	firstQuestion: '老旧小区',
	/** Only in the text of the first question (the ballot has a candidate about 老旧小区 too). */
	firstQuestionOnly: '加装电梯推进慢',
	respondent: { id: 'r-housing', name: '李明远' },
	otherRespondentName: '周立新',
	inquiryItem: 'a2-inquiry',
	questionCount: 6,
	memberCount: 36
} as const;

const CJK = /[\u4e00-\u9fff]/;

/** Every Redis key with its serialized value (DUMP): two equal snapshots mean nothing was written. */
async function redisState(app: TestApp): Promise<Record<string, string>> {
	const raw = app.redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
	const names = (await app.redis.keys('*')).sort();
	const dumps = await Promise.all(names.map((name) => raw.dump(name)));
	return Object.fromEntries(names.map((name, i) => [name, dumps[i]?.toString('hex') ?? '(gone)']));
}

/** The keys a refusal must above all leave alone; fails loudly if their names drift, so the comparison cannot pass vacuously. */
function expectWatchedKeys(state: Record<string, string>): void {
	for (const key of [`wzt:meeting:${MEETING}`, `wzt:meeting:${MEETING}:version`, `wzt:meeting:${MEETING}:log:head`, `wzt:body:${BODY}:members`, 'wzt:accounts']) {
		expect(Object.keys(state), `snapshot should hold ${key}`).toContain(key);
	}
}

/** A message in both languages: Chinese with Chinese characters, English with an English sentence. */
function expectLocalized(error: AppError): void {
	expect(error.message.zh).toMatch(CJK);
	expect(error.message.en).toMatch(/[A-Za-z]{3,}/);
	expect(error.message.en).not.toBe(error.message.zh);
}

/** A refusal by the permission table: 401 without a session, 403 with one, never a change. */
function expectRefused(answer: ApiAnswer, signedIn: boolean, what: string): void {
	expect(answer.status, what).toBe(signedIn ? 403 : 401);
	expect(answer.body.ok, what).toBe(false);
	if (answer.body.ok) return;
	expect(answer.body.error.code, what).toBe(signedIn ? 'FORBIDDEN' : 'UNAUTHENTICATED');
	expectLocalized(answer.body.error);
}

/** The route's path with real ids of the demo filled in. */
function pathOf(route: RouteName, ids: Record<string, string>): string {
	return ROUTE_PERMISSIONS[route].path.replace(/:(\w+)/g, (_, name: string) => {
		const id = ids[name];
		if (!id) throw new Error(`no test id for path parameter :${name} of ${route}`);
		return id;
	});
}

function requestOf(method: HttpMethod): { json?: unknown } {
	return method === 'POST' || method === 'PUT' ? { json: {} } : {};
}

/** Sockets are typed for valid use; these tests also send what the types forbid. */
interface UntypedSocket {
	emitWithAck(event: string, ...args: unknown[]): Promise<Result<unknown>>;
	timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<Result<unknown>> };
}
const untyped = (socket: TestClient) => socket as unknown as UntypedSocket;

async function join(socket: TestClient, meetingId: string = MEETING): Promise<Result<MeetingView>> {
	return socket.emitWithAck('meeting:join', { meetingId });
}

async function joined(socket: TestClient, meetingId: string = MEETING): Promise<MeetingView> {
	const reply = await join(socket, meetingId);
	if (!reply.ok) throw new Error(`join ${meetingId}: ${JSON.stringify(reply.error)}`);
	return reply.data;
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

/** The reason of the socket's next disconnection, however long it takes. */
function nextDisconnect(socket: TestClient): Promise<string> {
	return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

/** Listen before the action that should end the session; await after it. */
function sessionEnded(socket: TestClient): Promise<SessionEnded> {
	return within(new Promise((resolve) => socket.once('session:ended', resolve)), "the device's session:ended");
}

function disconnected(socket: TestClient): Promise<string> {
	return within(nextDisconnect(socket), "the server's disconnect");
}

/** Over REST a wall screen holds no cookie (its token is for the socket), so it calls as nobody. */
function restCookie(sessions: RoleSessions, role: Role): string | undefined {
	return credentialsOf(sessions, role).cookie;
}

const STAFF_ONLY_BY_DESIGN: [HttpMethod, string, string][] = [
	['PUT', `/meetings/${MEETING}/agenda`, 'build the agenda'],
	['PUT', `/meetings/${MEETING}/settings`, 'change the meeting settings'],
	['PUT', `/meetings/${MEETING}/respondents`, 'change the respondents'],
	['POST', '/meetings', 'create a meeting'],
	['GET', `/meetings/${MEETING}/plan`, 'export the plan with the roster'],
	['GET', '/bodies', 'list the bodies'],
	['GET', `/bodies/${BODY}`, 'read the roster'],
	['POST', `/bodies/${BODY}/roster/import`, 'import a roster'],
	['POST', `/bodies/${BODY}/members`, 'add a member'],
	['PUT', `/bodies/${BODY}/members/d002/retired`, 'retire a member'],
	['POST', `/meetings/${MEETING}/materials?itemId=a1-report&name=x.pdf`, 'upload materials'],
	['GET', `/meetings/${MEETING}/pairing`, 'see the pairing codes'],
	['POST', `/meetings/${MEETING}/pairing/issue`, 'issue pairing codes'],
	['POST', `/meetings/${MEETING}/pairing/d002/revoke`, "revoke another deputy's tablet"],
	['GET', `/meetings/${MEETING}/access`, 'see the screen token and respondent codes'],
	['POST', `/meetings/${MEETING}/access/rotate`, 'rotate the screen token'],
	['GET', `/meetings/${MEETING}/log`, 'read the log'],
	['GET', `/meetings/${MEETING}/log/export`, 'export the log'],
	['GET', '/accounts', 'list accounts'],
	['POST', '/accounts', 'create accounts'],
	['DELETE', '/accounts/clerk1', 'remove accounts']
];

/**
 * From DESIGN.md §2, independent of the permission table: only staff prepare and run meetings, only an
 * administrator manages accounts, and materials are for those in the room (not the wall or the public).
 */
function forbiddenByDesign(role: Role, materialId: string): [HttpMethod, string, string][] {
	const accounts: [HttpMethod, string, string][] = [
		['GET', '/accounts', 'list accounts'],
		['POST', '/accounts', 'create accounts'],
		['PUT', '/accounts/admin/password', "set the administrator's password"],
		['DELETE', '/accounts/admin', 'remove the administrator']
	];
	const material: [HttpMethod, string, string] = ['GET', `/meetings/${MEETING}/materials/${materialId}`, 'open a material'];
	switch (role) {
		case 'host':
			return [];
		case 'clerk':
			return accounts;
		case 'deputy':
		case 'respondent':
			return [...STAFF_ONLY_BY_DESIGN, ['DELETE', `/meetings/${MEETING}/materials/${materialId}`, 'remove materials']];
		case 'screen':
		case 'public':
			return [...STAFF_ONLY_BY_DESIGN, material];
	}
}

describe('the permission table itself', () => {
	it('gives wall screens no REST route the public lacks, since a screen calls REST without a cookie', () => {
		for (const name of Object.keys(ROUTE_PERMISSIONS) as RouteName[]) {
			if (mayRoleCall('screen', name)) expect(mayRoleCall('public', name), name).toBe(true);
		}
	});
});

for (const role of ROLES) {
	describe(`REST as ${role}`, () => {
		let app: TestApp;
		let sessions: RoleSessions;
		let material: Material;
		let ids: Record<string, string>;
		let cookie: string | undefined;
		const admin = role === 'host';

		beforeAll(async () => {
			// Each role starts from the same fresh state: the calls it may make are real and may change it.
			app = await startTestApp();
			sessions = await signInEveryRole(app);
			material = await uploadMaterial(app, sessions.host, 'a1-report', '上半年工作报告.pdf');
			ids = { meetingId: MEETING, bodyId: BODY, memberId: 'd001', materialId: material.id, username: 'clerk1', itemId: 'no-such-item', attachmentId: 'no-such-file', voteId: 'no-such-vote' };
			cookie = restCookie(sessions, role);
		});
		afterAll(async () => {
			await app.close();
		});

		it('is refused every route the permission table does not give it, and nothing changes', async () => {
			const refused = (Object.keys(ROUTE_PERMISSIONS) as RouteName[]).filter((name) => !mayRoleCall(role, name, admin));
			if (role === 'host') expect(refused).toEqual([]);
			for (const name of refused) {
				const { method } = ROUTE_PERMISSIONS[name];
				const before = await redisState(app);
				expectWatchedKeys(before);
				const answer = await callApi(app, method, pathOf(name, ids), { cookie, ...requestOf(method) });
				expectRefused(answer, cookie !== undefined, `${role} ${name}`);
				expect(await redisState(app), `${role} ${name} changed Redis`).toEqual(before);
			}
		});

		// The host here is the administrator, whom nothing is kept from.
		if (role !== 'host') it('is refused what DESIGN.md keeps from it, and nothing changes', async () => {
			const forbidden = forbiddenByDesign(role, material.id);
			expect(forbidden.length).toBeGreaterThan(0);
			for (const [method, path, what] of forbidden) {
				const before = await redisState(app);
				const answer = await callApi(app, method, path, { cookie, ...requestOf(method) });
				expectRefused(answer, cookie !== undefined, `${role} may not ${what} (${method} ${path})`);
				expect(await redisState(app), `${role} ${method} ${path} changed Redis`).toEqual(before);
			}
		});

		it('is let through every route the table gives it (the last call logs it out)', async () => {
			const allowed = (Object.keys(ROUTE_PERMISSIONS) as RouteName[])
				.filter((name) => mayRoleCall(role, name, admin))
				.sort((a, b) => Number(a === 'auth.logout') - Number(b === 'auth.logout'));
			expect(allowed).toContain('meetings.get');
			for (const name of allowed) {
				const { method } = ROUTE_PERMISSIONS[name];
				// Not callApi: a material answers with its bytes, not JSON.
				const res = await requestApi(app, method, pathOf(name, ids), { cookie, ...requestOf(method) });
				const what = `${role} ${name}: ${res.status} ${(await res.text()).slice(0, 200)}`;
				if (name === 'record.pdf' && (role === 'host' || role === 'clerk')) {
					// Let through (others are told the meeting has not closed), then told at once that this
					// API-only test server has no page to print.
					expect(res.status, what).toBe(503);
					continue;
				}
				expect(res.status, what).toBeLessThan(500);
				if (name === 'auth.me' && cookie === undefined) {
					// "Who am I" is open to everyone and tells a caller without a session that it has none.
					expect(res.status, what).toBe(401);
					continue;
				}
				expect(res.status, what).not.toBe(401);
				expect(res.status, what).not.toBe(403);
			}
		});
	});
}

describe('materials over REST', () => {
	let app: TestApp;
	let sessions: RoleSessions;
	let material: Material;
	beforeAll(async () => {
		app = await startTestApp();
		sessions = await signInEveryRole(app);
		material = await uploadMaterial(app, sessions.clerk, 'a1-report', '上半年工作报告.pdf');
	});
	afterAll(async () => {
		await app.close();
	});

	it('opens a material for staff, deputies and respondents, and not for the wall screen or the public', async () => {
		for (const role of ROLES) {
			const res = await requestApi(app, 'GET', `/meetings/${MEETING}/materials/${material.id}`, { cookie: restCookie(sessions, role) });
			const bytes = new Uint8Array(await res.arrayBuffer());
			if (role === 'screen' || role === 'public') {
				expect(res.status, role).toBe(401);
				expect(Buffer.from(bytes).includes(Buffer.from('%PDF'))).toBe(false);
			} else {
				expect(res.status, role).toBe(200);
				expect(res.headers.get('content-type'), role).toBe('application/pdf');
				expect(bytes, role).toEqual(PDF_BYTES);
			}
		}
	});

	it('does not take a screen token in place of a session', async () => {
		const res = await requestApi(app, 'GET', `/meetings/${MEETING}/materials/${material.id}?token=${sessions.screenToken}`, {
			headers: { authorization: `Bearer ${sessions.screenToken}` }
		});
		expect(res.status).toBe(401);
	});
});

describe('socket events and what each role sees', () => {
	let app: TestApp;
	let sockets: TestSockets;
	let sessions: RoleSessions;
	let material: Material;
	const socketOf = {} as Record<Role, TestClient>;
	const viewOf = {} as Record<Role, MeetingView>;

	/** A valid request for each command: a new command fails to compile here until it is given one. */
	const VALID_REQUESTS: { [E in CommandName]: CommandRequest<E> } = {
		'clock:sync': { sentAt: 1 },
		'meeting:join': { meetingId: MEETING },
		'live:sync': {},
		'sign-in:toggle': { open: true },
		'sign-in:self': {},
		'roll:record': { memberId: 'd010', action: 'sign-in' },
		'agenda:control': { itemId: DEMO.inquiryItem, action: 'activate' },
		'request:raise': { itemId: DEMO.inquiryItem, topic: '托育服务', respondentIds: [DEMO.respondent.id] },
		'request:withdraw': { requestId: 'no-such-request' },
		'request:decide': { requestId: 'no-such-request', decision: 'reject' },
		'queue:move': { itemId: DEMO.inquiryItem, entryId: 'q2', toIndex: 0 },
		'question:step': { entryId: 'q1', from: 'queued', action: { type: 'call' } },
		'clock:control': { entryId: 'q1', from: 'asking', op: 'pause' },
		'vote:sync': {},
		'vote:open': { itemId: 'a3-vote' },
		'vote:cast': { voteId: 'no-such-vote', key: 'press-0001', secret: 'secret-secret-secret-01', choice: 'yes' },
		'vote:close': { voteId: 'no-such-vote' },
		'vote:announce': { voteId: 'no-such-vote' },
		'vote:annul': { voteId: 'no-such-vote', reason: '设备故障' },
		'vote:manual': { voteId: 'no-such-vote', reason: '设备故障', counts: { yes: 1, no: 0, abstain: 0 } },
		'followup:watch': {},
		// Last: once the host has closed the session, the live commands are refused (CONFLICT).
		'meeting:close': { confirm: true }
	};
	/**
	 * What a permitted command may answer besides ok: the table lets it through, then the meeting's
	 * state decides (the clerk signing in a member the host already signed in, a request that is not
	 * there). Never FORBIDDEN, UNAUTHENTICATED or BAD_REQUEST.
	 */
	const STATE_REFUSALS = ['CONFLICT', 'NOT_FOUND'];

	beforeAll(async () => {
		app = await startTestApp();
		sockets = new TestSockets(app);
		sessions = await signInEveryRole(app, DEMO.respondent.id);
		material = await uploadMaterial(app, sessions.host, 'a1-report', '上半年工作报告.pdf');
		for (const role of ROLES) socketOf[role] = await sockets.connect(credentialsOf(sessions, role));
		for (const role of ROLES) viewOf[role] = await joined(socketOf[role]);
	});
	afterAll(async () => {
		sockets.closeAll();
		await app.close();
	});

	it('identifies every device as its role: the snapshot says whom it was filtered for', () => {
		for (const role of ROLES) expect(viewOf[role].role, role).toBe(role);
	});

	it('accepts or refuses every event in the table as the table says', async () => {
		for (const role of ROLES) {
			for (const event of Object.keys(EVENT_PERMISSIONS) as CommandName[]) {
				const reply = await untyped(socketOf[role]).emitWithAck(event, VALID_REQUESTS[event]);
				if (mayRoleSend(role, event)) {
					const passed = reply.ok || STATE_REFUSALS.includes(reply.error.code);
					expect(passed, `${role} ${event}: ${JSON.stringify(reply)}`).toBe(true);
				} else {
					expect(reply, `${role} ${event}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
				}
			}
		}
	});

	it('lets every role, screens and the public included, sync its clock and follow the meeting (DESIGN.md §2, §4)', async () => {
		for (const role of ROLES) {
			const sync = await socketOf[role].emitWithAck('clock:sync', { sentAt: Date.now() });
			expect(sync.ok && typeof sync.data.serverTime === 'number', role).toBe(true);
			const view = await joined(socketOf[role]);
			expect(view.id, role).toBe(MEETING);
		}
	});

	it('answers commands that do not exist (yet) with FORBIDDEN for every role, in both languages', async () => {
		for (const role of ROLES) {
			for (const event of ['vote:stuff', 'agenda:save', 'pairing:issue', 'meeting:update', 'accounts:create']) {
				const reply = await untyped(socketOf[role]).emitWithAck(event, { meetingId: MEETING, choice: 'yes' });
				expect(reply.ok, `${role} ${event}`).toBe(false);
				if (reply.ok) continue;
				expect(reply.error.code, `${role} ${event}`).toBe('FORBIDDEN');
				expectLocalized(reply.error);
				expect(reply.error.message.en).toContain(event);
			}
		}
	});

	// BUG: Socket.io registers its own no-op listener for 'error' on every server socket, and the
	// catch-all in socket.server.ts skips any event that has a listener, so a client's 'error' event
	// with an acknowledgement is never answered (PROTOCOL.md §2 promises FORBIDDEN for unknown events).
	it('answers an acknowledged client event named "error" with FORBIDDEN like any unknown event', async () => {
		const reply = await untyped(socketOf.public).timeout(3000).emitWithAck('error', { meetingId: MEETING });
		expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
	});

	it('shows staff the rules, the roster, the respondents, the questions and the materials', () => {
		for (const role of ['host', 'clerk'] as const) {
			const view = viewOf[role];
			const json = JSON.stringify(view);
			expect(view.rules?.quorum, role).toBe('two-thirds-of-all');
			expect(view.roster?.members, role).toHaveLength(DEMO.memberCount);
			expect(json, role).toContain(DEMO.d007.name);
			expect(json, role).toContain(DEMO.d007.deputyNumber);
			expect(view.respondents.map((r) => r.id), role).toContain(DEMO.respondent.id);
			const inquiry = view.agenda.find((item) => item.id === DEMO.inquiryItem);
			expect(inquiry?.questions?.[0]?.text, role).toContain(DEMO.firstQuestion);
			expect(view.agenda.flatMap((item) => item.materials ?? []).map((m) => m.id), role).toContain(material.id);
			expect(view.self, role).toMatchObject({ role, id: role === 'host' ? 'admin' : 'clerk1' });
		}
	});

	it("shows a deputy itself, the questions and the materials, but not the roster, the rules or others' details", () => {
		const view = viewOf.deputy;
		const json = JSON.stringify(view);
		expect(view.self).toMatchObject({ role: 'deputy', id: DEMO.self.id, name: DEMO.self.name });
		expect(view.agenda.find((item) => item.id === DEMO.inquiryItem)?.questions?.[0]?.text).toContain(DEMO.firstQuestion);
		expect(view.agenda.flatMap((item) => item.materials ?? []).map((m) => m.id)).toContain(material.id);
		expect(view.roster).toBeUndefined();
		expect(view.rules).toBeUndefined();
		expect(json).not.toContain('"roster"');
		// Askers are named with their questions; nobody else on the roster appears, nor any detail of theirs.
		for (const member of demoMembers()) {
			expect(json.includes(member.name), `${member.id} ${member.name}`).toBe((DEMO.askerIds as readonly string[]).includes(member.id));
			expect(json, member.id).not.toContain(member.deputyNumber!);
		}
		expect(json).not.toContain(DEMO.d007.name);
		expect(json).not.toContain(DEMO.d002.seat);
	});

	it('shows a respondent itself and the questions, but not the roster or the rules', () => {
		const view = viewOf.respondent;
		const json = JSON.stringify(view);
		expect(view.self?.id).toBe(DEMO.respondent.id);
		expect(view.self?.name).toContain(DEMO.respondent.name);
		expect(view.agenda.find((item) => item.id === DEMO.inquiryItem)?.questions?.[0]?.text).toContain(DEMO.firstQuestion);
		expect(view.roster).toBeUndefined();
		expect(view.rules).toBeUndefined();
		expect(json).not.toContain(DEMO.d007.name);
		expect(json).not.toContain(DEMO.d002.deputyNumber);
	});

	it('shows the wall screen the questions and respondents, but no materials, roster or rules', () => {
		const view = viewOf.screen;
		const json = JSON.stringify(view);
		expect(view.agenda.find((item) => item.id === DEMO.inquiryItem)?.questions?.[0]?.text).toContain(DEMO.firstQuestion);
		expect(view.respondents.map((r) => r.id)).toContain(DEMO.respondent.id);
		for (const item of view.agenda) expect(item.materials, item.id).toBeUndefined();
		expect(json).not.toContain(material.id);
		expect(json).not.toContain('上半年工作报告.pdf');
		expect(view.roster).toBeUndefined();
		expect(view.rules).toBeUndefined();
		expect(json).not.toContain(DEMO.d007.name);
	});

	it('shows the public no questions (only their number), no respondents, no roster and no self', () => {
		const view = viewOf.public;
		const json = JSON.stringify(view);
		const inquiry = view.agenda.find((item) => item.id === DEMO.inquiryItem);
		expect(inquiry?.questionCount).toBe(DEMO.questionCount);
		expect(inquiry?.questions).toBeUndefined();
		expect(json).not.toContain(DEMO.firstQuestionOnly);
		expect(view.respondents).toEqual([]);
		expect(json).not.toContain(DEMO.respondent.name);
		expect(json).not.toContain(DEMO.otherRespondentName);
		expect(view.roster).toBeUndefined();
		expect(view.self).toBeUndefined();
		expect(view.rules).toBeUndefined();
		for (const item of view.agenda) expect(item.materials, item.id).toBeUndefined();
		for (const member of demoMembers()) expect(json, member.id).not.toContain(member.name);
		expect(json).not.toContain(DEMO.d002.name);
	});

	it('gives each signed-in role the same snapshot over REST as over its socket', async () => {
		for (const role of ['host', 'clerk', 'deputy', 'respondent', 'public'] as const) {
			const view = dataOf(await callApi<MeetingView>(app, 'GET', `/meetings/${MEETING}`, { cookie: restCookie(sessions, role) }), role);
			expect(view, role).toEqual(await joined(socketOf[role]));
		}
	});
});

describe('identity at the edges', () => {
	const START = Date.UTC(2026, 7, 1, 1, 0, 0);
	let clock = START;
	let app: TestApp;
	let sockets: TestSockets;
	let sessions: RoleSessions;
	const other = { bodyId: 'other-county', meetingId: 'other-county-2026', memberId: '', respondentId: 'r-other' };

	const me = (cookie: string) => callApi<Principal>(app, 'GET', '/auth/me', { cookie });

	beforeAll(async () => {
		app = await startTestApp({ now: () => clock });
		sockets = new TestSockets(app);
		sessions = await signInEveryRole(app);
		// A second body with one member and one meeting with one respondent, prepared over REST.
		const host = sessions.host;
		dataOf(await callApi(app, 'POST', '/bodies', { cookie: host, json: { id: other.bodyId, name: '另一县人民代表大会', kind: 'congress' } }), 'create body');
		const member = dataOf(await callApi<Member>(app, 'POST', `/bodies/${other.bodyId}/members`, { cookie: host, json: { name: '钱多多', group: '第一代表小组', seat: '1排1座' } }), 'add member');
		other.memberId = member.id;
		const created = dataOf(
			await callApi<MeetingView>(app, 'POST', '/meetings', {
				cookie: host,
				json: { id: other.meetingId, bodyId: other.bodyId, kind: 'congress-session', title: '另一县人代会', date: '2026-09-01', venue: '县人民会堂' }
			}),
			'create meeting'
		);
		dataOf(
			await callApi(app, 'PUT', `/meetings/${other.meetingId}/respondents`, {
				cookie: host,
				json: { baseVersion: created.version, respondents: [{ id: other.respondentId, name: '王五', title: '局长', department: '县财政局' }] }
			}),
			'save respondents'
		);
	});
	afterAll(async () => {
		sockets.closeAll();
		await app.close();
	});

	it("refuses a deputy of another body the demo meeting, over the socket and REST, while letting it into its own body's", async () => {
		const cookie = await pairDeputy(app, sessions.host, other.memberId, other.meetingId);
		const tablet = await sockets.connect({ cookie });
		expect((await joined(tablet, other.meetingId)).self).toMatchObject({ role: 'deputy', id: other.memberId });
		const refused = await join(tablet);
		expect(refused.ok).toBe(false);
		if (refused.ok) return;
		expect(refused.error.code).toBe('FORBIDDEN');
		expectLocalized(refused.error);
		expectRefused(await callApi(app, 'GET', `/meetings/${MEETING}`, { cookie }), true, 'GET the demo meeting');
	});

	it('refuses a respondent of another meeting the demo meeting, over the socket and REST', async () => {
		const code = (await accessOf(app, sessions.host, other.meetingId)).respondents.find((r) => r.respondentId === other.respondentId)!.code;
		const paired = await pair(app, code);
		dataOf(paired, 'pair respondent of the other meeting');
		const cookie = paired.cookie!;
		const laptop = await sockets.connect({ cookie });
		expect((await joined(laptop, other.meetingId)).self).toMatchObject({ role: 'respondent', id: other.respondentId });
		const refused = await join(laptop);
		expect(refused.ok === false && refused.error.code).toBe('FORBIDDEN');
		expectRefused(await callApi(app, 'GET', `/meetings/${MEETING}`, { cookie }), true, 'GET the demo meeting');
	});

	it("refuses another meeting's wall screen the demo meeting", async () => {
		const { screenToken } = await accessOf(app, sessions.host, other.meetingId);
		const screen = await sockets.connect({ token: screenToken });
		expect((await joined(screen, other.meetingId)).role).toBe('screen');
		const refused = await join(screen);
		expect(refused.ok === false && refused.error.code).toBe('FORBIDDEN');
	});

	it('treats a cookie with a tampered signature as no session, over REST and the socket', async () => {
		const [name, value] = sessions.host.split('=') as [string, string];
		const last = value.at(-1) === 'A' ? 'B' : 'A';
		const forged = `${name}=${value.slice(0, -1)}${last}`;
		expectRefused(await me(forged), false, 'auth.me');
		expectRefused(await callApi(app, 'GET', '/accounts', { cookie: forged }), false, 'accounts.list');
		const socket = await sockets.connect({ cookie: forged });
		const view = await joined(socket);
		expect(view.role).toBe('public');
		expect(view.roster).toBeUndefined();
		// The genuine cookie still works, so the refusal is the signature's doing.
		expect((await me(sessions.host)).status).toBe(200);
	});

	it("treats a cookie as no session after log-out, and ends the session's live sockets", async () => {
		const cookie = (await login(app, 'admin', 'admin-pass-123')).cookie!;
		const laptop = await sockets.connect({ cookie });
		expect((await joined(laptop)).role).toBe('host');
		const ended = sessionEnded(laptop);
		const gone = disconnected(laptop);
		dataOf(await callApi(app, 'POST', '/auth/logout', { cookie }), 'logout');
		expect((await ended).reason).toBe('logged-out');
		expect(await gone).toBe('io server disconnect');
		expectRefused(await me(cookie), false, 'auth.me after log-out');
		expectRefused(await callApi(app, 'GET', `/meetings/${MEETING}/pairing`, { cookie }), false, 'pairing.list after log-out');
		const again = await sockets.connect({ cookie });
		expect((await joined(again)).role).toBe('public');
	});

	it('refuses a handshake with a screen token that is not one, in both languages', async () => {
		for (const token of ['not-a-screen-token', '', sessions.screenToken.slice(0, -1)]) {
			const refusal = await sockets.refusal({ token });
			expect(refusal.data?.code, token).toBe('UNAUTHENTICATED');
			expect(refusal.data?.serverProtocol).toBe(PROTOCOL_VERSION);
			expect(refusal.data?.message.zh).toMatch(CJK);
			expect(refusal.data?.message.en).toMatch(/[a-z]/i);
		}
	});

	it('after the screen token is rotated, refuses the old one and disconnects the screens following the meeting', async () => {
		const { screenToken: old } = await accessOf(app, sessions.host);
		const screen = await sockets.connect({ token: old });
		expect((await joined(screen)).role).toBe('screen');
		const gone = disconnected(screen);
		const rotated = dataOf(await callApi<AccessView>(app, 'POST', `/meetings/${MEETING}/access/rotate`, { cookie: sessions.clerk, json: { kind: 'screen' } }), 'rotate');
		expect(rotated.screenToken).not.toBe(old);
		expect(await gone).toBe('io server disconnect');
		expect((await sockets.refusal({ token: old })).data?.code).toBe('UNAUTHENTICATED');
		expect((await joined(await sockets.connect({ token: rotated.screenToken }))).role).toBe('screen');
	});

	// BUG: rotation disconnects only the sockets in the meeting's screen room, i.e. screens that have
	// already joined. A socket that connected with the old token but has not sent meeting:join yet keeps
	// its screen principal and can join (and read the screen view) after the token was replaced.
	it('after the screen token is rotated, also drops a screen connected with the old token that had not joined yet', async () => {
		const { screenToken: old } = await accessOf(app, sessions.host);
		const idle = await sockets.connect({ token: old });
		const gone = nextDisconnect(idle).then(() => 'disconnected' as const);
		dataOf(await callApi(app, 'POST', `/meetings/${MEETING}/access/rotate`, { cookie: sessions.clerk, json: { kind: 'screen' } }), 'rotate');
		const outcome = await Promise.race([
			gone,
			untyped(idle)
				.timeout(5000)
				.emitWithAck('meeting:join', { meetingId: MEETING })
				.then(
					(reply) => (reply.ok ? ('joined with the old token' as const) : ('refused' as const)),
					() => 'no answer' as const
				)
		]);
		expect(outcome).not.toBe('joined with the old token');
	});

	// BUG: removing an account ends its sessions for new requests (sessionFromCookies checks the
	// account), but sockets already connected keep the staff principal they were given at the handshake
	// and still receive the staff view, roster included.
	it("drops or demotes a removed staff account's live sockets", async () => {
		const username = 'clerk-leaving';
		dataOf(await callApi(app, 'POST', '/accounts', { cookie: sessions.host, json: { username, displayName: '离职工作人员', role: 'clerk', password: 'leaving-pass-123' } }), 'create');
		const cookie = (await login(app, username, 'leaving-pass-123')).cookie!;
		const laptop = await sockets.connect({ cookie });
		expect((await joined(laptop)).role).toBe('clerk');
		const gone = nextDisconnect(laptop).then(() => 'disconnected' as const);
		dataOf(await callApi(app, 'DELETE', `/accounts/${username}`, { cookie: sessions.host }), 'remove');
		expectRefused(await me(cookie), false, 'auth.me after removal');
		const outcome = await Promise.race([
			gone,
			untyped(laptop)
				.timeout(5000)
				.emitWithAck('meeting:join', { meetingId: MEETING })
				.then(
					(reply) => (reply.ok && (reply.data as MeetingView).roster ? ('staff view' as const) : ('no staff view' as const)),
					() => 'no answer' as const
				)
		]);
		expect(outcome).not.toBe('staff view');
	});

	describe('one tablet per deputy', () => {
		it('signs the first tablet out when a second pairs, and refuses the used codes', async () => {
			const firstCode = await issueCode(app, sessions.clerk, 'd001');
			const first = await pair(app, firstCode);
			expect(dataOf(first, 'first pairing').principal).toMatchObject({ role: 'deputy', subjectId: 'd001', bodyId: BODY });
			const firstCookie = first.cookie!;
			const tablet = await sockets.connect({ cookie: firstCookie });
			expect((await joined(tablet)).self?.id).toBe('d001');
			const ended = sessionEnded(tablet);
			const gone = disconnected(tablet);

			const secondCode = await issueCode(app, sessions.clerk, 'd001');
			const second = await pair(app, secondCode);
			dataOf(second, 'second pairing');
			const notice = await ended;
			expect(notice.reason).toBe('replaced');
			expect(notice.message.zh).toMatch(CJK);
			expect(notice.message.en).toMatch(/[a-z]/i);
			expect(await gone).toBe('io server disconnect');

			expectRefused(await me(firstCookie), false, 'the first tablet after replacement');
			expect(dataOf(await me(second.cookie!), 'the second tablet')).toMatchObject({ role: 'deputy', subjectId: 'd001' });
			expect((await joined(await sockets.connect({ cookie: firstCookie }))).role).toBe('public');
			expect((await joined(await sockets.connect({ cookie: second.cookie! }))).self?.id).toBe('d001');

			for (const code of [firstCode, secondCode]) {
				const reused = await pair(app, code);
				expect(reused.status, code).toBe(401);
				expect(reused.body.ok === false && reused.body.error.code, code).toBe('UNAUTHENTICATED');
				expect(reused.body.ok === false && reused.body.error.message.zh, code).toContain('已经使用');
				expect(reused.cookie, code).toBeNull();
			}
			// Neither attempt displaced the second tablet.
			expect((await me(second.cookie!)).status).toBe(200);
		});

		it('refuses a code that was never issued, and an issued one with a letter mistyped', async () => {
			const code = await issueCode(app, sessions.clerk, 'd003');
			const last = PAIRING_CODE_ALPHABET.indexOf(code.at(-1)!);
			const mistyped = code.slice(0, -1) + PAIRING_CODE_ALPHABET[(last + 1) % PAIRING_CODE_ALPHABET.length];
			for (const attempt of ['22222222', mistyped]) {
				const answer = await pair(app, attempt);
				expect(answer.status, attempt).toBe(401);
				expect(answer.body.ok === false && answer.body.error.code, attempt).toBe('UNAUTHENTICATED');
				expect(answer.body.ok === false && answer.body.error.message.zh, attempt).not.toContain('已经使用');
				expect(answer.cookie).toBeNull();
			}
			// Typed in lower case with a dash, the right code still pairs.
			const typed = `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase();
			expect(dataOf(await pair(app, typed), 'typed code').principal.subjectId).toBe('d003');
		});

		it('accepts a code 29 days after it was issued and refuses one 31 days after', async () => {
			try {
				clock = START;
				const early = await issueCode(app, sessions.clerk, 'd004');
				const late = await issueCode(app, sessions.clerk, 'd005');
				clock = START + 29 * DAY_MS;
				expect(dataOf(await pair(app, early), 'day 29').principal.subjectId).toBe('d004');
				clock = START + 31 * DAY_MS;
				const expired = await pair(app, late);
				expect(expired.status).toBe(401);
				expect(expired.body.ok === false && expired.body.error.code).toBe('UNAUTHENTICATED');
				expect(expired.body.ok === false && expired.body.error.message.zh).toContain('过期');
				expect(expired.cookie).toBeNull();
				const rows = dataOf(await callApi<PairingRow[]>(app, 'GET', `/meetings/${MEETING}/pairing`, { cookie: sessions.clerk }), 'pairing list');
				expect(rows.find((r) => r.memberId === 'd005')?.device).toBeNull();
			} finally {
				clock = START;
			}
		});

		it('signs the tablet out when a clerk revokes it', async () => {
			const cookie = await pairDeputy(app, sessions.clerk, 'd001');
			const tablet = await sockets.connect({ cookie });
			expect((await joined(tablet)).self?.id).toBe('d001');
			const ended = sessionEnded(tablet);
			const gone = disconnected(tablet);
			const row = dataOf(await callApi<PairingRow>(app, 'POST', `/meetings/${MEETING}/pairing/d001/revoke`, { cookie: sessions.clerk }), 'revoke');
			expect((await ended).reason).toBe('revoked');
			expect(await gone).toBe('io server disconnect');
			expect(row.device).toBeNull();
			expect([...(row.code ?? '')].every((c) => PAIRING_CODE_ALPHABET.includes(c))).toBe(true);
			expect(row.code).toHaveLength(8);
			expectRefused(await me(cookie), false, 'the revoked tablet');
		});
	});
});
