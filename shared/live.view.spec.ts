/**
 * What each role sees of a running meeting (DESIGN.md §2, §3 Inquiry; LIVE_VIEW_PERMISSIONS in
 * roles.ts): everyone the sign-in tally, the agenda's progress, the current question and the next three
 * by topic; the screen, deputies and respondents also the whole queue with question texts; staff also the
 * roll and every request to ask; a deputy their own roll line and requests, never another's.
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from './identity.schema';
import type { QuestionAction, QuestionPhase } from './inquiry.rules';
import { type LiveCommand, type LiveContext, applyLive } from './live.rules';
import { type LiveState, type RollEntry, emptyLiveState } from './live.schema';
import { type LiveView, type LiveViewSource, liveViewFor } from './live.view';
import type { Meeting, Member } from './meeting.schema';
import { ROLES, type Role } from './roles';

const T0 = 1_800_000_000_000;
const S = 1000;

const members: Member[] = [
	{ id: 'm1', name: '王建国', group: '城东组', seat: '1排1座' },
	{ id: 'm2', name: '李秀英', group: '城西组', seat: '1排2座' },
	{ id: 'm3', name: '张志强', group: '开发区组', seat: '1排3座' },
	{ id: 'm4', name: '刘丽华', group: '教育组', seat: '1排4座' },
	{ id: 'm5', name: '陈海燕', group: '教育组', seat: '1排5座', retired: true }
];

const QUESTION_TEXTS = ['TEXT-Q1 课后服务覆盖率如何？', 'TEXT-Q2 加装电梯为何推进慢？', 'TEXT-Q3 供需对接如何打通？', 'TEXT-Q4 停车泊位何时增加？'];

const meeting: Meeting = {
	id: 'mt',
	bodyId: 'b',
	kind: 'inquiry',
	title: '专题询问',
	date: '2026-11-30',
	venue: '第一会议室',
	rules: { quorum: 'two-thirds-of-all', passing: 'more-than-half-of-all', timers: { askSeconds: 120, answerSeconds: 240, followUpAskSeconds: 30, followUpAnswerSeconds: 90 } },
	respondents: [
		{ id: 'r1', name: '钱慧敏', title: '局长', department: '市教育局' },
		{ id: 'r2', name: '李明远', title: '局长', department: '市住房和城乡建设局' }
	],
	agenda: [
		{
			id: 'a2',
			kind: 'inquiry',
			title: '民生专题询问',
			questions: [
				{ id: 'q1', askerId: 'm1', respondentIds: ['r1'], topic: '课后服务', text: QUESTION_TEXTS[0]! },
				{ id: 'q2', askerId: 'm2', respondentIds: ['r2'], topic: '老旧小区', text: QUESTION_TEXTS[1]! },
				{ id: 'q3', askerId: 'm3', respondentIds: ['r1', 'r2'], topic: '就业帮扶', text: QUESTION_TEXTS[2]! }
			]
		},
		{ id: 'a3', kind: 'inquiry', title: '第二场询问', questions: [{ id: 'q4', askerId: 'm4', respondentIds: ['r2'], topic: '停车难', text: QUESTION_TEXTS[3]! }] },
		{ id: 'a4', kind: 'vote', title: '表决', motion: '同意报告。' }
	],
	materials: []
};

/** Everyone signed in while requests were raised. */
const RAISE_ROLL: Record<string, RollEntry> = Object.fromEntries(['m1', 'm2', 'm3', 'm4'].map((id) => [id, { signedInAt: T0 - 900 * S, by: 'self', departedAt: null }]));

/** The roll when the views are taken: m1 and m2 (late, by a clerk) present, m3 left, m4 absent, m5 retired. */
const ROLL: Record<string, RollEntry> = {
	m1: { signedInAt: T0 - 900 * S, by: 'self', departedAt: null },
	m2: { signedInAt: T0 - 100 * S, by: 'clerk', departedAt: null },
	m3: { signedInAt: T0 - 900 * S, by: 'self', departedAt: T0 - 50 * S }
};

function ctx(now: number): LiveContext {
	return { meeting, members, roll: RAISE_ROLL, now };
}

function run(state: LiveState, commands: LiveCommand[], now = T0): LiveState {
	for (const command of commands) {
		const out = applyLive(state, command, ctx(now));
		if (!out.ok) throw new Error(`setup refused ${JSON.stringify(command)}: ${out.error.message.en}`);
		state = out.state;
	}
	return state;
}

