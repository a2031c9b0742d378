/**
 * Issue 7's "done when", in one test on the real built server: deputies of two groups propose questions
 * from their tablets; the clerk selects two of the three, orders them, chooses who asks each and adopts
 * them into the inquiry; the session runs (sign-in with one absent, each adopted question called, asked
 * and answered, one with a follow-up that runs into overtime, a named motion) over the sockets the
 * console and the tablets use, watched on the public page and the wall; the host closes it on the run
 * page. The public page and the wall then say the session has closed, and the record page and its PDF,
 * read back as text, are checked against what the test did.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { ClientToServerEvents } from '../shared/protocol';
import { collectionTablet, propose } from './collection.helpers';
import { expect, test } from './fixtures';
import { type Client, type MeetingSetup, connect, data, ok, pairedCookie, pairingCodes, prepareMeeting, sessionCookie } from './live-session.helpers';
import { pdfText } from './record-pdf.helpers';

const MEETING = 'e2e-collect-to-record';
const TITLE = '县人大常委会民生实事专题询问会（全程测试）';
const MOTION_TITLE = '表决《关于民生实事专题询问的审议意见（草案）》';
/** The shortest limit a meeting may set, so the follow-up runs into overtime within the test. */
const FOLLOW_UP_ASK_SECONDS = 10;
/** How far past it the follow-up runs: long enough to show as whole seconds in the record. */
const OVERTIME_MS = 3000;
const PHONE = { width: 390, height: 844 };
const WALL = { width: 1920, height: 1080 };

/** Two groups; 陈静 will not sign in. */
const ROSTER = [
	{ name: '张明', group: '第一组' },
	{ name: '李华', group: '第一组' },
	{ name: '王芳', group: '第二组' },
	{ name: '赵强', group: '第二组' },
	{ name: '陈静', group: '第二组' }
];
const ABSENT = '陈静';
const PRESENT = ROSTER.map((m) => m.name).filter((name) => name !== ABSENT);
const groupOf = (name: string) => ROSTER.find((m) => m.name === name)!.group;

const EDU = { id: 'r-edu', name: '钱慧敏', title: '局长', department: '县教育局' };
const HOUSING = { id: 'r-housing', name: '李明远', title: '局长', department: '县住房和城乡建设局' };
const CIVIL = { id: 'r-civil', name: '吴佳琪', title: '局长', department: '县民政局' };
/** How the record names a respondent: the name, then the post. */
const respondentText = (r: typeof EDU) => `${r.name}（${r.department}${r.title}）`;

/** What the deputies propose: 第一组 one question (with a co-signer), 第二组 two. */
const AFTER_SCHOOL = { by: '张明', coSigner: '李华', topic: '课后延时服务', respondent: EDU, text: '课后延时服务覆盖率如何？教师负担如何减轻？' };
const LIFT = { by: '王芳', topic: '老旧小区加装电梯', respondent: HOUSING, text: '老旧小区加装电梯今年完成多少台？审批慢的原因是什么？' };
const CANTEEN = { by: '王芳', topic: '社区长者食堂', respondent: CIVIL, text: '社区长者食堂覆盖率和运营补贴如何保障？' };
/**
 * What the clerk adopts, in this order: the lift question asked by its proposer, the after-school one by
 * its co-signer rather than its proposer; the canteen question is left out. 赵强 follows up the first.
 */
const ADOPTED = [
	{ proposal: LIFT, asker: '王芳', followUpBy: '赵强' as string | null },
	{ proposal: AFTER_SCHOOL, asker: '李华', followUpBy: null }
];
/** The named motion: three for, one against, of five members. */
const BALLOTS: Record<string, 'yes' | 'no'> = { 张明: 'yes', 李华: 'yes', 王芳: 'yes', 赵强: 'no' };

