/**
 * Issue 6's follow-up tracking as the people concerned see it. A committee of three holds an inquiry with
 * two questions (the second rated 不满意) and a project ballot; the host closes the session from the
 * console; the items appear live on the clerks' board, the public disclosure board (a phone), the
 * department's portal and the asking deputy's tablet. The follow-up clock is moved (admin REST, on a
 * server started with the test clock) to just before the report deadline, then past it: the reminder and
 * then the escalation (督办) arrive live on every screen concerned. The department accepts the item,
 * posts progress, uploads and writes its reply; the clerk sends it for rating; the deputy rates it on the
 * tablet and the public board shows it closed with the reply.
 *
 * The session itself (sign-in, calling questions, the rating votes, the ballot) is driven over the
 * socket API, as its screens are tested in live-inquiry.e2e.ts and votes.e2e.ts.
 */
import { randomBytes } from 'node:crypto';
import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import { type Socket, io } from 'socket.io-client';
import type { FollowupView } from '../shared/followup.schema';
import { SESSION_COOKIE } from '../shared/identity.schema';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { ADMIN, expect, test } from './fixtures';

test.use({ serverEnv: { FOLLOWUP_TEST_CLOCK: '1' } });

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const DAY_MS = 24 * 3600 * 1000;
const BODY = 'e2e-fu-committee';
const MEETING = 'e2e-fu-meeting';
const ROSTER = ['姓名,代表小组,座位号,代表证号', '张明,第一组,1,F001', '李华,第一组,2,F002', '王芳,第二组,3,F003'].join('\n');
const HOUSING = { id: 'r-housing', name: '陈立新', title: '副局长', department: '市住房和城乡建设局' };
const TRANSPORT = { id: 'r-transport', name: '周海波', title: '局长', department: '市交通运输局' };
const Q2_TOPIC = '公交线路优化';
const REPLY = '经研究，我局已于本季度调整 12 条公交线路，新增社区微循环线路 3 条，并将于年底前完成站点无障碍改造。';

type Ok<T> = { ok: true; data: T } | { ok: false; error: unknown };

async function ok<T>(response: ReturnType<APIRequestContext['get']>, what: string): Promise<T> {
	const r = await response;
	const body = (await r.json()) as Ok<T>;
	expect(body.ok, `${what}: ${r.status()} ${JSON.stringify(body)}`).toBe(true);
	return (body as { data: T }).data;
}

async function sessionCookie(context: BrowserContext): Promise<string> {
	const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
	expect(cookie, 'a session cookie').toBeTruthy();
	return `${cookie!.name}=${cookie!.value}`;
}

/** A socket speaking the shared protocol as the holder of `cookie`. */
async function connect(url: string, cookie: string): Promise<Socket> {
	const socket = io(url, { transports: ['websocket'], auth: { protocol: PROTOCOL_VERSION }, extraHeaders: { cookie }, reconnection: false });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	return socket;
}

async function send<T = unknown>(socket: Socket, event: string, payload: unknown): Promise<T> {
	const result = (await socket.timeout(5_000).emitWithAck(event, payload)) as Ok<T>;
	expect(result.ok, `${event} ${JSON.stringify(payload)}: ${JSON.stringify(result)}`).toBe(true);
	return (result as { data: T }).data;
}

const castKey = () => randomBytes(12).toString('base64url');