const step = (entryId: string, from: QuestionPhase, action: QuestionAction): LiveCommand => ({ type: 'question-step', entryId, from, action });

/** Requests: m1's and m4's accepted, m2's pending, m3's rejected. The host put q3 first. */
function prepared(): LiveState {
	return run(emptyLiveState(), [
		{ type: 'sign-in-toggle', open: true },
		{ type: 'agenda', itemId: 'a2', action: 'activate' },
		{ type: 'request-raise', memberId: 'm1', requestId: 'ka', itemId: 'a2', topic: 'ACCEPTED-TOPIC-A', respondentIds: ['r1'], text: 'TEXT-RA 食堂监管？' },
		{ type: 'request-decide', requestId: 'ka', decision: 'accept' },
		{ type: 'request-raise', memberId: 'm4', requestId: 'kb', itemId: 'a2', topic: 'ACCEPTED-TOPIC-B', respondentIds: ['r2'], text: 'TEXT-RB 物业监管？' },
		{ type: 'request-decide', requestId: 'kb', decision: 'accept' },
		{ type: 'request-raise', memberId: 'm2', requestId: 'kp', itemId: 'a2', topic: 'PENDING-TOPIC-M2', respondentIds: ['r2'], text: 'PENDING-TEXT-M2 噪声扰民？' },
		{ type: 'request-raise', memberId: 'm3', requestId: 'kr', itemId: 'a2', topic: 'REJECTED-TOPIC-M3', respondentIds: ['r1'], text: 'REJECTED-TEXT-M3' },
		{ type: 'request-decide', requestId: 'kr', decision: 'reject', reason: 'REJECT-REASON-M3' },
		{ type: 'queue-move', itemId: 'a2', entryId: 'q3', toIndex: 0 }
	], T0 - 300 * S);
}

/** As prepared, with q1 called at T0: being asked. */
function live(): LiveState {
	return run(prepared(), [step('q1', 'queued', { type: 'call' })], T0);
}

function source(state: LiveState, roll: Record<string, RollEntry> = ROLL): LiveViewSource {
	return { meeting, members, state, roll, version: 42 };
}

const deputy = (memberId: string): Principal => ({ role: 'deputy', subjectId: memberId, name: members.find((m) => m.id === memberId)!.name, bodyId: 'b' });

function viewOf(role: Role, principal: Principal | null = null, state = live()): LiveView {
	return liveViewFor(source(state), role, principal);
}

const ALL_TEXTS = [...QUESTION_TEXTS, 'TEXT-RA', 'TEXT-RB', 'PENDING-TEXT-M2', 'REJECTED-TEXT-M3'];
const PRIVATE_REQUEST_MARKS = ['PENDING-TOPIC-M2', 'PENDING-TEXT-M2', 'REJECTED-TOPIC-M3', 'REJECTED-TEXT-M3', 'REJECT-REASON-M3'];

describe('the parts each role sees', () => {
	// From LIVE_VIEW_PERMISSIONS: staff everything; screen, deputy and respondent the queue and texts; public none.
	const expected: Record<Role, { roll: boolean; requests: boolean; queue: boolean; text: boolean }> = {
		host: { roll: true, requests: true, queue: true, text: true },
		clerk: { roll: true, requests: true, queue: true, text: true },
		deputy: { roll: false, requests: false, queue: true, text: true },
		respondent: { roll: false, requests: false, queue: true, text: true },
		screen: { roll: false, requests: false, queue: true, text: true },
		public: { roll: false, requests: false, queue: false, text: false }
	};

	it.each(ROLES)('%s', (role) => {
		const view = viewOf(role);
		const want = expected[role];
		const a2 = view.inquiries.find((i) => i.itemId === 'a2')!;
		expect(view.roll !== undefined, 'roll').toBe(want.roll);
		expect(a2.requests !== undefined, 'requests').toBe(want.requests);
		expect(a2.queue !== undefined, 'queue').toBe(want.queue);
		const json = JSON.stringify(view);
		for (const text of QUESTION_TEXTS.slice(0, 3)) expect(json.includes(text), `text ${text}`).toBe(want.text);
		expect('text' in view.current!.entry, 'the current question’s text').toBe(want.text);
		for (const entry of a2.next) expect('text' in entry, `text of ${entry.id} in next`).toBe(want.text);
		if (!want.requests) for (const mark of PRIVATE_REQUEST_MARKS) expect(json, mark).not.toContain(mark);
		expect(view.self, 'only a deputy has a line of their own').toBeUndefined();
	});

	it('gives every role the same tally, agenda progress and meeting version', () => {
		for (const role of ROLES) {
			const view = viewOf(role);
			expect(view).toMatchObject({ meetingId: 'mt', version: 42, role, activeItemId: 'a2', items: { a2: 'active' }, signIn: { open: true, openedAt: T0 - 300 * S, closedAt: null } });
			// 4 current members (m5 retired); m1 and m2 present, m3 departed, m4 absent; ⅔ of 4 is 3.
			expect(view.attendance).toEqual({ expected: 4, present: 2, absent: 2, quorumNeeds: 3, quorumMet: false });
		}
	});
});

