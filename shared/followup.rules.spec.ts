/**
 * Follow-up rules (DESIGN.md §3 "Follow-up"; issue 6). Expected values are written from the design:
 * a question's report is due 3 months after the session (6 for a complex one), a project's plan 1
 * month after its ballot, reminders 7 and 1 days before, escalation at the deadline, a return within 7
 * working days; dates are computed here by hand in China time (UTC+8), not by the code under test.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FOLLOWUP_SETTINGS, type FollowupCommand, type FollowupItem } from './followup.schema';
import {
	type ClosedSession,
	type FollowupActor,
	type StoredItem,
	UNASSIGNED_DEPARTMENT,
	addMonths,
	applyFollowup,
	dueEventsOf,
	eventKey,
	fireEvent,
	isOverdue,
	itemsFromSession,
	workingDaysLater
} from './followup.rules';
import type { PhaseRecord, QuestionRun } from './inquiry.rules';
import { emptyLiveState } from './live.schema';
import type { Meeting, Member } from './meeting.schema';
import type { VoteOutcome, VoteRecord } from './vote.schema';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** A moment in China time: `china(2026, 11, 21, 10)` is 2026-11-21 10:00 +08:00. */
const china = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h - 8, min);
const settings = DEFAULT_FOLLOWUP_SETTINGS;

describe('calendar arithmetic in China time', () => {
	it('adds months keeping the time of day, and clamps the 31st to a shorter month', () => {
		expect(addMonths(china(2026, 11, 21, 10), 3)).toBe(china(2027, 2, 21, 10));
		expect(addMonths(china(2026, 1, 31, 9), 1)).toBe(china(2026, 2, 28, 9));
		expect(addMonths(china(2028, 1, 31, 9), 1)).toBe(china(2028, 2, 29, 9));
		expect(addMonths(china(2026, 12, 15), 6)).toBe(china(2027, 6, 15));
		// 00:30 in China is still the previous day in UTC: the China date counts.
		expect(addMonths(china(2026, 3, 31, 0, 30), 1)).toBe(china(2026, 4, 30, 0, 30));
	});

	it('counts working days Monday to Friday and ends at the close of the last one', () => {
		// Friday 2026-11-20 → Mon 23, Tue 24, Wed 25, Thu 26, Fri 27, Mon 30, Tue 1 Dec.
		expect(workingDaysLater(china(2026, 11, 20, 15), 7)).toBe(china(2026, 12, 2) - 1);
		// Saturday 2026-11-21 → Mon 23 … Tue 1 Dec as well.
		expect(workingDaysLater(china(2026, 11, 21, 10), 7)).toBe(china(2026, 12, 2) - 1);
		// Monday 2026-11-23 → Tue 24 … Wed 2 Dec.
		expect(workingDaysLater(china(2026, 11, 23, 23, 59), 7)).toBe(china(2026, 12, 3) - 1);
	});
});

const members: Member[] = [
	{ id: 'm1', name: '王建国', group: '城东组', seat: '1' },
	{ id: 'm2', name: '李秀英', group: '城西组', seat: '2' },
	{ id: 'm3', name: '张志强', group: '开发区组', seat: '3' }
];

const meeting: Meeting = {
	id: 'mt',
	bodyId: 'b',
	kind: 'inquiry',
	title: '年中专题询问',
	date: '2026-11-21',
	venue: '第一会议室',
	rules: { quorum: 'two-thirds-of-all', passing: 'more-than-half-of-all', timers: { askSeconds: 180, answerSeconds: 300, followUpAskSeconds: 60, followUpAnswerSeconds: 180 } },
	respondents: [
		{ id: 'r1', name: '钱慧敏', title: '局长', department: '市教育局' },
		{ id: 'r2', name: '李明远', title: '局长', department: '市住建局' }
	],
	agenda: [
		{
			id: 'a1',
			kind: 'inquiry',
			title: '询问',
			questions: [
				{ id: 'q1', askerId: 'm1', respondentIds: ['r1'], topic: '课后服务', text: '覆盖率如何？' },
				{ id: 'q2', askerId: 'm2', respondentIds: ['r2'], topic: '加装电梯', text: '为何推进慢？' },
				{ id: 'q3', askerId: 'm3', respondentIds: ['r1', 'r2'], topic: '就业帮扶', text: '如何打通？' },
				{ id: 'q4', askerId: 'm1', respondentIds: ['r2'], topic: '停车难', text: '何时增加？' }
			]
		},
		{ id: 'a2', kind: 'rating', title: '满意度测评', target: 'answer', subject: '课后服务答复' },
		{ id: 'a3', kind: 'ballot', title: '2027 年民生实事项目票决', seats: 2, candidates: [{ id: 'c1', name: '老年食堂' }, { id: 'c2', name: '口袋公园' }, { id: 'c3', name: '充电桩' }] }
	],
	materials: []
};

