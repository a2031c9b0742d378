/**
 * Issue 7's meeting record as the clerk and the public see it, on the real built server: a committee of
 * three holds a small session (driven over real sockets, as the console and the tablets send it) — one
 * absent, a question with a follow-up, an anonymous rating of its answer, a named motion that fails —
 * and closes it. Then the record page, its PDF read back as text, and a vote's announcement are checked
 * against what happened; the public reaches the record from the live page once the meeting has closed.
 */
import type { ClientToServerEvents } from '../shared/protocol';
import type { MeetingRecord } from '../shared/record.schema';
import { ADMIN, expect, test } from './fixtures';
import { type MeetingSetup, connect, cookieOf, data, ok, pairedCookie, pairingCodes, prepareMeeting } from './live-session.helpers';
import { pdfText } from './record-pdf.helpers';

const MEETING = 'e2e-record';
const TITLE = '常委会第十一次会议（记录测试）';
const MOTION_TITLE = '表决《关于课后服务的决议（草案）》';
const NAMES = ['张明', '李华', '王芳'];

/** The body of three and its meeting, prepared as a clerk would. */
const SETUP: MeetingSetup = {
	body: { id: 'e2e-record-body', name: '示范县人大常委会（测试）', kind: 'standing-committee' },
	roster: ['姓名,代表小组,座位号,代表证号', '张明,第一组,1,E101', '李华,第一组,2,E102', '王芳,第二组,3,E103'].join('\n'),
	meeting: { id: MEETING, bodyId: 'e2e-record-body', kind: 'standing-committee', title: TITLE, date: '2026-11-21', venue: '常委会会议室' },
	respondents: [{ id: 'r1', name: '钱慧敏', title: '局长', department: '县教育局' }],
	agenda: (ids) => [
		{
			id: 'i1',
			kind: 'inquiry',
			title: '课后服务专题询问',
			questions: [
				{ id: 'q1', askerId: ids['张明']!, respondentIds: ['r1'], topic: '课后延时服务', text: '课后延时服务覆盖率如何？' },
				{ id: 'q2', askerId: ids['王芳']!, respondentIds: ['r1'], topic: '校车安全', text: '校车安全如何保障？' }
			]
		},
		{ id: 'i2', kind: 'vote', title: MOTION_TITLE, motion: '会议同意加强课后服务。' }
	]
};