describe('the public view', () => {
	const view = viewOf('public');
	const json = JSON.stringify(view);

	it('carries no question text at all: neither prepared nor requested', () => {
		for (const text of ALL_TEXTS) expect(json).not.toContain(text);
		for (const text of ALL_TEXTS) expect(json).not.toContain(text.split(' ')[1] ?? text);
	});

	it('carries no roll, no requests and no queue', () => {
		expect(view.roll).toBeUndefined();
		for (const inquiry of view.inquiries) {
			expect(inquiry.queue).toBeUndefined();
			expect(inquiry.requests).toBeUndefined();
		}
		expect(json).not.toContain('signedInAt');
		expect(json).not.toContain('1排'); // seats come only with the roll or requests
	});

	it('shows only the next three queued questions, in the host’s order, by topic, asker and respondent', () => {
		const a2 = view.inquiries.find((i) => i.itemId === 'a2')!;
		// The queue is q3, q1 (being asked), q2, r-ka, r-kb: the next three queued are q3, q2, r-ka.
		expect(a2.next.map((e) => e.id)).toEqual(['q3', 'q2', 'r-ka']);
		expect(a2.next.map((e) => e.topic)).toEqual(['就业帮扶', '老旧小区', 'ACCEPTED-TOPIC-A']);
		expect(a2.next[0]!.asker).toEqual({ id: 'm3', name: '张志强', group: '开发区组' });
		expect(a2.next[0]!.respondents.map((r) => r.name)).toEqual(['钱慧敏', '李明远']);
		expect(a2.next[2]).toMatchObject({ source: 'request', asker: { id: 'm1', name: '王建国' } });
		expect(a2.next.every((e) => e.phase === 'queued')).toBe(true);
		expect(view.inquiries.find((i) => i.itemId === 'a3')!.next.map((e) => e.id)).toEqual(['q4']);
	});

	it('shows the current question by topic, without its text', () => {
		expect(view.current!.entry).toMatchObject({ id: 'q1', topic: '课后服务', asker: { id: 'm1', name: '王建国' } });
		expect(view.current!.entry.text).toBeUndefined();
	});

	it('counts progress without listing the queue', () => {
		expect(view.inquiries.find((i) => i.itemId === 'a2')).toMatchObject({ total: 5, finished: 0 });
	});
});

describe('the screen’s view', () => {
	const view = viewOf('screen');

	it('shows the whole queue in the host’s order with phases and texts', () => {
		const a2 = view.inquiries.find((i) => i.itemId === 'a2')!;
		expect(a2.queue!.map((e) => [e.id, e.phase])).toEqual([
			['q3', 'queued'],
			['q1', 'asking'],
			['q2', 'queued'],
			['r-ka', 'queued'],
			['r-kb', 'queued']
		]);
		expect(a2.queue!.map((e) => e.text)).toEqual([QUESTION_TEXTS[2], QUESTION_TEXTS[0], QUESTION_TEXTS[1], 'TEXT-RA 食堂监管？', 'TEXT-RB 物业监管？']);
		expect(a2.queue!.map((e) => e.source)).toEqual(['prepared', 'prepared', 'prepared', 'request', 'request']);
		expect(view.current!.entry.text).toBe(QUESTION_TEXTS[0]);
	});

	it('shows neither the roll nor any request still pending or rejected', () => {
		expect(view.roll).toBeUndefined();
		const json = JSON.stringify(view);
		for (const mark of PRIVATE_REQUEST_MARKS) expect(json).not.toContain(mark);
		expect(json).not.toContain('signedInAt');
	});
});