const CLOSED_AT = china(2026, 11, 21, 17);
const record: PhaseRecord = { phase: 'asking', startedAt: CLOSED_AT - HOUR, endedAt: CLOSED_AT - HOUR + 60_000, limitMs: 180_000, extendedMs: 0, usedMs: 60_000, overtimeMs: 0, speakerIds: ['m1'] } as PhaseRecord;
const run = (questionId: string, askerId: string, respondentIds: string[], phase: QuestionRun['phase'], asked = true): QuestionRun => ({
	questionId,
	phase,
	askerId,
	respondentIds,
	clock: null,
	record: asked ? [record] : [],
	followUps: 0
});

function session(): ClosedSession {
	const live = emptyLiveState();
	live.runs = {
		q1: run('q1', 'm1', ['r1'], 'done'),
		q2: run('q2', 'm2', ['r2'], 'skipped', false),
		q3: run('q3', 'm3', ['r1', 'r2'], 'done'),
		// q4 never called; an accepted request from m2 was asked.
		'r-x1': run('r-x1', 'm2', ['r2'], 'done')
	};
	live.requests = [{ id: 'x1', itemId: 'a1', memberId: 'm2', topic: '学位供给', respondentIds: ['r2'], text: '学位缺口多大？', status: 'accepted', raisedAt: CLOSED_AT - 2 * HOUR, decidedAt: CLOSED_AT - 2 * HOUR, reason: null }];
	live.closedAt = CLOSED_AT;
	const ratingVote = { id: 'v1', meetingId: 'mt', itemId: 'a1', entryId: 'q1', kind: 'rating', title: '满意度测评', subject: '课后服务答复', candidates: [], seats: null, openedAt: CLOSED_AT - 3 * HOUR } as unknown as VoteRecord;
	const ballot = { id: 'v2', meetingId: 'mt', itemId: 'a3', entryId: null, kind: 'ballot', title: '2027 年民生实事项目票决', subject: '', candidates: [{ id: 'c1', name: '老年食堂' }, { id: 'c2', name: '口袋公园' }, { id: 'c3', name: '充电桩' }], seats: 2, openedAt: china(2026, 11, 21, 15) } as unknown as VoteRecord;
	const passedRating = { ...ratingVote, id: 'v3', entryId: 'q3' } as VoteRecord;
	const rating = (grade: string) => ({ result: { kind: 'rating', rating: { grade } }, present: 3, voted: 3, receipts: [] }) as unknown as VoteOutcome;
	const elected = { result: { kind: 'ballot', ballot: { elected: ['c2', 'c1'], tie: null } }, present: 3, voted: 3, receipts: [] } as unknown as VoteOutcome;
	return {
		meeting,
		members,
		live,
		closedAt: CLOSED_AT,
		votes: [
			{ record: ratingVote, outcome: rating('unsatisfied'), annulled: false },
			{ record: passedRating, outcome: rating('basically-satisfied'), annulled: false },
			{ record: { ...ratingVote, id: 'v4' } as VoteRecord, outcome: rating('unsatisfied'), annulled: true },
			{ record: ballot, outcome: elected, annulled: false }
		]
	};
}

