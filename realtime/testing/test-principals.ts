/**
 * Sessions for every role, obtained over REST the way a real client gets them (log-in, pairing codes,
 * the screen link), and socket connections that carry them: a cookie in the handshake headers, or a
 * wall screen's token in the handshake `auth`.
 */
import { io as connectClient } from 'socket.io-client';
import type { AccessView, PairResult, PairingRow } from '../../shared/api';
import { SESSION_COOKIE } from '../../shared/identity.schema';
import type { Material } from '../../shared/meeting.schema';
import { type HandshakeRefusal, PROTOCOL_VERSION } from '../../shared/protocol';
import type { Result } from '../../shared/result';
import type { Role } from '../../shared/roles';
import { DEMO_MEETING_ID } from '../meeting/demo-meeting';
import type { TestApp, TestClient } from './test-app';

export const ADMIN_PASSWORD = 'admin-pass-123';
export const CLERK_ACCOUNT = { username: 'clerk1', displayName: '工作人员', role: 'clerk', password: 'clerk-pass-123' } as const;

export interface ApiAnswer<T = unknown> {
	status: number;
	contentType: string;
	body: Result<T>;
	/** `wzt_session=…` from Set-Cookie, when the answer set one. */
	cookie: string | null;
}

export interface ApiOptions {
	cookie?: string;
	/** Sent as JSON. */
	json?: unknown;
	/** Sent as is, with its own Content-Type (files, or bodies that are deliberately not JSON). */
	raw?: { body: string | Uint8Array<ArrayBuffer>; type: string };
	headers?: Record<string, string>;
}

/** Calls `/api<path>`, for answers that need not be JSON (a material's bytes). */
export function requestApi(app: TestApp, method: string, path: string, options: ApiOptions = {}): Promise<Response> {
	const headers: Record<string, string> = { ...options.headers };
	if (options.cookie) headers.cookie = options.cookie;
	const init: RequestInit = { method, headers };
	if (options.raw) {
		headers['content-type'] = options.raw.type;
		init.body = options.raw.body;
	} else if (options.json !== undefined) {
		headers['content-type'] = 'application/json';
		init.body = JSON.stringify(options.json);
	}
	return fetch(`${app.baseUrl}/api${path}`, init);
}

/** Calls `/api<path>` and reads the Result envelope every API answer carries. */
export async function callApi<T = unknown>(app: TestApp, method: string, path: string, options: ApiOptions = {}): Promise<ApiAnswer<T>> {
	const res = await requestApi(app, method, path, options);
	const text = await res.text();
	let body: Result<T>;
	try {
		body = JSON.parse(text) as Result<T>;
	} catch {
		throw new Error(`${method} ${path} answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`);
	}
	return { status: res.status, contentType: res.headers.get('content-type') ?? '', body, cookie: sessionCookie(res.headers.get('set-cookie')) };
}

/** The `name=value` part of a session Set-Cookie header, or null. */
export function sessionCookie(setCookie: string | null): string | null {
	const pair = setCookie?.split(';')[0]?.trim();
	return pair?.startsWith(`${SESSION_COOKIE}=`) ? pair : null;
}