describe('a deputy’s view', () => {
	it('has the deputy’s own line: signed in, and only their own requests', () => {
		const view = viewOf('deputy', deputy('m2'));
		expect(view.self).toMatchObject({ memberId: 'm2', signedIn: true, departed: false });
		expect(view.self!.requests.map((r) => [r.id, r.status, r.topic])).toEqual([['kp', 'pending', 'PENDING-TOPIC-M2']]);
		expect(view.self!.requests[0]!.member).toEqual({ id: 'm2', name: '李秀英', group: '城西组', seat: '1排2座' });
		expect(view.roll).toBeUndefined();
		expect(view.inquiries.every((i) => i.requests === undefined)).toBe(true);
	});

	it('never carries another deputy’s pending or rejected request', () => {
		for (const memberId of ['m1', 'm4']) {
			const json = JSON.stringify(viewOf('deputy', deputy(memberId)));
			for (const mark of PRIVATE_REQUEST_MARKS) expect(json, `${memberId} sees ${mark}`).not.toContain(mark);
		}
		const m2 = JSON.stringify(viewOf('deputy', deputy('m2')));
		for (const mark of ['REJECTED-TOPIC-M3', 'REJECTED-TEXT-M3', 'REJECT-REASON-M3']) expect(m2).not.toContain(mark);
	});

	it('shows a deputy who left as departed and no longer signed in, with the reason their request was rejected', () => {
		const view = viewOf('deputy', deputy('m3'));
		expect(view.self).toMatchObject({ memberId: 'm3', signedIn: false, departed: true });
		expect(view.self!.requests).toHaveLength(1);
		expect(view.self!.requests[0]).toMatchObject({ id: 'kr', status: 'rejected', reason: 'REJECT-REASON-M3' });
		expect(JSON.stringify(view)).not.toContain('PENDING-TOPIC-M2');
	});

	it('shows a deputy not signed in as neither signed in nor departed', () => {
		const view = liveViewFor(source(live(), {}), 'deputy', deputy('m1'));
		expect(view.self).toMatchObject({ memberId: 'm1', signedIn: false, departed: false });
		expect(view.self!.requests.map((r) => r.id)).toEqual(['ka']);
	});

	it('shows the accepted requests of others as queue entries, since they are questions now', () => {
		const view = viewOf('deputy', deputy('m2'));
		const queue = view.inquiries.find((i) => i.itemId === 'a2')!.queue!;
		expect(queue.find((e) => e.id === 'r-kb')).toMatchObject({ topic: 'ACCEPTED-TOPIC-B', asker: { id: 'm4' }, text: 'TEXT-RB 物业监管？' });
	});
});

describe('the staff’s view', () => {
	it.each(['host', 'clerk'] as const)('%s sees the roll and every request with who raised it', (role) => {
		const view = viewOf(role);
		expect(view.roll).toEqual(ROLL);
		const a2 = view.inquiries.find((i) => i.itemId === 'a2')!;
		expect(a2.requests!.map((r) => [r.id, r.memberId, r.status])).toEqual([
			['ka', 'm1', 'accepted'],
			['kb', 'm4', 'accepted'],
			['kp', 'm2', 'pending'],
			['kr', 'm3', 'rejected']
		]);
		expect(a2.requests!.find((r) => r.id === 'kr')).toMatchObject({ reason: 'REJECT-REASON-M3', member: { id: 'm3', name: '张志强', seat: '1排3座' } });
		expect(view.inquiries.find((i) => i.itemId === 'a3')!.requests).toEqual([]);
	});
});

