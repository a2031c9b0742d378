/**
 * Preparing a meeting over REST as a clerk would, and driving its session over real sockets as the
 * console and the tablets send it, for browser tests whose subject is what people see around it.
 */
import { io, type Socket } from 'socket.io-client';
import type { APIRequestContext, BrowserContext } from '@playwright/test';
import type * as z from 'zod';
import { SESSION_COOKIE } from '../shared/identity.schema';
import type { AgendaSaveSchema, Body, MeetingCreate, Respondent } from '../shared/meeting.schema';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '../shared/protocol';
import type { Result } from '../shared/result';
import { ADMIN, expect } from './fixtures';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A REST answer that must succeed; the failure names the step and says what the server answered. */
export async function ok<R extends { ok(): boolean; status(): number; text(): Promise<string> }>(response: Promise<R>, what: string): Promise<R> {
	const r = await response;
	expect(r.ok(), `${what}: ${r.status()} ${await r.text()}`).toBe(true);
	return r;
}

/** The data of an ack that must succeed. */
export function data<T>(result: Result<T>, what: string): T {
	if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message.en}`);
	return result.data;
}

/** The `name=value` of the session cookie an answer set. */
export function cookieOf(res: Response): string {
	const pair = res.headers.get('set-cookie')?.split(';')[0];
	if (!pair) throw new Error('no session cookie');
	return pair;
}

/** One-time pairing codes for these members, by member id, as the pairing page issues them. */
export async function pairingCodes(api: APIRequestContext, url: (p: string) => string, meetingId: string, memberIds: string[]): Promise<Record<string, string>> {
	const rows: { memberId: string; code: string }[] = (await (await ok(api.post(url(`/api/meetings/${meetingId}/pairing/issue`), { data: { memberIds } }), 'pairing codes')).json()).data;
	return Object.fromEntries(rows.map((r) => [r.memberId, r.code]));
}

/** The session of a tablet paired with `code`, as `/pair` gets it. */
export async function pairedCookie(url: (p: string) => string, code: string): Promise<string> {
	return cookieOf(await fetch(url('/api/auth/pair'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) }));
}

/** The `name=value` of a browser context's session, so a socket can act as that same device. */
export async function sessionCookie(context: BrowserContext): Promise<string> {
	const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
	if (!cookie) throw new Error('no session cookie in this browser context');
	return `${cookie.name}=${cookie.value}`;
}

/** A socket of the holder of `cookie`, joined to the meeting. */
export async function connect(url: string, cookie: string, meetingId: string): Promise<Client> {
	const socket: Client = io(url, { auth: { protocol: PROTOCOL_VERSION }, extraHeaders: { cookie }, transports: ['websocket'], reconnection: false, forceNew: true });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	data(await socket.emitWithAck('meeting:join', { meetingId }), 'join');
	return socket;
}

export interface MeetingSetup {
	body: Body;
	/** The roster as a CSV file (姓名,代表小组,座位号,代表证号). */
	roster: string;
	meeting: MeetingCreate & { id: string };
	respondents: Respondent[];
	/** The agenda, given the imported members' ids by name (for the askers). */
	agenda: (memberIds: Record<string, string>) => z.input<typeof AgendaSaveSchema>['agenda'];
}

/** A body, its roster and a meeting with respondents and an agenda, prepared by the administrator; the members' ids by name. */
export async function prepareMeeting(api: APIRequestContext, url: (p: string) => string, setup: MeetingSetup): Promise<Record<string, string>> {
	const { body, meeting } = setup;
	await ok(api.post(url('/api/auth/login'), { data: ADMIN }), 'log in');
	await ok(api.post(url('/api/bodies'), { data: body }), 'body');
	await ok(api.post(url(`/api/bodies/${body.id}/roster/import?fileName=roster.csv`), { headers: { 'content-type': 'text/csv' }, data: Buffer.from(setup.roster) }), 'roster');
	const members: { id: string; name: string }[] = (await (await api.get(url(`/api/bodies/${body.id}`))).json()).data.members;
	const memberIds = Object.fromEntries(members.map((m) => [m.name, m.id]));
	await ok(api.post(url('/api/meetings'), { data: meeting }), 'meeting');
	let version: number = (await (await api.get(url(`/api/meetings/${meeting.id}`))).json()).data.version;
	version = (await (await ok(api.put(url(`/api/meetings/${meeting.id}/respondents`), { data: { baseVersion: version, respondents: setup.respondents } }), 'respondents')).json()).data.version;
	await ok(api.put(url(`/api/meetings/${meeting.id}/agenda`), { data: { baseVersion: version, agenda: setup.agenda(memberIds) } }), 'agenda');
	return memberIds;
}