/** The data of a successful answer; anything else fails the test with the error it carried. */
export function dataOf<T>(answer: ApiAnswer<T>, what: string): T {
	if (!answer.body.ok) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body.error)}`);
	return answer.body.data;
}

async function signedIn(answer: ApiAnswer, what: string): Promise<string> {
	dataOf(answer, what);
	if (!answer.cookie) throw new Error(`${what}: no session cookie was set`);
	return answer.cookie;
}

export function login(app: TestApp, username: string, password: string): Promise<ApiAnswer> {
	return callApi(app, 'POST', '/auth/login', { json: { username, password } });
}

/** The first administrator (a host), created as at first start, signed in. */
export async function signInHost(app: TestApp): Promise<string> {
	await app.application.services.identity.ensureFirstAdmin(ADMIN_PASSWORD);
	return signedIn(await login(app, 'admin', ADMIN_PASSWORD), 'host log-in');
}

/** A clerk without the admin flag, created by the administrator, signed in. */
export async function signInClerk(app: TestApp, adminCookie: string): Promise<string> {
	const created = await callApi(app, 'POST', '/accounts', { cookie: adminCookie, json: CLERK_ACCOUNT });
	if (created.status !== 409) dataOf(created, 'create clerk');
	return signedIn(await login(app, CLERK_ACCOUNT.username, CLERK_ACCOUNT.password), 'clerk log-in');
}

/** Issues a fresh one-time code for one deputy through one of the deputy's body's meetings. */
export async function issueCode(app: TestApp, staffCookie: string, memberId: string, meetingId: string = DEMO_MEETING_ID): Promise<string> {
	const rows = dataOf(await callApi<PairingRow[]>(app, 'POST', `/meetings/${meetingId}/pairing/issue`, { cookie: staffCookie, json: { memberIds: [memberId] } }), 'issue code');
	const code = rows.find((r) => r.memberId === memberId)?.code;
	if (!code) throw new Error(`no code was issued for ${memberId}`);
	return code;
}

export function pair(app: TestApp, code: string): Promise<ApiAnswer<PairResult>> {
	return callApi<PairResult>(app, 'POST', '/auth/pair', { json: { code } });
}

/** A deputy's tablet: a code issued by staff, then paired. */
export async function pairDeputy(app: TestApp, staffCookie: string, memberId = 'd001', meetingId: string = DEMO_MEETING_ID): Promise<string> {
	return signedIn(await pair(app, await issueCode(app, staffCookie, memberId, meetingId)), `pair ${memberId}`);
}

export async function accessOf(app: TestApp, staffCookie: string, meetingId: string = DEMO_MEETING_ID): Promise<AccessView> {
	return dataOf(await callApi<AccessView>(app, 'GET', `/meetings/${meetingId}/access`, { cookie: staffCookie }), 'access');
}

/** A respondent's laptop, paired with the meeting's code for that respondent. */
export async function pairRespondent(app: TestApp, staffCookie: string, respondentId: string, meetingId: string = DEMO_MEETING_ID): Promise<string> {
	const code = (await accessOf(app, staffCookie, meetingId)).respondents.find((r) => r.respondentId === respondentId)?.code;
	if (!code) throw new Error(`no code for respondent ${respondentId}`);
	return signedIn(await pair(app, code), `pair respondent ${respondentId}`);
}

/** A small but real PDF for materials. */
export const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export async function uploadMaterial(app: TestApp, staffCookie: string, itemId: string, name: string, meetingId: string = DEMO_MEETING_ID): Promise<Material> {
	const query = new URLSearchParams({ itemId, name });
	return dataOf(
		await callApi<Material>(app, 'POST', `/meetings/${meetingId}/materials?${query}`, { cookie: staffCookie, raw: { body: PDF_BYTES, type: 'application/pdf' } }),
		'upload material'
	);
}

/** How a device presents itself: a session cookie, a wall screen's token, or nothing (public). */
export interface Credentials {
	cookie?: string;
	token?: string;
}

export interface RoleSessions {
	host: string;
	clerk: string;
	deputy: string;
	respondent: string;
	screenToken: string;
}

/**
 * A session for every role on the demo meeting (which it loads): the host (administrator), a clerk,
 * deputy d001's tablet, respondent `respondentId`'s laptop and the wall screen's token.
 */
export async function signInEveryRole(app: TestApp, respondentId = 'r-housing'): Promise<RoleSessions> {
	await app.application.services.meetings.loadDemo();
	const host = await signInHost(app);
	const clerk = await signInClerk(app, host);
	const deputy = await pairDeputy(app, clerk, 'd001');
	const respondent = await pairRespondent(app, clerk, respondentId);
	const { screenToken } = await accessOf(app, clerk);
	return { host, clerk, deputy, respondent, screenToken };
}

export function credentialsOf(sessions: RoleSessions, role: Role): Credentials {
	switch (role) {
		case 'host':
		case 'clerk':
		case 'deputy':
		case 'respondent':
			return { cookie: sessions[role] };
		case 'screen':
			return { token: sessions.screenToken };
		case 'public':
			return {};
	}
}

export type HandshakeError = Error & { data?: HandshakeRefusal };

/** Real socket.io clients for one test app; the caller closes them all when done. */
export class TestSockets {
	readonly #open: TestClient[] = [];

	constructor(private readonly app: TestApp) {}

	#socket(credentials: Credentials): TestClient {
		const auth: Record<string, unknown> = { protocol: PROTOCOL_VERSION };
		if (credentials.token !== undefined) auth.token = credentials.token;
		const socket: TestClient = connectClient(this.app.baseUrl, {
			auth,
			extraHeaders: credentials.cookie ? { cookie: credentials.cookie } : {},
			transports: ['websocket'],
			reconnection: false,
			forceNew: true
		});
		this.#open.push(socket);
		return socket;
	}

	/** A connected socket; fails if the handshake is refused. */
	async connect(credentials: Credentials): Promise<TestClient> {
		const socket = this.#socket(credentials);
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		return socket;
	}

	/** The refusal of a handshake that must be refused; fails if it connects. */
	async refusal(credentials: Credentials): Promise<HandshakeError> {
		const socket = this.#socket(credentials);
		return new Promise<HandshakeError>((resolve, reject) => {
			socket.once('connect', () => reject(new Error('the handshake was accepted')));
			socket.once('connect_error', resolve);
		});
	}

	closeAll(): void {
		for (const socket of this.#open) socket.close();
		this.#open.length = 0;
	}
}