const SETUP: MeetingSetup = {
	body: { id: 'e2e-ctr-body', name: '示范县人大常委会（全程测试）', kind: 'standing-committee' },
	roster: ['姓名,代表小组,座位号,代表证号', ...ROSTER.map((m, i) => `${m.name},${m.group},${i + 1},C10${i + 1}`)].join('\n'),
	meeting: {
		id: MEETING,
		bodyId: 'e2e-ctr-body',
		kind: 'standing-committee',
		title: TITLE,
		date: '2026-11-21',
		venue: '常委会会议室',
		rules: { timers: { followUpAskSeconds: FOLLOW_UP_ASK_SECONDS } }
	},
	respondents: [EDU, HOUSING, CIVIL],
	agenda: () => [
		{ id: 'i1', kind: 'inquiry', title: '民生实事专题询问', questions: [] },
		{ id: 'i2', kind: 'vote', title: MOTION_TITLE, motion: '会议同意将询问中提出的问题交县人民政府研究处理。' }
	]
};

type StepRequest = Parameters<ClientToServerEvents['question:step']>[0];

/** When something happened, as seen from the test: after `from`, before `to`. */
interface Window {
	from: number;
	to: number;
}

async function timed(act: () => Promise<unknown>): Promise<Window> {
	const from = Date.now();
	await act();
	return { from, to: Date.now() };
}

const CHINA_OFFSET_S = 8 * 3600;
/** Seconds since midnight in China Standard Time, the clock the record's times are written in. */
const chinaSecondOfDay = (ms: number) => (Math.floor(ms / 1000) + CHINA_OFFSET_S) % 86400;

/** A time of day the record shows (`HH:MM:SS`) lies within the window (across midnight too). */
function expectTimeWithin(shown: string, window: Window, what: string): void {
	const [h, m, s] = shown.split(':').map(Number) as [number, number, number];
	const lo = chinaSecondOfDay(window.from);
	const span = (chinaSecondOfDay(window.to) - lo + 86400) % 86400;
	expect((h * 3600 + m * 60 + s - lo + 86400) % 86400, `${what}: ${shown}`).toBeLessThanOrEqual(span);
}