describe('items a closed session leaves', () => {
	const drafts = itemsFromSession(session(), settings);

	it('makes one item per question asked and department answering it; none for a skipped or uncalled question', () => {
		const questions = drafts.filter((d) => d.kind === 'question').map((d) => [d.title, d.department, d.askerName]);
		expect(questions).toEqual([
			['课后服务', '市教育局', '王建国'],
			['就业帮扶', '市教育局', '张志强'],
			['就业帮扶', '市住建局', '张志强'],
			['学位供给', '市住建局', '李秀英']
		]);
	});

	it('gives a question a written report due 3 months after the session', () => {
		const q1 = drafts.find((d) => d.title === '课后服务')!;
		expect(q1.milestones).toEqual([{ id: 'report-1', kind: 'report', dueAt: china(2027, 2, 21, 17), doneAt: null }]);
		expect(q1.status).toBe('assigned');
		expect(q1.timeline).toHaveLength(1);
	});

	it('makes a rectification item for each 不满意 rating that stands, owned by the rated answer’s department, re-reported in 6 months', () => {
		const rect = drafts.filter((d) => d.kind === 'rectification');
		expect(rect.map((d) => [d.department, d.milestones[0]!.kind, d.milestones[0]!.dueAt])).toEqual([['市教育局', 're-report', china(2027, 5, 21, 17)]]);
	});

	it('makes an implementation item for each elected project: plan in 1 month, mid-year report, year-end rating, owner to be chosen', () => {
		const projects = drafts.filter((d) => d.kind === 'project');
		expect(projects.map((d) => d.title)).toEqual(['口袋公园', '老年食堂']);
		const votedAt = china(2026, 11, 21, 15);
		expect(projects[0]!.milestones.map((m) => [m.kind, m.dueAt])).toEqual([
			['plan', china(2026, 12, 21, 15)],
			['midyear-report', china(2027, 5, 21, 15)],
			['year-end-rating', china(2027, 10, 21, 15)]
		]);
		expect(projects[0]!.department).toBe(UNASSIGNED_DEPARTMENT);
		expect(addMonths(votedAt, 1)).toBe(china(2026, 12, 21, 15));
	});

	it('is the same list with the same source keys however often it is computed', () => {
		const again = itemsFromSession(session(), settings);
		expect(again.map((d) => d.sourceKey)).toEqual(drafts.map((d) => d.sourceKey));
		expect(new Set(drafts.map((d) => d.sourceKey)).size).toBe(drafts.length);
	});
});

function stored(kind: 'question' | 'project' = 'question', over: Partial<StoredItem> = {}): StoredItem {
	const draft = itemsFromSession(session(), settings).find((d) => d.kind === kind)!;
	return { ...draft, id: 'fu1', version: 1, ...over };
}

describe('scheduled events', () => {
	it('reminds 7 and 1 days before a deadline and escalates at it, in that order', () => {
		const item = stored();
		const due = china(2027, 2, 21, 17);
		expect(dueEventsOf(item, settings).map((e) => [eventKey(e), e.at])).toEqual([
			['fu1|report-1|remind-7', due - 7 * DAY],
			['fu1|report-1|remind-1', due - DAY],
			['fu1|report-1|escalate', due]
		]);
	});

	it('fires each event once: the second time it is a no-op', () => {
		const item = stored();
		const first = fireEvent(item, 'fu1|report-1|remind-7', china(2027, 2, 14, 17), settings)!;
		expect(first.notice.kind).toBe('reminder');
		expect(first.notice.to).toEqual(['clerk', 'department:市教育局', 'member:m1']);
		expect(first.notice.message.zh).toContain('2027-02-21');
		expect(first.item.timeline.at(-1)!.action).toBe('reminder');
		expect(fireEvent(first.item, 'fu1|report-1|remind-7', china(2027, 2, 15), settings)).toBeNull();
		expect(dueEventsOf(first.item, settings).map(eventKey)).toEqual(['fu1|report-1|remind-1', 'fu1|report-1|escalate']);
	});

	it('escalates an overdue deadline (督办) and lifts it once the report is in', () => {
		const late = china(2027, 2, 22);
		const fired = fireEvent(stored('question', { status: 'in-progress' }), 'fu1|report-1|escalate', late, settings)!;
		expect(fired.notice.kind).toBe('escalated');
		expect(fired.item.escalatedAt).toBe(late);
		expect(isOverdue(fired.item, late)).toBe(true);
		const answered = applyFollowup(fired.item, { type: 'answer', reply: '已完成课后服务全覆盖。' }, { role: 'respondent', name: '钱慧敏', department: '市教育局' }, late + DAY, settings);
		expect(answered.ok && answered.item.escalatedAt).toBe(null);
		expect(answered.ok && isOverdue(answered.item, late + DAY)).toBe(false);
	});

	it('creates a project’s quarterly checkpoints as their quarters begin, each with its own deadline', () => {
		const project = stored('project');
		const keys = dueEventsOf(project, settings).filter((e) => e.type === 'checkpoint').map((e) => [eventKey(e), e.at]);
		// Voted 2026-11-21 15:00: checkpoints begin then, and 3 and 6 months later (11 months ÷ 3 = 3).
		expect(keys).toEqual([
			['fu1|checkpoint-1', china(2026, 11, 21, 15)],
			['fu1|checkpoint-2', china(2027, 2, 21, 15)],
			['fu1|checkpoint-3', china(2027, 5, 21, 15)]
		]);
		const first = fireEvent(project, 'fu1|checkpoint-1', CLOSED_AT, settings)!;
		expect(first.item.milestones.at(-1)).toEqual({ id: 'checkpoint-1', kind: 'checkpoint', dueAt: china(2027, 2, 21, 15), doneAt: null });
		// Its deadline now has reminders and escalation of its own.
		expect(dueEventsOf(first.item, settings).map(eventKey)).toContain('fu1|checkpoint-1|escalate');
	});

	it('schedules nothing for a closed item, nor for a returned one until it is assigned again', () => {
		expect(dueEventsOf(stored('question', { status: 'closed' }), settings)).toEqual([]);
		expect(dueEventsOf(stored('question', { status: 'returned' }), settings)).toEqual([]);
		expect(fireEvent(stored('question', { status: 'closed' }), 'fu1|report-1|escalate', china(2027, 3, 1), settings)).toBeNull();
	});
});