test('a closed session becomes tracked items, chased by the clock, answered by the department and rated by the asker', async ({ browser, server }) => {
	test.setTimeout(180_000);
	const url = (p: string) => `${server.url}${p}`;

	// Preparation over REST: a committee of three, an inquiry with two questions, a 3-for-2 project ballot.
	const staff = await browser.newContext({ viewport: LAPTOP });
	const api = staff.request;
	await ok(api.post(url('/api/auth/login'), { data: ADMIN }), 'log in');
	await ok(api.post(url('/api/bodies'), { data: { id: BODY, name: '示范市人大常委会（督办测试）', kind: 'standing-committee' } }), 'body');
	await ok(api.post(url(`/api/bodies/${BODY}/roster/import?fileName=roster.csv`), { headers: { 'content-type': 'text/csv' }, data: Buffer.from(ROSTER) }), 'roster');
	const memberIds = (await ok<{ members: { id: string }[] }>(api.get(url(`/api/bodies/${BODY}`)), 'body read')).members.map((m) => m.id);
	expect(memberIds).toHaveLength(3);
	const [askerA, askerB] = memberIds as [string, string, string];
	await ok(api.post(url('/api/meetings'), { data: { id: MEETING, bodyId: BODY, kind: 'inquiry', title: '民生问题专题询问会（督办测试）', date: '2026-06-20', venue: '常委会会议室' } }), 'meeting');
	let version = (await ok<{ version: number }>(api.get(url(`/api/meetings/${MEETING}`)), 'meeting read')).version;
	version = (await ok<{ version: number }>(api.put(url(`/api/meetings/${MEETING}/respondents`), { data: { baseVersion: version, respondents: [HOUSING, TRANSPORT] } }), 'respondents')).version;
	await ok(
		api.put(url(`/api/meetings/${MEETING}/agenda`), {
			data: {
				baseVersion: version,
				agenda: [
					{
						id: 'inq',
						kind: 'inquiry',
						title: '民生问题专题询问',
						questions: [
							{ id: 'q1', askerId: askerA, respondentIds: [HOUSING.id], topic: '老旧小区加装电梯', text: '老旧小区加装电梯进度缓慢，如何提速？' },
							{ id: 'q2', askerId: askerB, respondentIds: [TRANSPORT.id], topic: Q2_TOPIC, text: '部分新建小区公交不通，何时优化线路？' }
						]
					},
					{ id: 'b1', kind: 'ballot', title: '2027年度民生实事项目票决', seats: 2, candidates: [{ id: 'c1', name: '社区食堂建设' }, { id: 'c2', name: '口袋公园改造' }, { id: 'c3', name: '农贸市场提升' }] }
				]
			}
		}),
		'agenda'
	);
	const codes = await ok<{ memberId: string; code: string }[]>(api.post(url(`/api/meetings/${MEETING}/pairing/issue`), { data: { memberIds } }), 'codes');
	const codeOf = (memberId: string) => codes.find((c) => c.memberId === memberId)!.code;
	const access = await ok<{ respondents: { respondentId: string; code: string }[] }>(api.get(url(`/api/meetings/${MEETING}/access`)), 'access');

	// The screens: the host's console, the clerks' board, the public board on a phone, the transport
	// bureau's portal (reached from its respondent page), and deputy B's tablet.
	const host = await staff.newPage();
	await host.goto(url(`/console/${MEETING}/run`));
	const clerkContext = await browser.newContext({ viewport: LAPTOP });
	await ok(clerkContext.request.post(url('/api/auth/login'), { data: ADMIN }), 'clerk log in');
	const board = await clerkContext.newPage();
	await board.goto(url('/console/followups'));
	await expect(board.getByTestId('fu-empty')).toBeVisible();

	const phone = await (await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true })).newPage();
	await phone.goto(url(`/live/${MEETING}`));
	await phone.getByTestId('live-gongshi-link').click();
	await expect(phone).toHaveURL(/\/gongshi/);
	await expect(phone.getByTestId('gs-empty')).toBeVisible();

	const departmentContext = await browser.newContext({ viewport: LAPTOP });
	await ok(departmentContext.request.post(url('/api/auth/pair'), { data: { code: access.respondents.find((r) => r.respondentId === TRANSPORT.id)!.code } }), 'respondent pair');
	const department = await departmentContext.newPage();
	await department.goto(url(`/respondent/${MEETING}`));
	await department.getByTestId('respondent-followups-link').click();
	await expect(department.getByTestId('dept-name')).toHaveText(TRANSPORT.department);

	const tabletContext = await browser.newContext({ viewport: LAPTOP, hasTouch: true });
	await ok(tabletContext.request.post(url('/api/auth/pair'), { data: { code: codeOf(askerB) } }), 'tablet pair');
	const tablet = await tabletContext.newPage();
	await tablet.goto(url(`/tablet/${MEETING}`));
	await tablet.getByTestId('tablet-followups-open').click();
	await expect(tablet.getByTestId('tablet-fu-empty')).toBeVisible();

	// The session, over the socket API: the host, deputy B's tablet session and the other two deputies.
	const hostSocket = await connect(server.url, await sessionCookie(staff));
	const deputies: Socket[] = [];
	for (const memberId of memberIds) {
		let cookie: string;
		if (memberId === askerB) cookie = await sessionCookie(tabletContext);
		else {
			const paired = await fetch(url('/api/auth/pair'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: codeOf(memberId) }) });
			expect(paired.ok).toBe(true);
			cookie = paired.headers.get('set-cookie')!.split(';')[0]!;
		}
		deputies.push(await connect(server.url, cookie));
	}
	for (const socket of [hostSocket, ...deputies]) await send(socket, 'meeting:join', { meetingId: MEETING });
	await send(hostSocket, 'sign-in:toggle', { open: true });
	for (const d of deputies) await send(d, 'sign-in:self', {});
	await send(hostSocket, 'agenda:control', { itemId: 'inq', action: 'activate' });
	const castAll = async (voteId: string, choice: unknown) => {
		for (const d of deputies) await send(d, 'vote:cast', { voteId, key: castKey(), secret: randomBytes(24).toString('base64url'), choice });
	};
	for (const [entryId, rating] of [['q1', 'satisfied'], ['q2', 'unsatisfied']] as const) {
		await send(hostSocket, 'question:step', { entryId, from: 'queued', action: { type: 'call' } });
		await send(hostSocket, 'question:step', { entryId, from: 'asking', action: { type: 'answer' } });
		await send(hostSocket, 'question:step', { entryId, from: 'answering', action: { type: 'rate' } });
		const { voteId } = await send<{ voteId: string }>(hostSocket, 'vote:open', { itemId: 'inq', entryId });
		await castAll(voteId, rating);
		await send(hostSocket, 'vote:close', { voteId });
		await send(hostSocket, 'question:step', { entryId, from: 'rating', action: { type: 'finish' } });
	}
	await send(hostSocket, 'agenda:control', { itemId: 'inq', action: 'close' });
	await send(hostSocket, 'agenda:control', { itemId: 'b1', action: 'activate' });
	const ballot = await send<{ voteId: string }>(hostSocket, 'vote:open', { itemId: 'b1' });

	// While the ballot is open the console refuses to close the session, and says why.
	await expect(host.getByTestId('meeting-close')).toBeDisabled();
	await expect(host.getByTestId('meeting-close-blocked')).toContainText('尚未结束');
	await castAll(ballot.voteId, { marks: { c1: 'yes', c2: 'yes', c3: 'no' } });
	await send(hostSocket, 'vote:close', { voteId: ballot.voteId });
	await send(hostSocket, 'agenda:control', { itemId: 'b1', action: 'close' });

	// 闭幕 from the console, confirmed: the console says it is closed and leads to the board.
	await expect(host.getByTestId('run-controls').getByRole('button').first()).toBeEnabled();
	await host.getByTestId('meeting-close').click();
	await host.getByTestId('meeting-close-confirm').click();
	await expect(host.getByTestId('meeting-closed')).toBeVisible();
	// Nothing in a closed session can change: the run page's controls are all disabled.
	await expect(host.getByTestId('run-controls')).toHaveAttribute('disabled', '');
	await expect(host.getByTestId('run-controls').getByRole('button').first()).toBeDisabled();
	await expect(host.getByTestId('meeting-followups-link')).toHaveAttribute('href', '/console/followups');

	// Five items appear live: a report per question, a rectification for the 不满意, one per elected project.
	const rows = board.getByTestId('fu-row');
	await expect(rows).toHaveCount(5);
	await expect(board.locator('[data-testid="fu-row"][data-kind="question"]')).toHaveCount(2);
	await expect(board.locator('[data-testid="fu-row"][data-kind="rectification"]')).toHaveCount(1);
	await expect(board.locator('[data-testid="fu-row"][data-kind="project"][data-department="待指定承办单位"]')).toHaveCount(2);
	await expect(board.locator('[data-testid="fu-count"][data-status="assigned"]')).toHaveAttribute('data-count', '5');
	await expect(phone.getByTestId('gs-item')).toHaveCount(5);
	await expect(department.getByTestId('dept-item')).toHaveCount(2);
	await expect(tablet.getByTestId('tablet-fu-item')).toHaveCount(1);
	await expect(tablet.getByTestId('tablet-fu-notice')).toHaveAttribute('data-kind', 'created');

	const items = await ok<FollowupView[]>(api.get(url(`/api/followups?meetingId=${MEETING}`)), 'items');
	const q2Item = items.find((i) => i.kind === 'question' && i.department === TRANSPORT.department)!;
	const report = q2Item.milestones.find((m) => m.kind === 'report')!;
	const q2Row = board.locator(`[data-testid="fu-row"][data-item-id="${q2Item.id}"]`);

	// The clerk gives an elected project its department, from the board.
	await board.locator('[data-testid="fu-row"][data-kind="project"]').first().click();
	await board.getByTestId('fu-reassign-department').fill('市发展和改革委员会');
	await board.getByTestId('fu-reassign').click();
	await expect(board.locator('[data-testid="fu-row"][data-department="市发展和改革委员会"]')).toHaveCount(1);

	// The clock moves to three days before the report deadline: the 7-day reminder arrives live.
	const moveClockTo = async (target: number) => {
		const clock = await ok<{ now: number }>(api.get(url('/api/followups/clock')), 'clock');
		await ok(api.post(url('/api/followups/clock/move'), { data: { byMs: Math.max(0, Math.round(target - clock.now)) } }), 'clock move');
	};
	await moveClockTo(report.dueAt - 3 * DAY_MS);
	const noticeOn = (page: Page, kind: string) => page.locator(`[data-testid="fu-notice"][data-kind="${kind}"][data-item-id="${q2Item.id}"]`);
	await expect(noticeOn(board, 'reminder')).toHaveCount(1);
	await expect(noticeOn(board, 'reminder')).toContainText('7 天后');
	await expect(noticeOn(department, 'reminder')).toHaveCount(1);
	await expect(tablet.getByTestId('tablet-fu-notice')).toHaveAttribute('data-kind', 'reminder');
	await expect(q2Row).toHaveAttribute('data-overdue', 'false');

	// Past the deadline: the escalation (督办) arrives live; the item is overdue, in red, first on the board.
	await moveClockTo(report.dueAt + 3600_000);
	await expect(noticeOn(board, 'escalated')).toHaveCount(1);
	await expect(noticeOn(department, 'escalated')).toHaveCount(1);
	await expect(tablet.getByTestId('tablet-fu-notice')).toHaveAttribute('data-kind', 'escalated');
	await expect(q2Row).toHaveAttribute('data-overdue', 'true');
	await expect(rows.first()).toHaveAttribute('data-overdue', 'true');
	await expect(q2Row).toHaveCSS('border-left-color', 'rgb(179, 38, 30)');
	await expect(phone.locator(`[data-testid="gs-item"][data-item-id="${q2Item.id}"]`)).toHaveAttribute('data-overdue', 'true');

	// The department: accepts, posts progress, uploads its written reply, writes it and marks it answered.
	const deptItem = department.locator(`[data-testid="dept-item"][data-item-id="${q2Item.id}"]`);
	await deptItem.click();
	const detail = department.locator(`[data-testid="dept-detail"][data-item-id="${q2Item.id}"]`);
	await expect(detail.getByTestId('dept-return-deadline')).toBeVisible();
	await detail.getByTestId('dept-accept').click();
	await expect(deptItem).toHaveAttribute('data-status', 'in-progress');
	await detail.getByTestId('dept-progress-note').fill('已完成线路调研，正在征求沿线居民意见。');
	await detail.getByTestId('dept-progress').click();
	await expect(detail.locator('[data-testid="fu-timeline-entry"][data-action="progress"]')).toHaveCount(1);
	await detail.getByTestId('dept-file').setInputFiles({ name: '书面答复.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% reply\n%%EOF\n') });
	await detail.getByTestId('dept-upload').click();
	await expect(detail.getByTestId('dept-attachment')).toHaveText('书面答复.pdf');
	await detail.getByTestId('dept-reply').fill(REPLY);
	await detail.getByTestId('dept-answer').click();
	await expect(deptItem).toHaveAttribute('data-status', 'answered');
	await expect(q2Row).toHaveAttribute('data-status', 'answered');
	await expect(q2Row).toHaveAttribute('data-overdue', 'false');

	// The clerk sends it to be rated; the asker rates it on the tablet (基本满意) and it is closed.
	await q2Row.click();
	await expect(board.getByTestId('fu-detail')).toHaveAttribute('data-item-id', q2Item.id);
	await expect(board.getByTestId('fu-attachment')).toHaveText('书面答复.pdf');
	await board.getByTestId('fu-send-for-rating').click();
	await expect(q2Row).toHaveAttribute('data-status', 'evaluating');
	const tabletItem = tablet.locator(`[data-testid="tablet-fu-item"][data-item-id="${q2Item.id}"]`);
	await expect(tabletItem).toHaveAttribute('data-status', 'evaluating');
	await expect(tabletItem.getByTestId('tablet-fu-reply')).toHaveText(REPLY);
	await tabletItem.locator('[data-testid="tablet-fu-rate"][data-rating="basically-satisfied"]').click();
	await tabletItem.getByTestId('tablet-fu-rate-confirm').click();
	await expect(tabletItem).toHaveAttribute('data-status', 'closed');
	await expect(q2Row).toHaveAttribute('data-status', 'closed');
	await expect(deptItem).toHaveAttribute('data-status', 'closed');

	// The public board shows it closed, with the reply and every step.
	const publicItem = phone.locator(`[data-testid="gs-item"][data-item-id="${q2Item.id}"]`);
	await expect(publicItem).toHaveAttribute('data-status', 'closed');
	await publicItem.locator('summary').click();
	await expect(publicItem.getByTestId('gs-reply')).toHaveText(REPLY);
	const actions = await publicItem.getByTestId('fu-timeline-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')).reverse());
	expect(actions).toEqual(['created', 'reminder', 'reminder', 'escalated', 'accepted', 'progress', 'attachment', 'answered', 'sent-for-rating', 'rated']);
	await phone.getByTestId('gs-filter-status').selectOption('closed');
	await expect(phone.getByTestId('gs-item')).toHaveCount(1);

	// 回头看: preparing the body's next meeting, the clerk finds the open items and puts one on the agenda.
	await ok(api.post(url('/api/meetings'), { data: { id: `${MEETING}-next`, bodyId: BODY, kind: 'standing-committee', title: '常委会下次会议（督办测试）', date: '2027-03-10', venue: '常委会会议室' } }), 'next meeting');
	const agendaPage = await staff.newPage();
	await agendaPage.goto(url(`/console/${MEETING}-next/agenda`));
	await expect(agendaPage.getByTestId('review-item')).toHaveCount(4);
	const rectification = items.find((i) => i.kind === 'rectification')!;
	await agendaPage.locator(`[data-testid="review-item"][data-item-id="${rectification.id}"]`).getByTestId('review-add').click();
	await agendaPage.getByTestId('agenda-save').click();
	await expect(agendaPage.getByTestId('agenda-status')).toHaveAttribute('data-dirty', 'false');
	await expect(agendaPage.locator(`[data-testid="review-item"][data-item-id="${rectification.id}"]`).getByTestId('review-add')).toBeDisabled();
	const next = await ok<{ agenda: { kind: string; title: string }[] }>(api.get(url(`/api/meetings/${MEETING}-next`)), 'next meeting read');
	expect(next.agenda).toEqual([expect.objectContaining({ kind: 'report', title: `回头看：${rectification.title}（${TRANSPORT.department}）` })]);

	for (const socket of [hostSocket, ...deputies]) socket.close();
});