describe('the current question', () => {
	const at = (seconds: number) => T0 + seconds * S;

	it('is none before any question is called', () => {
		expect(viewOf('screen', null, prepared()).current).toBeNull();
	});

	it('names who speaks in each phase, follows a follow-up by another deputy, and passes the clock through', () => {
		let state = run(prepared(), [step('q3', 'queued', { type: 'call' })], at(0));
		const seen = (s: LiveState) => viewOf('screen', null, s).current!;

		let current = seen(state);
		expect(current).toMatchObject({ phase: 'asking', speaker: { kind: 'deputy', names: ['张志强'] }, askingDeputy: { id: 'm3', name: '张志强', group: '开发区组' }, followUps: 0, record: [] });
		expect(current.entry.id).toBe('q3');
		expect(current.clock).toEqual(state.runs.q3!.clock);
		expect(current.clock).toMatchObject({ startedAt: at(0), deadline: at(120) });

		state = run(state, [step('q3', 'asking', { type: 'answer' })], at(100));
		current = seen(state);
		expect(current).toMatchObject({ phase: 'answering', speaker: { kind: 'respondent', names: ['钱慧敏', '李明远'] }, askingDeputy: { id: 'm3' } });
		expect(current.clock).toEqual(state.runs.q3!.clock);
		expect(current.clock).toMatchObject({ startedAt: at(100), deadline: at(340) });
		expect(current.record).toEqual(state.runs.q3!.record);
		expect(current.record.map((r) => r.phase)).toEqual(['asking']);

		// A paused clock is shown as paused.
		state = run(state, [{ type: 'clock', entryId: 'q3', from: 'answering', op: 'pause' }], at(150));
		expect(seen(state).clock).toEqual(state.runs.q3!.clock);
		expect(seen(state).clock).toMatchObject({ deadline: null, pausedAt: at(150), pausedRemainingMs: 190 * S });
		state = run(state, [{ type: 'clock', entryId: 'q3', from: 'answering', op: 'resume' }], at(160));

		state = run(state, [step('q3', 'answering', { type: 'follow-up', askerId: 'm2' })], at(200));
		current = seen(state);
		expect(current).toMatchObject({ phase: 'follow-up-asking', speaker: { kind: 'deputy', names: ['李秀英'] }, askingDeputy: { id: 'm2', name: '李秀英', group: '城西组' }, followUps: 1 });
		expect(current.entry.asker.id, 'the question still belongs to its asker').toBe('m3');
		expect(current.clock).toMatchObject({ startedAt: at(200), deadline: at(230) });

		state = run(state, [step('q3', 'follow-up-asking', { type: 'follow-up-answer' })], at(220));
		current = seen(state);
		expect(current).toMatchObject({ phase: 'follow-up-answering', speaker: { kind: 'respondent', names: ['钱慧敏', '李明远'] }, askingDeputy: { id: 'm2' } });
		expect(current.clock).toMatchObject({ startedAt: at(220), deadline: at(310) });

		state = run(state, [step('q3', 'follow-up-answering', { type: 'rate' })], at(300));
		current = seen(state);
		expect(current).toMatchObject({ phase: 'rating', speaker: { kind: 'none', names: [] }, clock: null });
		expect(current.record.map((r) => [r.phase, r.speakerIds])).toEqual([
			['asking', ['m3']],
			['answering', ['r1', 'r2']],
			['follow-up-asking', ['m2']],
			['follow-up-answering', ['r1', 'r2']]
		]);

		state = run(state, [step('q3', 'rating', { type: 'finish' })], at(330));
		current = seen(state);
		expect(current).toMatchObject({ phase: 'done', speaker: { kind: 'none', names: [] }, clock: null });
		expect(current.entry.phase).toBe('done');
	});

	it('counts finished and skipped questions, and leaves them out of what comes next', () => {
		let state = run(live(), [step('q2', 'queued', { type: 'skip' })], at(5));
		state = run(state, [step('q1', 'asking', { type: 'answer' }), step('q1', 'answering', { type: 'finish' })], at(30));
		for (const role of ['public', 'screen'] as const) {
			const a2 = viewOf(role, null, state).inquiries.find((i) => i.itemId === 'a2')!;
			expect(a2).toMatchObject({ total: 5, finished: 2 });
			expect(a2.next.map((e) => e.id)).toEqual(['q3', 'r-ka', 'r-kb']);
		}
	});

	it('shows the public the current question and its clock, without the text', () => {
		const state = live();
		const current = viewOf('public', null, state).current!;
		expect(current).toMatchObject({ phase: 'asking', speaker: { kind: 'deputy', names: ['王建国'] } });
		expect(current.clock).toEqual(state.runs.q1!.clock);
		expect(JSON.stringify(current)).not.toContain('TEXT-Q1');
	});
});