const department: FollowupActor = { role: 'respondent', name: '钱慧敏', department: '市教育局' };
const otherDepartment: FollowupActor = { role: 'respondent', name: '李明远', department: '市住建局' };
const clerk: FollowupActor = { role: 'clerk', name: '工作人员' };
const asker: FollowupActor = { role: 'deputy', name: '王建国', memberId: 'm1' };
const otherDeputy: FollowupActor = { role: 'deputy', name: '李秀英', memberId: 'm2' };

function step(item: StoredItem, command: FollowupCommand, actor: FollowupActor, now = CLOSED_AT + DAY): StoredItem {
	const outcome = applyFollowup(item, command, actor, now, settings);
	if (!outcome.ok) throw new Error(`${command.type}: ${outcome.error.message.en}`);
	return outcome.item;
}

function refused(item: StoredItem, command: FollowupCommand, actor: FollowupActor, code: string, now = CLOSED_AT + DAY): void {
	const frozen = JSON.stringify(item);
	const outcome = applyFollowup(item, command, actor, now, settings);
	expect(outcome.ok, `${command.type} by ${actor.name}`).toBe(false);
	if (outcome.ok) return;
	expect(outcome.error.code).toBe(code);
	expect(outcome.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
	expect(outcome.error.message.en).toMatch(/[A-Za-z]{3,}/);
	expect(JSON.stringify(item)).toBe(frozen);
}

describe('the lifecycle 交办 → 办理中 → 已答复 → 评价 → 办结', () => {
	it('runs the whole way with a timeline of who did what when', () => {
		let item = stored();
		item = step(item, { type: 'accept' }, department);
		item = step(item, { type: 'progress', note: '已制定工作方案。' }, department);
		item = step(item, { type: 'answer', reply: '全市课后服务覆盖率已达 100%。' }, department, CLOSED_AT + 30 * DAY);
		expect(item.milestones[0]!.doneAt).toBe(CLOSED_AT + 30 * DAY);
		item = step(item, { type: 'send-for-rating' }, clerk);
		item = step(item, { type: 'rate', rating: 'satisfied' }, asker);
		expect(item.status).toBe('closed');
		expect(item.timeline.map((e) => [e.action, e.by.name, e.status])).toEqual([
			['created', '年中专题询问', 'assigned'],
			['accepted', '钱慧敏', 'in-progress'],
			['progress', '钱慧敏', 'in-progress'],
			['answered', '钱慧敏', 'answered'],
			['sent-for-rating', '工作人员', 'evaluating'],
			['rated', '王建国', 'closed']
		]);
		expect(dueEventsOf(item, settings)).toEqual([]);
	});

	it('reopens an answer rated 不满意 (重新办理) with a new deadline 3 months on', () => {
		let item = step(step(stored(), { type: 'accept' }, department), { type: 'answer', reply: '正在推进。' }, department);
		const ratedAt = CLOSED_AT + 40 * DAY;
		const outcome = applyFollowup(item, { type: 'rate', rating: 'unsatisfied', note: '没有时间表' }, asker, ratedAt, settings);
		expect(outcome.ok).toBe(true);
		if (!outcome.ok) return;
		item = outcome.item;
		expect(item.status).toBe('reopened');
		expect(item.milestones.at(-1)).toMatchObject({ id: 're-report-1', kind: 're-report', dueAt: addMonths(ratedAt, 3), doneAt: null });
		expect(outcome.notice.message.zh).toContain('不满意');
		item = step(item, { type: 'answer', reply: '已明确时间表。' }, department, ratedAt + DAY);
		expect(item.status).toBe('answered');
	});

	it('lets the department send a wrongly assigned item back within 7 working days, and the clerk assign it again', () => {
		// Closed Saturday 2026-11-21: the window ends with Tuesday 2026-12-01.
		const returned = step(stored(), { type: 'return', reason: '该事项属于市人社局职责。' }, department, china(2026, 12, 1, 23));
		expect(returned.status).toBe('returned');
		refused(stored(), { type: 'return', reason: '该事项属于市人社局职责。' }, department, 'CONFLICT', china(2026, 12, 2, 0, 1));
		const again = step(returned, { type: 'reassign', department: '市人社局' }, clerk);
		expect([again.status, again.department]).toEqual(['assigned', '市人社局']);
		expect(again.timeline.at(-1)!.note).toBe('市教育局 → 市人社局');
	});

	it('refuses what a role may not do, changing nothing, in both languages', () => {
		refused(stored(), { type: 'accept' }, otherDepartment, 'FORBIDDEN');
		refused(stored(), { type: 'accept' }, asker, 'FORBIDDEN');
		refused(stored(), { type: 'reassign', department: '市人社局' }, department, 'FORBIDDEN');
		refused(stored(), { type: 'return', reason: '不属于本单位职责' }, clerk, 'FORBIDDEN');
		const answered = step(step(stored(), { type: 'accept' }, department), { type: 'answer', reply: '答复。' }, department);
		refused(answered, { type: 'rate', rating: 'satisfied' }, otherDeputy, 'FORBIDDEN');
		refused(answered, { type: 'send-for-rating' }, department, 'FORBIDDEN');
	});

	it('refuses steps out of order, naming the status', () => {
		refused(stored(), { type: 'answer', reply: '答复。' }, department, 'CONFLICT');
		refused(stored(), { type: 'rate', rating: 'satisfied' }, asker, 'CONFLICT');
		refused(stored(), { type: 'close' }, clerk, 'CONFLICT');
		const inProgress = step(stored(), { type: 'accept' }, department);
		refused(inProgress, { type: 'accept' }, department, 'CONFLICT');
		refused(inProgress, { type: 'return', reason: '不属于本单位职责' }, department, 'CONFLICT');
		const outcome = applyFollowup(inProgress, { type: 'close' }, clerk, CLOSED_AT, settings);
		expect(!outcome.ok && outcome.error.message.zh).toContain('办理中');
	});

	it('moves a complex question’s report to 6 months and schedules its reminders afresh', () => {
		const item = stored();
		const fired = fireEvent(item, 'fu1|report-1|remind-7', china(2027, 2, 14, 18), settings)!.item;
		const complex = step(fired, { type: 'mark-complex', complex: true }, clerk, china(2027, 2, 15));
		expect(complex.milestones[0]!.dueAt).toBe(china(2027, 5, 21, 17));
		expect(dueEventsOf(complex, settings).map(eventKey)).toEqual(['fu1|report-1|remind-7', 'fu1|report-1|remind-1', 'fu1|report-1|escalate']);
		refused(stored('project'), { type: 'mark-complex', complex: true }, clerk, 'CONFLICT');
	});

	it('marks a milestone met with a progress report, and only once', () => {
		const project = step(stored('project', { department: '市民政局' }), { type: 'accept' }, { role: 'respondent', name: '民政', department: '市民政局' });
		const planned = step(project, { type: 'progress', note: '实施方案已印发。', milestoneId: 'plan-1' }, { role: 'respondent', name: '民政', department: '市民政局' });
		expect(planned.milestones.find((m) => m.id === 'plan-1')!.doneAt).toBe(CLOSED_AT + DAY);
		refused(planned, { type: 'progress', note: '再次报送。', milestoneId: 'plan-1' }, clerk, 'CONFLICT');
		refused(planned, { type: 'progress', note: '报送。', milestoneId: 'nope' }, clerk, 'NOT_FOUND');
	});
});

// Typed use of the public item shape, so a rename in the schema breaks this file.
const _shape: keyof FollowupItem = 'escalatedAt';
void _shape;