/** `2026年11月21日 10:05`, China Standard Time: how the public page and the wall say when the session closed. */
function chinaMinute(ms: number): string {
	const d = new Date(ms + CHINA_OFFSET_S * 1000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The minute the session closed in, whichever side of a minute's turn the close fell. */
const closedMinute = (w: Window) => new RegExp(`^(${[...new Set([chinaMinute(w.from), chinaMinute(w.to)])].join('|')})$`);

/** A phase as the test drove it: who spoke, and the windows in which it started and ended. */
interface PhaseDriven {
	phase: string;
	speaker: string;
	start: Window;
	end: Window;
}

async function screenshot(page: Page, name: string, fullPage: boolean): Promise<void> {
	const path = test.info().outputPath(name);
	await page.screenshot({ path, fullPage });
	await test.info().attach(name, { path, contentType: 'image/png' });
}

test('questions collected from two groups, selected, asked in the session, and found in the record and its PDF', async ({ browser, server }) => {
	test.setTimeout(180_000);
	const url = (p: string) => `${server.url}${p}`;
	const staff = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const memberIds = await prepareMeeting(staff.request, url, SETUP);
	const idOf = (name: string) => memberIds[name]!;
	const codes = await pairingCodes(staff.request, url, MEETING, PRESENT.map(idOf));

	// ── Collection: two groups propose from their tablets, the clerk selects, orders and adopts ────────
	const review = await staff.newPage();
	await review.goto(url(`/console/${MEETING}/collection`));
	await expect(review.getByTestId('review-proposal')).toHaveCount(0);
	const first = await collectionTablet(browser, url, MEETING, codes[idOf(AFTER_SCHOOL.by)]!);
	const second = await collectionTablet(browser, url, MEETING, codes[idOf(LIFT.by)]!);
	await propose(first, { topic: AFTER_SCHOOL.topic, respondentId: AFTER_SCHOOL.respondent.id, text: AFTER_SCHOOL.text, coSigner: idOf(AFTER_SCHOOL.coSigner) });
	for (const q of [LIFT, CANTEEN]) await propose(second, { topic: q.topic, respondentId: q.respondent.id, text: q.text });

	const proposal = (topic: string) => review.locator(`[data-testid="review-proposal"][data-topic="${topic}"]`);
	await expect(review.getByTestId('review-proposal')).toHaveCount(3);
	// Selected in the order they came, then the lift question moved up to be asked first.
	await proposal(AFTER_SCHOOL.topic).getByTestId('review-select').click();
	await expect(review.getByTestId('selection-row')).toHaveCount(1);
	await proposal(LIFT.topic).getByTestId('review-select').click();
	await expect(review.getByTestId('selection-row')).toHaveCount(2);
	await review.getByTestId('selection-row').nth(1).getByTestId('selection-up').click();
	const liftId = await proposal(LIFT.topic).getAttribute('data-proposal-id');
	await expect(review.getByTestId('selection-row').first()).toHaveAttribute('data-proposal-id', liftId!);
	for (const [i, { asker }] of ADOPTED.entries()) {
		const select = review.getByTestId('selection-row').nth(i).getByTestId('selection-asker');
		await select.selectOption(idOf(asker));
		await expect(select).toHaveValue(idOf(asker));
	}
	await review.getByTestId('adopt').click();
	await review.getByTestId('adopt-confirm').click();
	await expect(review.getByTestId('adopt-done')).toContainText(`已将 ${ADOPTED.length} 个问题写入`);

	// The inquiry's prepared questions are the adopted ones: their ids are the queue's entries.
	const plan = (await (await ok(staff.request.get(url(`/api/meetings/${MEETING}`)), 'plan')).json()).data;
	const prepared: { id: string; topic: string; asker: { id: string } }[] = plan.agenda.find((i: { id: string }) => i.id === 'i1').questions;
	expect(prepared.map((q) => [q.topic, q.asker.id])).toEqual(ADOPTED.map((a) => [a.proposal.topic, idOf(a.asker)]));
	const entryIds = prepared.map((q) => q.id);

	// ── The session: watched on the public page and the wall, driven over the sockets ──────────────────
	const phone = await (await browser.newContext({ viewport: PHONE })).newPage();
	await phone.goto(url(`/live/${MEETING}`));
	const access = (await (await ok(staff.request.get(url(`/api/meetings/${MEETING}/access`)), 'access')).json()).data;
	const wall = await (await browser.newContext({ viewport: WALL })).newPage();
	await wall.goto(url(`/screen/${MEETING}?token=${encodeURIComponent(access.screenToken)}`));
	const run = await staff.newPage();
	await run.goto(url(`/console/${MEETING}/run`));

	// The two proposers act from the tablets they proposed on; the other two from tablets of their own.
	const tabletCookies: Record<string, string> = {
		[AFTER_SCHOOL.by]: await sessionCookie(first.context()),
		[LIFT.by]: await sessionCookie(second.context())
	};
	for (const name of PRESENT) tabletCookies[name] ??= await pairedCookie(url, codes[idOf(name)]!);
	const host = await connect(server.url, await sessionCookie(staff), MEETING);
	const tablets: Record<string, Client> = {};
	for (const name of PRESENT) tablets[name] = await connect(server.url, tabletCookies[name]!, MEETING);
	const sockets = [host, ...Object.values(tablets)];

	const phases: PhaseDriven[][] = [];
	let followUpAsking: { start: Window; end: Window } | null = null;
	let motionId = '';
	try {
		data(await host.emitWithAck('sign-in:toggle', { open: true }), 'open sign-in');
		for (const name of PRESENT) data(await tablets[name]!.emitWithAck('sign-in:self', {}), `${name} signs in`);
		data(await host.emitWithAck('sign-in:toggle', { open: false }), 'close sign-in');
		data(await host.emitWithAck('agenda:control', { itemId: 'i1', action: 'activate' }), 'activate the inquiry');

		for (const [i, adopted] of ADOPTED.entries()) {
			const entryId = entryIds[i]!;
			const step = (s: Omit<StepRequest, 'entryId'>) => timed(async () => data(await host.emitWithAck('question:step', { entryId, ...s }), `${adopted.proposal.topic}: ${s.from} → ${s.action.type}`));
			const respondent = adopted.proposal.respondent.name;
			const driven: PhaseDriven[] = [];
			const called = await step({ from: 'queued', action: { type: 'call' } });
			const answered = await step({ from: 'asking', action: { type: 'answer' } });
			driven.push({ phase: 'asking', speaker: adopted.asker, start: called, end: answered });
			let last = answered;
			let lastPhase: { phase: StepRequest['from']; speaker: string } = { phase: 'answering', speaker: respondent };
			if (adopted.followUpBy) {
				const followedUp = await step({ from: 'answering', action: { type: 'follow-up', askerId: idOf(adopted.followUpBy) } });
				driven.push({ ...lastPhase, start: last, end: followedUp });
				// The follow-up runs past its limit: the public page says so, and counts the overtime up.
				await expect(phone.getByTestId('live-clock-note')).toContainText('超时', { timeout: (FOLLOW_UP_ASK_SECONDS + 10) * 1000 });
				const remaining = async () => Number(await phone.getByTestId('live-countdown').getAttribute('data-remaining-ms'));
				await expect.poll(remaining, { timeout: OVERTIME_MS + 10_000 }).toBeLessThanOrEqual(-OVERTIME_MS);
				const reAnswered = await step({ from: 'follow-up-asking', action: { type: 'follow-up-answer' } });
				driven.push({ phase: 'follow-up-asking', speaker: adopted.followUpBy, start: followedUp, end: reAnswered });
				followUpAsking = { start: followedUp, end: reAnswered };
				last = reAnswered;
				lastPhase = { phase: 'follow-up-answering', speaker: respondent };
			}
			const finished = await step({ from: lastPhase.phase, action: { type: 'finish' } });
			driven.push({ ...lastPhase, start: last, end: finished });
			phases.push(driven);
		}
		data(await host.emitWithAck('agenda:control', { itemId: 'i1', action: 'close' }), 'close the inquiry');

		data(await host.emitWithAck('agenda:control', { itemId: 'i2', action: 'activate' }), 'activate the motion');
		motionId = data(await host.emitWithAck('vote:open', { itemId: 'i2', settings: { anonymous: false } }), 'open the motion').voteId;
		for (const [name, choice] of Object.entries(BALLOTS)) {
			const cast = { voteId: motionId, key: randomBytes(12).toString('base64url'), secret: randomBytes(24).toString('base64url'), choice };
			data(await tablets[name]!.emitWithAck('vote:cast', cast), `${name} votes`);
		}
		data(await host.emitWithAck('vote:close', { voteId: motionId }), 'close the motion');
	} finally {
		for (const s of sockets) s.close();
	}

	// The host closes the session on the run page.
	await run.getByTestId('meeting-close').click();
	const closing = await timed(async () => {
		await run.getByTestId('meeting-close-confirm').click();
		await expect(run.getByTestId('meeting-closed')).toBeVisible();
	});
	await expect(run.getByTestId('preview-item')).toHaveText('会议已闭幕');

	// ── The public page and the wall say the session has closed, and when ──────────────────────────────
	await expect(phone.getByTestId('live-closed')).toContainText('会议已闭幕');
	await expect(phone.getByTestId('live-closed-at')).toHaveText(closedMinute(closing));
	await expect(phone.getByText('会议尚未开始')).toHaveCount(0);
	await expect(phone.getByTestId('live-gongshi-link')).toHaveAttribute('href', /^\/gongshi/);
	await expect(wall.getByTestId('wall-closed')).toContainText('会议已闭幕');
	await expect(wall.getByTestId('wall-closed-at')).toHaveText(closedMinute(closing));
	await expect(wall.getByText('会议即将开始')).toHaveCount(0);
	await screenshot(phone, 'public-page-closed.png', true);
	await screenshot(wall, 'wall-closed.png', false);

	// ── The record page ────────────────────────────────────────────────────────────────────────────────
	const record = await staff.newPage();
	await record.goto(url(`/record/${MEETING}`));
	const doc = record.getByTestId('record');
	await expect(doc).toHaveAttribute('data-closed', 'true');
	await expect(record.getByTestId('record-title')).toHaveText(TITLE);
	const attendance = record.getByTestId('record-attendance');
	await expect(attendance).toHaveAttribute('data-expected', String(ROSTER.length));
	await expect(attendance).toHaveAttribute('data-signed-in', String(PRESENT.length));
	await expect(attendance).toHaveAttribute('data-absent', String(ROSTER.length - PRESENT.length));
	await expect(record.getByText(`缺席：${ABSENT}。`)).toBeVisible();

	// Only the adopted questions, in the clerk's order, with the askers the clerk chose.
	const rows = record.getByTestId('record-question');
	await expect(rows).toHaveCount(ADOPTED.length);
	await expect(doc).not.toContainText(CANTEEN.topic);
	const shownPhases: string[][] = [];
	for (const [i, adopted] of ADOPTED.entries()) {
		const row = rows.nth(i);
		const cells = row.locator('td');
		await expect(row).toHaveAttribute('data-entry-id', entryIds[i]!);
		await expect(row).toHaveAttribute('data-status', 'done');
		await expect(cells.nth(1)).toHaveText(adopted.proposal.topic);
		await expect(cells.nth(2)).toHaveText(`${adopted.asker}${groupOf(adopted.asker)}`);
		await expect(cells.nth(3)).toHaveText(respondentText(adopted.proposal.respondent));
		await expect(cells.nth(6)).toHaveText(adopted.followUpBy ? `1次（${adopted.followUpBy}）` : '—');

		const detail = record.locator(`[data-testid="record-question-detail"][data-entry-id="${entryIds[i]}"]`);
		await expect(detail).toContainText(adopted.proposal.text);
		const phaseRows = detail.getByTestId('record-phase');
		await expect(phaseRows).toHaveCount(phases[i]!.length);
		const spans: string[] = [];
		for (const [n, driven] of phases[i]!.entries()) {
			const phaseRow = phaseRows.nth(n);
			await expect(phaseRow).toHaveAttribute('data-phase', driven.phase);
			await expect(phaseRow.locator('td').nth(1)).toHaveText(driven.speaker);
			const span = (await phaseRow.locator('td').nth(2).textContent())!.trim();
			const [started, ended] = span.split('–') as [string, string];
			expectTimeWithin(started, driven.start, `${adopted.proposal.topic} ${driven.phase} started`);
			expectTimeWithin(ended, driven.end, `${adopted.proposal.topic} ${driven.phase} ended`);
			spans.push(`${driven.speaker}${span}`);
		}
		shownPhases.push(spans);
	}
	// The follow-up's overtime: how long it ran past its limit, within what the test can tell.
	const over = followUpAsking!;
	const overtimeMs = Number(await rows.nth(0).getAttribute('data-overtime-ms'));
	expect(overtimeMs).toBeGreaterThanOrEqual(over.end.from - over.start.to - FOLLOW_UP_ASK_SECONDS * 1000);
	expect(overtimeMs).toBeLessThanOrEqual(over.end.to - over.start.from - FOLLOW_UP_ASK_SECONDS * 1000);
	await expect(rows.nth(0).locator('td').nth(5)).toHaveText(`${Math.round(overtimeMs / 1000)}秒`);
	await expect(rows.nth(1)).toHaveAttribute('data-overtime-ms', '0');

	// The motion: three for, one against, of five members; passing needs more than half of all.
	const yes = Object.values(BALLOTS).filter((c) => c === 'yes').length;
	const no = Object.values(BALLOTS).filter((c) => c === 'no').length;
	const cast = Object.keys(BALLOTS).length;
	const needed = Math.floor(ROSTER.length / 2) + 1;
	const verdict = yes >= needed ? '通过' : '未通过';
	const motion = record.locator(`[data-testid="record-vote"][data-vote-id="${motionId}"]`);
	const counts = motion.getByTestId('record-motion');
	await expect(counts).toHaveAttribute('data-yes', String(yes));
	await expect(counts).toHaveAttribute('data-no', String(no));
	await expect(counts).toHaveAttribute('data-passed', String(yes >= needed));
	await expect(motion.getByTestId('record-verdict')).toHaveText(verdict);
	const named = Object.entries(BALLOTS).map(([name, choice]) => `${name}（${choice === 'yes' ? '赞成' : '反对'}）`);
	for (const n of named) await expect(motion.getByTestId('record-named')).toContainText(n);

	// The log's final hash is the one its export ends on, and the chain verifies.
	const exported = (await (await ok(staff.request.get(url(`/api/meetings/${MEETING}/log/export`)), 'log export')).json()).data as { finalHash: string };
	await expect(record.getByTestId('record-log-hash')).toHaveText(exported.finalHash);
	await expect(record.getByTestId('record-log-verified')).toHaveAttribute('data-verified', 'true');

	// ── The PDF, read back as text ─────────────────────────────────────────────────────────────────────
	const pdf = await ok(staff.request.get(url(`/api/meetings/${MEETING}/record/pdf`)), 'pdf');
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	const text = (await pdfText(await pdf.body())).text.replaceAll('\n', '');
	const says = (expected: string, what = expected) => expect(text, `the PDF says ${what}`).toContain(expected.replace(/\s+/g, ''));
	says(TITLE);
	const closedAt = /闭会时间\d{4}-\d{2}-\d{2}(\d{2}:\d{2}:\d{2})/.exec(text);
	expect(closedAt, 'the PDF says when the session closed').not.toBeNull();
	expectTimeWithin(closedAt![1]!, closing, 'the session closed');
	says(`缺席：${ABSENT}。`);
	says(`共 ${ADOPTED.length} 个问题，询问 ${ADOPTED.length} 个，追问 ${ADOPTED.filter((a) => a.followUpBy).length} 次`);
	says(`累计超时 ${Math.round(overtimeMs / 1000)}秒`);
	for (const [i, adopted] of ADOPTED.entries()) {
		// The question's row: number, topic, asker and group, respondent.
		says(`${i + 1}${adopted.proposal.topic}${adopted.asker}${groupOf(adopted.asker)}${respondentText(adopted.proposal.respondent)}`, `question ${i + 1}'s row`);
		if (adopted.followUpBy) says(`1次（${adopted.followUpBy}）`);
		for (const span of shownPhases[i]!) says(span, `a phase of ${adopted.proposal.topic}: ${span}`);
	}
	expect(text).not.toContain(CANTEEN.topic);
	says(MOTION_TITLE);
	// 应到 实到 投票 赞成 反对 弃权 未按 通过所需 结果, cell after cell.
	says(`${ROSTER.length}${PRESENT.length}${cast}${yes}${no}${cast - yes - no}${PRESENT.length - cast}${needed}${verdict}`, 'the motion’s counts');
	for (const n of named) says(n);
	expect(text).toContain(exported.finalHash);

	// ── From the public page to the public record ─────────────────────────────────────────────────────
	await phone.getByTestId('live-record-link').click();
	await expect(phone.getByTestId('record')).toHaveAttribute('data-audience', 'public');
	await expect(phone.getByTestId('record-log-hash')).toHaveText(exported.finalHash);
});
