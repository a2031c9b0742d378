/**
 * Preparing a meeting over REST against the real app and a real Redis: bodies and rosters, meetings,
 * the agenda, materials, plan export/import, and the log every change leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, BodyDetail, RosterImportReport } from '../../shared/api';
import type { AgendaItem, Material, MeetingPlan } from '../../shared/meeting.schema';
import type { MeetingView } from '../../shared/meeting.view';
import type { AppError, Result } from '../../shared/result';
import { keys } from '../redis/redis-keys';
import { buildRosterCsv, buildRosterXlsx, demoRosterRows } from '../roster/roster-fixtures';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DEMO_MEETING_ID } from './demo-meeting';

let app: TestApp;
let cookie: string;

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; result: Result<T> }> {
	const init: RequestInit = { method, headers: { cookie, ...headers } };
	if (body instanceof Uint8Array) init.body = Buffer.from(body);
	else if (body !== undefined) {
		init.body = JSON.stringify(body);
		(init.headers as Record<string, string>)['content-type'] = 'application/json';
	}
	const res = await fetch(`${app.baseUrl}/api${path}`, init);
	return { status: res.status, result: (await res.json()) as Result<T> };
}

async function ok<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
	const { result } = await call<T>(method, path, body, headers);
	if (!result.ok) throw new Error(`${method} ${path}: ${JSON.stringify(result.error)}`);
	return result.data;
}

async function refused(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; error: AppError }> {
	const { status, result } = await call(method, path, body, headers);
	if (result.ok) throw new Error(`${method} ${path} was accepted`);
	return { status, error: result.error };
}

beforeAll(async () => {
	app = await startTestApp();
	await app.application.services.identity.ensureFirstAdmin('admin-pass-123');
	const res = await fetch(`${app.baseUrl}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'admin', password: 'admin-pass-123' })
	});
	cookie = res.headers.get('set-cookie')!.split(';')[0]!;
	await app.application.services.meetings.loadDemo();
});
afterAll(async () => {
	await app.close();
});

describe('bodies and rosters', () => {
	it('imports 212 deputies from an .xlsx, and the same file again changes nothing', async () => {
		await ok('POST', '/bodies', { id: 'county', name: '示范县人民代表大会', kind: 'congress' });
		const file = await buildRosterXlsx(demoRosterRows(212));
		const report = await ok<RosterImportReport>('POST', '/bodies/county/roster/import?fileName=roster.xlsx', file, { 'content-type': 'application/octet-stream' });
		expect(report).toEqual({ added: 212, updated: 0, retired: 0, memberCount: 212 });
		const detail = await ok<BodyDetail>('GET', '/bodies/county');
		expect(detail.members).toHaveLength(212);
		expect(detail.members[0]).toMatchObject({ id: 'm0001', name: demoRosterRows(1)[0]!.name, seat: '1' });

		const again = await ok<RosterImportReport>('POST', '/bodies/county/roster/import?fileName=roster.xlsx', file, { 'content-type': 'application/octet-stream' });
		expect(again).toEqual({ added: 0, updated: 0, retired: 0, memberCount: 212 });
	});

	it('refuses a bad file whole, naming each problem by row and column, and changes nothing', async () => {
		const before = await app.redis.hGetAll(keys.bodyMembers('county'));
		const rows = demoRosterRows(10);
		rows[3] = { ...rows[3]!, seat: rows[1]!.seat };
		rows[6] = { ...rows[6]!, name: '' };
		const { status, error } = await refused('POST', '/bodies/county/roster/import?fileName=bad.csv', buildRosterCsv(rows), { 'content-type': 'text/csv' });
		expect(status).toBe(400);
		expect(error.code).toBe('BAD_REQUEST');
		const messages = error.issues!.map((i) => i.message.zh).join('\n');
		// Row 1 is the header: the 4th deputy is on row 5, the 7th on row 8.
		expect(messages).toMatch(/第5行.*座位号/);
		expect(messages).toMatch(/第8行.*姓名/);
		expect(error.issues!.every((i) => i.message.en.length > 0)).toBe(true);
		expect(await app.redis.hGetAll(keys.bodyMembers('county'))).toEqual(before);
	});

	it('adds, edits and retires a member, refusing a seat already taken', async () => {
		const added = await ok<{ id: string }>('POST', '/bodies/county/members', { name: '新代表', group: '城东代表小组', seat: '300' });
		expect(added.id).toBe('m0213');
		const taken = await refused('PUT', `/bodies/county/members/${added.id}`, { name: '新代表', group: '城东代表小组', seat: '1' });
		expect(taken.error.issues?.[0]?.path).toBe('seat');
		await ok('PUT', `/bodies/county/members/${added.id}`, { name: '新代表', group: '城西代表小组', seat: '301' });
		await ok('PUT', `/bodies/county/members/${added.id}/retired`, { retired: true });
		const detail = await ok<BodyDetail>('GET', '/bodies/county');
		expect(detail.members.find((m) => m.id === added.id)).toMatchObject({ group: '城西代表小组', seat: '301', retired: true });
		expect((await ok<{ memberCount: number }[]>('GET', '/bodies')).find((b) => (b as unknown as { id: string }).id === 'county')?.memberCount).toBe(212);
	});

	it('logs every accepted roster change in the body’s hash chain, an import that changed nothing included', async () => {
		const actions = ((await app.redis.xRange(keys.bodyLog('county'), '-', '+')) ?? []).map((e) => e.message.action);
		expect(actions).toEqual(['body.created', 'roster.imported', 'roster.imported', 'roster.member-added', 'roster.member-edited', 'roster.member-retired']);
	});
});

describe('meetings and their agenda', () => {
	let meetingId: string;

	it('creates a standing-committee meeting with more-than-half quorum by default', async () => {
		await ok('POST', '/bodies', { id: 'sc', name: '常委会', kind: 'standing-committee' });
		await ok('POST', '/bodies/sc/members', { name: '委员甲', group: '第一组', seat: '1' });
		const view = await ok<MeetingView>('POST', '/meetings', { bodyId: 'sc', kind: 'standing-committee', title: '专题询问会', date: '2026-11-30', venue: '常委会会议室' });
		meetingId = view.id;
		expect(view.rules?.quorum).toBe('more-than-half-of-all');
		expect(view.version).toBe(1);
	});

	it('refuses a meeting for a body that does not exist', async () => {
		const { status } = await refused('POST', '/meetings', { bodyId: 'nobody', kind: 'inquiry', title: 't', date: '2026-11-30', venue: 'v' });
		expect(status).toBe(404);
	});

	it('saves an agenda, then refuses a save based on a stale version with CONFLICT', async () => {
		await ok('PUT', `/meetings/${meetingId}/respondents`, { baseVersion: 1, respondents: [{ id: 'r1', name: '钱慧敏', title: '局长', department: '市教育局' }] });
		const agenda: AgendaItem[] = [
			{ id: 'a1', kind: 'report', title: '听取报告' },
			{ id: 'a2', kind: 'inquiry', title: '询问', questions: [{ id: 'q1', askerId: 'm0001', respondentIds: ['r1'], topic: '课后服务', text: '覆盖率如何？' }] }
		];
		const saved = await ok<MeetingView>('PUT', `/meetings/${meetingId}/agenda`, { baseVersion: 2, agenda });
		expect(saved.version).toBe(3);
		expect(saved.agenda[1]!.questions?.[0]?.asker.name).toBe('委员甲');
		const stale = await refused('PUT', `/meetings/${meetingId}/agenda`, { baseVersion: 2, agenda: [] });
		expect(stale.status).toBe(409);
		expect(stale.error.message.zh).toMatch(/他人修改/);
		expect((await ok<MeetingView>('GET', `/meetings/${meetingId}`)).agenda).toHaveLength(2);
	});

	it('refuses an agenda whose asker is not a member of the body, listing the path', async () => {
		const bad: AgendaItem[] = [{ id: 'a2', kind: 'inquiry', title: '询问', questions: [{ id: 'q1', askerId: 'd001', respondentIds: ['r1'], topic: 't', text: 'x' }] }];
		const { error } = await refused('PUT', `/meetings/${meetingId}/agenda`, { baseVersion: 3, agenda: bad });
		expect(error.issues?.map((i) => i.path)).toEqual(['agenda.0.questions.0.askerId']);
		expect(await app.redis.get(keys.meetingVersion(meetingId))).toBe('3');
	});

	it('accepts PDF and image materials by their bytes, serves them, and refuses a renamed executable', async () => {
		const pdf = new TextEncoder().encode('%PDF-1.4\n% test\n');
		const material = await ok<Material>('POST', `/meetings/${meetingId}/materials?itemId=a1&name=${encodeURIComponent('工作报告.pdf')}`, pdf, { 'content-type': 'application/pdf' });
		expect(material).toMatchObject({ itemId: 'a1', name: '工作报告.pdf', type: 'application/pdf', size: pdf.length });
		const res = await fetch(`${app.baseUrl}/api/meetings/${meetingId}/materials/${material.id}`, { headers: { cookie } });
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);

		const fake = await refused('POST', `/meetings/${meetingId}/materials?itemId=a1&name=x.pdf`, new TextEncoder().encode('MZ\x90\x00'), { 'content-type': 'application/pdf' });
		expect(fake.error.message.zh).toMatch(/PDF/);
		const view = await ok<MeetingView>('GET', `/meetings/${meetingId}`);
		expect(view.agenda[0]!.materials?.map((m) => m.id)).toEqual([material.id]);
	});

	it('exports the plan and imports it as a copy, keeping the agenda and dropping materials', async () => {
		const plan = await ok<MeetingPlan>('GET', `/meetings/${meetingId}/plan`);
		expect(plan.format).toBe('wenzhengtai.meeting-plan');
		expect(plan.members.map((m) => m.name)).toEqual(['委员甲']);
		const copy = await ok<MeetingView>('POST', `/meetings/import?as=${meetingId}-rehearsal`, plan);
		expect(copy.id).toBe(`${meetingId}-rehearsal`);
		expect(copy.agenda.map((a) => a.title)).toEqual(['听取报告', '询问']);
		expect(copy.agenda[0]!.materials).toEqual([]);
		const twice = await refused('POST', `/meetings/import?as=${meetingId}-rehearsal`, plan);
		expect(twice.status).toBe(409);
	});

	it('refuses a plan file that does not follow the schema, saying where', async () => {
		const plan = await ok<MeetingPlan>('GET', `/meetings/${meetingId}/plan`);
		const broken = { ...plan, meeting: { ...plan.meeting, date: '30/11/2026' } };
		const { error } = await refused('POST', '/meetings/import?as=broken', broken);
		expect(error.issues?.map((i) => i.path)).toContain('meeting.date');
		expect(await app.redis.exists(keys.meeting('broken'))).toBe(0);
	});

	it('records every change in the meeting’s log, which verifies, with who did it', async () => {
		const page = await ok<AuditPage>('GET', `/meetings/${meetingId}/log`);
		expect(page.verification.ok).toBe(true);
		expect(page.entries.map((e) => e.action)).toEqual(['meeting.created', 'respondents.saved', 'agenda.saved', 'material.added']);
		expect(page.entries.every((e) => e.actor.id === 'admin')).toBe(true);
		expect(page.head.seq).toBe(4);
		const exported = await ok<{ finalHash: string; count: number }>('GET', `/meetings/${meetingId}/log/export`);
		expect(exported).toMatchObject({ finalHash: page.head.hash, count: 4 });
	});
});

describe('a plan whose asker has left the roster', () => {
	it('still takes changes to other parts, but not an agenda that keeps the retired asker', async () => {
		const meetingId = (await ok<MeetingView>('POST', '/meetings', { bodyId: 'sc', kind: 'inquiry', title: '询问会', date: '2026-12-01', venue: '会议室' })).id;
		const agenda: AgendaItem[] = [
			{ id: 'a1', kind: 'inquiry', title: '询问', questions: [{ id: 'q1', askerId: 'm0001', respondentIds: ['r1'], topic: '课后服务', text: '覆盖率如何？' }] }
		];
		await ok('PUT', `/meetings/${meetingId}/respondents`, { baseVersion: 1, respondents: [{ id: 'r1', name: '钱慧敏', title: '局长', department: '市教育局' }] });
		const saved = await ok<MeetingView>('PUT', `/meetings/${meetingId}/agenda`, { baseVersion: 2, agenda });
		expect(saved.rules?.quorum).toBe('more-than-half-of-all'); // an inquiry meeting of a standing committee
		await ok('PUT', '/bodies/sc/members/m0001/retired', { retired: true });

		const settings = { kind: 'inquiry', title: '询问会（改期）', date: '2026-12-02', venue: '会议室', rules: saved.rules };
		const moved = await ok<MeetingView>('PUT', `/meetings/${meetingId}/settings`, { baseVersion: saved.version, ...settings });
		expect(moved.date).toBe('2026-12-02');
		const refusedAgenda = await refused('PUT', `/meetings/${meetingId}/agenda`, { baseVersion: moved.version, agenda });
		expect(refusedAgenda.error.issues?.map((i) => i.path)).toEqual(['agenda.0.questions.0.askerId']);
		expect(refusedAgenda.error.issues?.[0]?.message.zh).toContain('委员甲');
	});
});

describe('the demo meeting', () => {
	it('starts its log with its creation', async () => {
		const page = await ok<AuditPage>('GET', `/meetings/${DEMO_MEETING_ID}/log`);
		expect(page.entries[0]).toMatchObject({ seq: 1, action: 'meeting.created', actor: { role: 'system' } });
	});
});