test('the record of a small session: page, PDF, announcement, and the public after the close', async ({ browser, server }) => {
	test.setTimeout(120_000);
	const url = (p: string) => `${server.url}${p}`;
	const staff = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const memberIds = await prepareMeeting(staff.request, url, SETUP);
	const ids = NAMES.map((name) => memberIds[name]!);

	// The host and two tablets, with sessions got as the console and the pairing page get them.
	const hostCookie = cookieOf(await fetch(url('/api/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) }));
	const codes = await pairingCodes(staff.request, url, MEETING, ids);
	const tabletCookie = (memberId: string) => pairedCookie(url, codes[memberId]!);
	const host = await connect(server.url, hostCookie, MEETING);
	const [a, b] = [await connect(server.url, await tabletCookie(ids[0]!), MEETING), await connect(server.url, await tabletCookie(ids[1]!), MEETING)];
	const sockets = [host, a, b];
	try {
		// 张明 and 李华 sign in; 王芳 does not.
		data(await host.emitWithAck('sign-in:toggle', { open: true }), 'open sign-in');
		data(await a.emitWithAck('sign-in:self', {}), 'a signs in');
		data(await b.emitWithAck('sign-in:self', {}), 'b signs in');
		data(await host.emitWithAck('sign-in:toggle', { open: false }), 'close sign-in');

		// q1: asked by 张明, answered, a follow-up by 李华, rated 满意 + 不满意 of 3 → 不满意 (neither is over half).
		data(await host.emitWithAck('agenda:control', { itemId: 'i1', action: 'activate' }), 'activate');
		const step = async (from: Parameters<ClientToServerEvents['question:step']>[0]['from'], action: Parameters<ClientToServerEvents['question:step']>[0]['action']) =>
			data(await host.emitWithAck('question:step', { entryId: 'q1', from, action }), `${from} → ${action.type}`);
		await step('queued', { type: 'call' });
		await step('asking', { type: 'answer' });
		await step('answering', { type: 'follow-up', askerId: ids[1]! });
		await step('follow-up-asking', { type: 'follow-up-answer' });
		await step('follow-up-answering', { type: 'rate' });
		const ratingId = data(await host.emitWithAck('vote:open', { itemId: 'i1', entryId: 'q1', settings: { anonymous: true } }), 'open rating').voteId;
		const receipts = [
			data(await a.emitWithAck('vote:cast', { voteId: ratingId, key: 'e2e-rating-a', secret: 'e2eSecretForTheRatingOfA1', choice: 'satisfied' }), 'a rates').receipt,
			data(await b.emitWithAck('vote:cast', { voteId: ratingId, key: 'e2e-rating-b', secret: 'e2eSecretForTheRatingOfB1', choice: 'unsatisfied' }), 'b rates').receipt
		];
		data(await host.emitWithAck('vote:close', { voteId: ratingId }), 'close rating');
		await step('rating', { type: 'finish' });
		data(await host.emitWithAck('agenda:control', { itemId: 'i1', action: 'close' }), 'close inquiry');

		// The named motion: 张明 赞成, 李华 反对 → 1 赞成 of 3 members, 2 needed: 未通过.
		data(await host.emitWithAck('agenda:control', { itemId: 'i2', action: 'activate' }), 'activate motion');
		const motionId = data(await host.emitWithAck('vote:open', { itemId: 'i2', settings: { anonymous: false } }), 'open motion').voteId;
		data(await a.emitWithAck('vote:cast', { voteId: motionId, key: 'e2e-motion-a', secret: 'e2eSecretForTheMotionOfA1', choice: 'yes' }), 'a votes');
		data(await b.emitWithAck('vote:cast', { voteId: motionId, key: 'e2e-motion-b', secret: 'e2eSecretForTheMotionOfB1', choice: 'no' }), 'b votes');
		data(await host.emitWithAck('vote:close', { voteId: motionId }), 'close motion');
		data(await host.emitWithAck('meeting:close', { confirm: true }), 'close the meeting');

		const logHead = (await (await ok(staff.request.get(url(`/api/meetings/${MEETING}/log?limit=1`)), 'log')).json()).data.head as { seq: number; hash: string };

		// ── The record page, as the clerk sees it ──────────────────────────────────────────────────────
		const page = await staff.newPage();
		await page.goto(url(`/record/${MEETING}`));
		const doc = page.getByTestId('record');
		await expect(doc).toHaveAttribute('data-audience', 'staff');
		await expect(doc).toHaveAttribute('data-closed', 'true');
		await expect(page.getByTestId('record-title')).toHaveText(TITLE);
		const attendance = page.getByTestId('record-attendance');
		await expect(attendance).toHaveAttribute('data-expected', '3');
		await expect(attendance).toHaveAttribute('data-signed-in', '2');
		await expect(attendance).toHaveAttribute('data-absent', '1');
		await expect(page.getByText('缺席：王芳。')).toBeVisible();
		const q1 = page.locator('[data-testid="record-question"][data-entry-id="q1"]');
		await expect(q1).toHaveAttribute('data-status', 'done');
		await expect(q1).toContainText('1次（李华）');
		await expect(q1).toContainText('第1号 不满意');
		await expect(page.locator('[data-testid="record-question"][data-entry-id="q2"]')).toContainText('未询问');
		await expect(page.locator('[data-testid="record-question-detail"][data-entry-id="q1"] [data-testid="record-phase"]')).toHaveCount(4);
		const rating = page.locator(`[data-testid="record-vote"][data-vote-id="${ratingId}"]`);
		await expect(rating.getByTestId('record-rating')).toHaveAttribute('data-grade', 'unsatisfied');
		const motion = page.locator(`[data-testid="record-vote"][data-vote-id="${motionId}"]`);
		await expect(motion.getByTestId('record-motion')).toHaveAttribute('data-yes', '1');
		await expect(motion.getByTestId('record-motion')).toHaveAttribute('data-no', '1');
		await expect(motion.getByTestId('record-motion')).toHaveAttribute('data-passed', 'false');
		await expect(motion.getByTestId('record-named')).toContainText('张明（赞成）');
		await expect(motion.getByTestId('record-named')).toContainText('李华（反对）');
		// The anonymous rating's receipts are listed with their choices, and nobody's name beside them.
		const listed = page.locator(`[data-testid="record-receipts"][data-vote-id="${ratingId}"]`);
		for (const receipt of receipts) await expect(listed).toContainText(receipt);
		await expect(listed).not.toContainText('张明');
		await expect(page.getByTestId('record-log-hash')).toHaveText(logHead.hash);
		await expect(page.getByTestId('record-log-seq')).toHaveText(String(logHead.seq));
		await expect(page.getByTestId('record-log-verified')).toHaveAttribute('data-verified', 'true');

		// The CSV and JSON links answer with their files.
		const csv = await ok(staff.request.get(url((await page.getByTestId('record-csv').getAttribute('href'))!)), 'csv');
		expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
		expect((await csv.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
		const json = (await (await ok(staff.request.get(url((await page.getByTestId('record-json').getAttribute('href'))!)), 'json')).json()).data as MeetingRecord;
		expect(json.log.hash).toBe(logHead.hash);

		// ── The PDF, read back as text ─────────────────────────────────────────────────────────────────
		const pdf = await ok(staff.request.get(url((await page.getByTestId('record-pdf').getAttribute('href'))!)), 'pdf');
		expect(pdf.headers()['content-type']).toBe('application/pdf');
		expect(pdf.headers()['content-disposition']).toContain('attachment');
		const { pages, text } = await pdfText(await pdf.body());
		expect(pages).toBeGreaterThanOrEqual(2);
		for (const expected of [
			'会议记录',
			TITLE,
			'缺席：王芳。',
			'课后延时服务',
			'1次（李华）',
			'钱慧敏（县教育局局长）',
			MOTION_TITLE,
			'未通过',
			'不满意',
			'张明（赞成）',
			'李华（反对）',
			'附件一出席名单',
			...receipts
		]) {
			expect(text, `the PDF says ${expected}`).toContain(expected);
		}
		expect(text.replaceAll('\n', '')).toContain(logHead.hash);

		// ── The motion's announcement, on the wall ─────────────────────────────────────────────────────
		const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
		await wall.goto(url(`/record/${MEETING}/votes/${motionId}`));
		await expect(wall.getByTestId('announcement-title')).toHaveText(MOTION_TITLE);
		await expect(wall.getByTestId('announcement-members')).toHaveText('3');
		await expect(wall.getByTestId('announcement-present')).toHaveText('2');
		await expect(wall.locator('[data-testid="announcement-count"][data-choice="yes"]')).toHaveText('1');
		await expect(wall.locator('[data-testid="announcement-count"][data-choice="no"]')).toHaveText('1');
		await expect(wall.getByTestId('announcement-verdict')).toHaveText('未通过');
		const notice = await pdfText(await (await ok(wall.request.get(url(`/api/meetings/${MEETING}/votes/${motionId}/announcement/pdf`)), 'announcement pdf')).body());
		expect(notice.pages).toBe(1);
		for (const expected of ['表决结果公告', MOTION_TITLE, '应到', '未通过']) expect(notice.text).toContain(expected);

		// ── The public, on a phone: from the live page to the record, without the roll ────────────────
		const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
		await phone.goto(url(`/live/${MEETING}`));
		await phone.getByTestId('live-record-link').click();
		await expect(phone.getByTestId('record')).toHaveAttribute('data-audience', 'public');
		await expect(phone.getByTestId('record-log-hash')).toHaveText(logHead.hash);
		await expect(phone.getByTestId('record-roll-line')).toHaveCount(0);
		await expect(phone.getByText('课后延时服务覆盖率如何')).toHaveCount(0);
	} finally {
		for (const s of sockets) s.close();
	}
});
