/**
 * The rules of a running meeting (DESIGN.md §3, Roster and quorum, Inquiry), command by command.
 * Expected values come from the design and the documented rules: the meeting's timer settings, the
 * phase machine queued → asking → answering → (follow-up asking → follow-up answering)* → rating → done,
 * and "every refusal changes nothing and says why, in Chinese and English".
 */
import { describe, expect, it } from 'vitest';
import { demoMeeting, demoMembers } from '../realtime/meeting/demo-meeting';
import { ALLOWED, PHASE_LABELS, QUESTION_PHASES, type QuestionAction, type QuestionPhase, TIMED_PHASES } from './inquiry.rules';
import { type LiveCommand, type LiveContext, type LiveOutcome, MAX_REQUESTS, applyLive, attendanceOf, phaseOf, queueOf, runningRun } from './live.rules';
import { type HandRequest, type LiveState, type RollEntry, emptyLiveState } from './live.schema';
import type { Meeting, Member } from './meeting.schema';
import type { AppError, ErrorCode } from './result';
import { seededRandom } from './testing/seeded-random';
import { remainingAt } from './timer.rules';

const T0 = 1_800_000_000_000;
const S = 1000;

/** Deliberately not the defaults, so the tests show the limits come from the meeting's settings. */
const TIMERS = { askSeconds: 120, answerSeconds: 240, followUpAskSeconds: 30, followUpAnswerSeconds: 90 };

function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		for (const inner of Object.values(value)) deepFreeze(inner);
		Object.freeze(value);
	}
	return value;
}

const members: Member[] = deepFreeze([
	{ id: 'm1', name: '王建国', group: '城东组', seat: '1排1座' },
	{ id: 'm2', name: '李秀英', group: '城西组', seat: '1排2座' },
	{ id: 'm3', name: '张志强', group: '开发区组', seat: '1排3座' },
	{ id: 'm4', name: '刘丽华', group: '教育组', seat: '1排4座' },
	{ id: 'm5', name: '陈海燕', group: '教育组', seat: '1排5座', retired: true }
]);

const meeting: Meeting = deepFreeze({
	id: 'mt',
	bodyId: 'b',
	kind: 'inquiry',
	title: '专题询问',
	date: '2026-11-30',
	venue: '第一会议室',
	rules: { quorum: 'two-thirds-of-all', passing: 'more-than-half-of-all', timers: TIMERS },
	respondents: [
		{ id: 'r1', name: '钱慧敏', title: '局长', department: '市教育局' },
		{ id: 'r2', name: '李明远', title: '局长', department: '市住房和城乡建设局' }
	],
	agenda: [
		{ id: 'a1', kind: 'report', title: '听取报告' },
		{
			id: 'a2',
			kind: 'inquiry',
			title: '民生专题询问',
			questions: [
				{ id: 'q1', askerId: 'm1', respondentIds: ['r1'], topic: '课后服务', text: '课后服务覆盖率如何？' },
				{ id: 'q2', askerId: 'm2', respondentIds: ['r2'], topic: '老旧小区', text: '加装电梯为何推进慢？' },
				{ id: 'q3', askerId: 'm3', respondentIds: ['r1', 'r2'], topic: '就业帮扶', text: '供需对接如何打通？' }
			]
		},
		{ id: 'a3', kind: 'inquiry', title: '第二场询问', questions: [{ id: 'q4', askerId: 'm4', respondentIds: ['r2'], topic: '停车难', text: '停车泊位何时增加？' }] },
		{ id: 'a4', kind: 'vote', title: '表决', motion: '同意报告。' }
	],
	materials: []
});

const signedIn = (at = T0 - 60 * S): RollEntry => ({ signedInAt: at, by: 'self', departedAt: null });

/** m1–m4 signed in; m5 is retired and absent. */
const ROLL: Record<string, RollEntry> = deepFreeze({ m1: signedIn(), m2: signedIn(), m3: signedIn(), m4: signedIn() });

function ctx(over: Partial<LiveContext> = {}): LiveContext {
	return { meeting, members, roll: ROLL, now: T0, ...over };
}

type Applied = Extract<LiveOutcome, { ok: true }>;

/** Applies a command that must be accepted; the input state must not be touched. */
function apply(state: LiveState, command: LiveCommand, c: LiveContext = ctx()): Applied {
	const before = structuredClone(state);
	const out = applyLive(state, command, c);
	expect(state, 'the input state is not mutated').toEqual(before);
	if (!out.ok) throw new Error(`refused ${command.type}: ${out.error.code} ${out.error.message.en}`);
	return out;
}

/** Applies a command that must be refused with `code`, changing nothing and explaining in zh and en. */
function refuse(state: LiveState, command: LiveCommand, code: ErrorCode, c: LiveContext = ctx()): AppError {
	const before = structuredClone(state);
	const out = applyLive(state, command, c);
	expect(state, 'a refusal changes nothing').toEqual(before);
	if (out.ok) throw new Error(`${command.type} was accepted (${out.action}) but should be refused with ${code}`);
	expect(out.error.code).toBe(code);
	expectBilingual(out.error);
	return out.error;
}

function expectBilingual(error: AppError) {
	expect(error.message.zh).toMatch(/\p{Script=Han}/u);
	expect(error.message.en).toMatch(/[A-Za-z]{3}/);
	expect(error.message.en).not.toMatch(/\p{Script=Han}/u);
}

const step = (entryId: string, from: QuestionPhase, action: QuestionAction): LiveCommand => ({ type: 'question-step', entryId, from, action });

/** Sign-in open and the first inquiry (a2) the current agenda item. */
function inInquiry(): LiveState {
	let state = apply(emptyLiveState(), { type: 'sign-in-toggle', open: true }, ctx({ now: T0 - 600 * S })).state;
	state = apply(state, { type: 'agenda', itemId: 'a2', action: 'activate' }, ctx({ now: T0 - 300 * S })).state;
	return state;
}

/** a2 active and q1 called at T0 (asking). */
function asking(): LiveState {
	return apply(inInquiry(), step('q1', 'queued', { type: 'call' })).state;
}

function raise(state: LiveState, memberId: string, requestId: string, over: Partial<Extract<LiveCommand, { type: 'request-raise' }>> = {}): LiveState {
	return apply(state, { type: 'request-raise', memberId, requestId, itemId: 'a2', topic: `${memberId} 的问题`, respondentIds: ['r1'], text: '追加问题正文', ...over }).state;
}

const ids = (state: LiveState, itemId = 'a2') => queueOf(state, meeting, itemId).map((e) => e.id);

describe('sign-in', () => {
	it('opens at the time given, not yet closed', () => {
		const out = apply(emptyLiveState(), { type: 'sign-in-toggle', open: true }, ctx({ now: T0 }));
		expect(out.state.signIn).toEqual({ open: true, openedAt: T0, closedAt: null });
		expect(out.action).toBe('sign-in.opened');
	});

	it('refuses to open twice, keeping the first opening time', () => {
		const open = apply(emptyLiveState(), { type: 'sign-in-toggle', open: true }, ctx({ now: T0 })).state;
		refuse(open, { type: 'sign-in-toggle', open: true }, 'CONFLICT', ctx({ now: T0 + 5 * S }));
	});

	it('closes keeping when it opened, and refuses to close twice, keeping the first closing time', () => {
		const open = apply(emptyLiveState(), { type: 'sign-in-toggle', open: true }, ctx({ now: T0 })).state;
		const closed = apply(open, { type: 'sign-in-toggle', open: false }, ctx({ now: T0 + 900 * S }));
		expect(closed.state.signIn).toEqual({ open: false, openedAt: T0, closedAt: T0 + 900 * S });
		expect(closed.action).toBe('sign-in.closed');
		refuse(closed.state, { type: 'sign-in-toggle', open: false }, 'CONFLICT', ctx({ now: T0 + 1000 * S }));
	});

	it('refuses to close a sign-in that never opened', () => {
		refuse(emptyLiveState(), { type: 'sign-in-toggle', open: false }, 'CONFLICT');
	});

	it('can open again after closing, from the new time', () => {
		const open = apply(emptyLiveState(), { type: 'sign-in-toggle', open: true }, ctx({ now: T0 })).state;
		const closed = apply(open, { type: 'sign-in-toggle', open: false }, ctx({ now: T0 + 60 * S })).state;
		const reopened = apply(closed, { type: 'sign-in-toggle', open: true }, ctx({ now: T0 + 120 * S })).state;
		expect(reopened.signIn).toEqual({ open: true, openedAt: T0 + 120 * S, closedAt: null });
	});

	it('touches nothing but the sign-in', () => {
		const state = inInquiry();
		const closed = apply(state, { type: 'sign-in-toggle', open: false }).state;
		expect({ ...closed, signIn: state.signIn }).toEqual(state);
	});
});

describe('agenda control', () => {
	const agenda = (itemId: string, action: 'activate' | 'close' | 'skip'): LiveCommand => ({ type: 'agenda', itemId, action });

	it('activates a pending item, leaving the others pending', () => {
		const out = apply(emptyLiveState(), agenda('a1', 'activate'));
		expect(out.state.activeItemId).toBe('a1');
		expect(out.state.items).toEqual({ a1: 'active' });
		expect(out.action).toBe('agenda.activated');
	});

	it('marks the previous active item done when another is activated', () => {
		const first = apply(emptyLiveState(), agenda('a1', 'activate')).state;
		const second = apply(first, agenda('a2', 'activate')).state;
		expect(second.activeItemId).toBe('a2');
		expect(second.items).toEqual({ a1: 'done', a2: 'active' });
	});

	it('refuses to activate the item that is already current', () => {
		const state = apply(emptyLiveState(), agenda('a1', 'activate')).state;
		refuse(state, agenda('a1', 'activate'), 'CONFLICT');
	});

	it('closes the current item: done, and nothing current', () => {
		const state = apply(emptyLiveState(), agenda('a1', 'activate')).state;
		const out = apply(state, agenda('a1', 'close'));
		expect(out.state.activeItemId).toBeNull();
		expect(out.state.items).toEqual({ a1: 'done' });
	});

	it('refuses to close an item that is not the current one (pending, done or skipped)', () => {
		const a1Done = apply(apply(emptyLiveState(), agenda('a1', 'activate')).state, agenda('a2', 'activate')).state;
		refuse(a1Done, agenda('a1', 'close'), 'CONFLICT');
		refuse(a1Done, agenda('a3', 'close'), 'CONFLICT');
		const a3Skipped = apply(a1Done, agenda('a3', 'skip')).state;
		refuse(a3Skipped, agenda('a3', 'close'), 'CONFLICT');
		refuse(emptyLiveState(), agenda('a1', 'close'), 'CONFLICT');
	});

	it('skips a later item without moving off the current one', () => {
		const state = apply(emptyLiveState(), agenda('a1', 'activate')).state;
		const out = apply(state, agenda('a3', 'skip'));
		expect(out.state.activeItemId).toBe('a1');
		expect(out.state.items).toEqual({ a1: 'active', a3: 'skipped' });
	});

	it('skips the current item, leaving nothing current', () => {
		const state = apply(emptyLiveState(), agenda('a1', 'activate')).state;
		const out = apply(state, agenda('a1', 'skip'));
		expect(out.state.activeItemId).toBeNull();
		expect(out.state.items).toEqual({ a1: 'skipped' });
	});

	it('refuses to skip an item twice', () => {
		const state = apply(emptyLiveState(), agenda('a3', 'skip')).state;
		refuse(state, agenda('a3', 'skip'), 'CONFLICT');
	});

	it('can return to a skipped item, and the one it leaves becomes done', () => {
		let state = apply(emptyLiveState(), agenda('a1', 'skip')).state;
		state = apply(state, agenda('a2', 'activate')).state;
		state = apply(state, agenda('a1', 'activate')).state;
		expect(state.activeItemId).toBe('a1');
		expect(state.items).toEqual({ a1: 'active', a2: 'done' });
	});

	it('answers NOT_FOUND for an item not on the agenda', () => {
		for (const action of ['activate', 'close', 'skip'] as const) refuse(emptyLiveState(), agenda('a9', action), 'NOT_FOUND');
	});

	it('refuses every move while a question is being asked, answered or rated, naming its phase', () => {
		let state = asking();
		const phases: [QuestionPhase, QuestionAction | null][] = [
			['asking', { type: 'answer' }],
			['answering', { type: 'follow-up', askerId: 'm2' }],
			['follow-up-asking', { type: 'follow-up-answer' }],
			['follow-up-answering', { type: 'rate' }],
			['rating', null]
		];
		let now = T0;
		for (const [phase, next] of phases) {
			expect(phaseOf(state, 'q1')).toBe(phase);
			for (const command of [agenda('a3', 'activate'), agenda('a2', 'close'), agenda('a2', 'skip'), agenda('a4', 'skip')]) {
				const error = refuse(state, command, 'CONFLICT');
				expect(error.message.zh).toContain(PHASE_LABELS[phase].zh);
				expect(error.message.en).toContain(PHASE_LABELS[phase].en);
			}
			if (next) state = apply(state, step('q1', phase, next), ctx({ now: (now += 10 * S) })).state;
		}
	});

	it('moves on once the question is done', () => {
		let state = asking();
		state = apply(state, step('q1', 'asking', { type: 'answer' }), ctx({ now: T0 + 10 * S })).state;
		state = apply(state, step('q1', 'answering', { type: 'finish' }), ctx({ now: T0 + 20 * S })).state;
		const out = apply(state, agenda('a3', 'activate'));
		expect(out.state.items).toMatchObject({ a2: 'done', a3: 'active' });
	});
});

describe('requests to ask (举手)', () => {
	const raiseCmd = (over: Partial<Extract<LiveCommand, { type: 'request-raise' }>> = {}): LiveCommand => ({
		type: 'request-raise',
		memberId: 'm2',
		requestId: 'k1',
		itemId: 'a2',
		topic: '物业管理',
		respondentIds: ['r2'],
		text: '物业服务投诉多，如何监管？',
		...over
	});

	it('records a signed-in member’s request as pending, at the time given', () => {
		const out = apply(inInquiry(), raiseCmd({ respondentIds: ['r2', 'r1', 'r2'] }), ctx({ now: T0 + 7 * S }));
		expect(out.state.requests).toEqual<HandRequest[]>([
			{
				id: 'k1',
				itemId: 'a2',
				memberId: 'm2',
				topic: '物业管理',
				respondentIds: ['r2', 'r1'],
				text: '物业服务投诉多，如何监管？',
				status: 'pending',
				raisedAt: T0 + 7 * S,
				decidedAt: null,
				reason: null
			}
		]);
		expect(out.action).toBe('request.raised');
	});

	it('lets a member ask ahead, while the inquiry is still pending', () => {
		expect(apply(emptyLiveState(), raiseCmd()).state.requests).toHaveLength(1);
	});

	it('needs the member signed in and not departed', () => {
		refuse(inInquiry(), raiseCmd(), 'FORBIDDEN', ctx({ roll: { m1: signedIn() } }));
		refuse(inInquiry(), raiseCmd(), 'FORBIDDEN', ctx({ roll: { ...ROLL, m2: { signedInAt: T0 - 60 * S, by: 'clerk', departedAt: T0 - 10 * S } } }));
	});

	it('counts a late sign-in by a clerk as signed in', () => {
		const out = apply(inInquiry(), raiseCmd(), ctx({ roll: { m2: { signedInAt: T0, by: 'clerk', departedAt: null } } }));
		expect(out.state.requests[0]!.status).toBe('pending');
	});

	it('answers NOT_FOUND for a respondent not on the meeting’s list, even beside a known one', () => {
		refuse(inInquiry(), raiseCmd({ respondentIds: ['r1', 'r-nobody'] }), 'NOT_FOUND');
	});

	it('answers NOT_FOUND for an item that is not an inquiry', () => {
		for (const itemId of ['a1', 'a4', 'a9']) refuse(inInquiry(), raiseCmd({ itemId }), 'NOT_FOUND');
	});

	it('refuses requests on an inquiry that is over or skipped', () => {
		const done = apply(inInquiry(), { type: 'agenda', itemId: 'a2', action: 'close' }).state;
		refuse(done, raiseCmd(), 'CONFLICT');
		const skipped = apply(inInquiry(), { type: 'agenda', itemId: 'a3', action: 'skip' }).state;
		refuse(skipped, raiseCmd({ itemId: 'a3' }), 'CONFLICT');
	});

	it('keeps one pending request per member per item', () => {
		const state = apply(inInquiry(), raiseCmd()).state;
		refuse(state, raiseCmd({ requestId: 'k2', topic: '另一个问题' }), 'CONFLICT');
		// Another member, or the same member on another inquiry, may still ask.
		expect(apply(state, raiseCmd({ requestId: 'k2', memberId: 'm3' })).state.requests).toHaveLength(2);
		expect(apply(state, raiseCmd({ requestId: 'k2', itemId: 'a3' })).state.requests).toHaveLength(2);
	});

	it('lets a member ask again once the first request is withdrawn or decided', () => {
		const state = apply(inInquiry(), raiseCmd()).state;
		const withdrawn = apply(state, { type: 'request-withdraw', memberId: 'm2', requestId: 'k1' }).state;
		expect(apply(withdrawn, raiseCmd({ requestId: 'k2' })).state.requests.map((r) => r.status)).toEqual(['withdrawn', 'pending']);
		const rejected = apply(state, { type: 'request-decide', requestId: 'k1', decision: 'reject' }).state;
		expect(apply(rejected, raiseCmd({ requestId: 'k2' })).state.requests.map((r) => r.status)).toEqual(['rejected', 'pending']);
	});

	it('refuses a request id already used', () => {
		const state = apply(inInquiry(), raiseCmd()).state;
		refuse(state, raiseCmd({ memberId: 'm3' }), 'CONFLICT');
	});

	it(`keeps at most ${MAX_REQUESTS} requests per meeting`, () => {
		const decided: HandRequest[] = Array.from({ length: MAX_REQUESTS }, (_, i) => ({
			id: `old${i}`,
			itemId: 'a2',
			memberId: 'm1',
			topic: '旧请求',
			respondentIds: ['r1'],
			text: '',
			status: 'rejected',
			raisedAt: T0 - 3600 * S,
			decidedAt: T0 - 3000 * S,
			reason: null
		}));
		const full = { ...inInquiry(), requests: decided };
		refuse(full, raiseCmd(), 'RATE_LIMITED');
		expect(apply({ ...full, requests: decided.slice(1) }, raiseCmd()).state.requests).toHaveLength(MAX_REQUESTS);
	});

	describe('withdrawing', () => {
		it('withdraws the member’s own pending request, at the time given', () => {
			const state = apply(inInquiry(), raiseCmd()).state;
			const out = apply(state, { type: 'request-withdraw', memberId: 'm2', requestId: 'k1' }, ctx({ now: T0 + 30 * S }));
			expect(out.state.requests[0]).toMatchObject({ status: 'withdrawn', decidedAt: T0 + 30 * S });
			expect(out.action).toBe('request.withdrawn');
			expect(ids(out.state)).toEqual(['q1', 'q2', 'q3']);
		});

		it('does not let one member withdraw another’s request', () => {
			const state = apply(inInquiry(), raiseCmd()).state;
			refuse(state, { type: 'request-withdraw', memberId: 'm3', requestId: 'k1' }, 'NOT_FOUND');
		});

		it('answers NOT_FOUND for an unknown request', () => {
			refuse(inInquiry(), { type: 'request-withdraw', memberId: 'm2', requestId: 'nope' }, 'NOT_FOUND');
		});

		it('refuses to withdraw a request already withdrawn, accepted or rejected', () => {
			const state = apply(inInquiry(), raiseCmd()).state;
			const withdraw: LiveCommand = { type: 'request-withdraw', memberId: 'm2', requestId: 'k1' };
			refuse(apply(state, withdraw).state, withdraw, 'CONFLICT');
			refuse(apply(state, { type: 'request-decide', requestId: 'k1', decision: 'accept' }).state, withdraw, 'CONFLICT');
			refuse(apply(state, { type: 'request-decide', requestId: 'k1', decision: 'reject' }).state, withdraw, 'CONFLICT');
		});
	});

	describe('deciding', () => {
		it('accepts: the question joins the end of its inquiry’s queue as r-<id>', () => {
			const state = apply(inInquiry(), raiseCmd()).state;
			const out = apply(state, { type: 'request-decide', requestId: 'k1', decision: 'accept' }, ctx({ now: T0 + 40 * S }));
			expect(out.state.requests[0]).toMatchObject({ status: 'accepted', decidedAt: T0 + 40 * S, reason: null });
			expect(out.action).toBe('request.accepted');
			const queue = queueOf(out.state, meeting, 'a2');
			expect(queue.map((e) => e.id)).toEqual(['q1', 'q2', 'q3', 'r-k1']);
			expect(queue[3]).toEqual({ id: 'r-k1', itemId: 'a2', source: 'request', topic: '物业管理', text: '物业服务投诉多，如何监管？', askerId: 'm2', respondentIds: ['r2'] });
			expect(out.state.order.a2).toEqual(['q1', 'q2', 'q3', 'r-k1']);
			expect(ids(out.state, 'a3'), 'the other inquiry is untouched').toEqual(['q4']);
		});

		it('appends a later acceptance after the host’s own order and earlier acceptances', () => {
			let state = raise(raise(inInquiry(), 'm2', 'k1'), 'm3', 'k2');
			state = apply(state, { type: 'queue-move', itemId: 'a2', entryId: 'q3', toIndex: 0 }).state;
			state = apply(state, { type: 'request-decide', requestId: 'k2', decision: 'accept' }).state;
			state = apply(state, { type: 'request-decide', requestId: 'k1', decision: 'accept' }).state;
			expect(ids(state)).toEqual(['q3', 'q1', 'q2', 'r-k2', 'r-k1']);
		});

		it('rejects keeping the host’s reason, and the question stays out of the queue', () => {
			const state = apply(inInquiry(), raiseCmd()).state;
			const out = apply(state, { type: 'request-decide', requestId: 'k1', decision: 'reject', reason: '与第2个问题重复' }, ctx({ now: T0 + 50 * S }));
			expect(out.state.requests[0]).toMatchObject({ status: 'rejected', decidedAt: T0 + 50 * S, reason: '与第2个问题重复' });
			expect(out.action).toBe('request.rejected');
			expect(out.data.reason).toBe('与第2个问题重复');
			expect(ids(out.state)).toEqual(['q1', 'q2', 'q3']);
		});

		it('records a rejection without a reason as having none', () => {
			const state = apply(inInquiry(), raiseCmd()).state;
			expect(apply(state, { type: 'request-decide', requestId: 'k1', decision: 'reject' }).state.requests[0]!.reason).toBeNull();
		});

		it('decides only pending requests', () => {
			const state = apply(inInquiry(), raiseCmd()).state;
			const accepted = apply(state, { type: 'request-decide', requestId: 'k1', decision: 'accept' }).state;
			refuse(accepted, { type: 'request-decide', requestId: 'k1', decision: 'accept' }, 'CONFLICT');
			refuse(accepted, { type: 'request-decide', requestId: 'k1', decision: 'reject' }, 'CONFLICT');
			const withdrawn = apply(state, { type: 'request-withdraw', memberId: 'm2', requestId: 'k1' }).state;
			refuse(withdrawn, { type: 'request-decide', requestId: 'k1', decision: 'accept' }, 'CONFLICT');
		});

		it('answers NOT_FOUND for an unknown request', () => {
			refuse(inInquiry(), { type: 'request-decide', requestId: 'nope', decision: 'accept' }, 'NOT_FOUND');
		});
	});
});

describe('the queue', () => {
	const move = (entryId: string, toIndex: number, itemId = 'a2'): LiveCommand => ({ type: 'queue-move', itemId, entryId, toIndex });

	it('is the plan’s order until the host moves something', () => {
		expect(ids(emptyLiveState())).toEqual(['q1', 'q2', 'q3']);
		expect(ids(emptyLiveState(), 'a3')).toEqual(['q4']);
		expect(ids(emptyLiveState(), 'a4'), 'a vote has no queue').toEqual([]);
	});

	it('puts prepared questions missing from the stored order after it, in the plan’s order, and ignores stale ids', () => {
		const state: LiveState = { ...emptyLiveState(), order: { a2: ['q3', 'gone', 'q1'] } };
		expect(ids(state)).toEqual(['q3', 'q1', 'q2']);
	});

	it('moves a queued question and keeps the new order', () => {
		const out = apply(inInquiry(), move('q3', 0));
		expect(out.state.order.a2).toEqual(['q3', 'q1', 'q2']);
		expect(ids(out.state)).toEqual(['q3', 'q1', 'q2']);
		expect(out.data).toMatchObject({ entryId: 'q3', from: 2, to: 0 });
		const again = apply(out.state, move('q1', 2)).state;
		expect(ids(again)).toEqual(['q3', 'q2', 'q1']);
	});

	it('clamps an index past the end to the end', () => {
		const out = apply(inInquiry(), move('q1', 1000));
		expect(ids(out.state)).toEqual(['q2', 'q3', 'q1']);
		expect(out.data.to).toBe(2);
	});

	it('leaves the order as it was when a question is moved to where it is', () => {
		expect(ids(apply(inInquiry(), move('q2', 1)).state)).toEqual(['q1', 'q2', 'q3']);
	});

	it('moves an accepted request like any other question', () => {
		let state = raise(inInquiry(), 'm2', 'k1');
		state = apply(state, { type: 'request-decide', requestId: 'k1', decision: 'accept' }).state;
		expect(ids(apply(state, move('r-k1', 1)).state)).toEqual(['q1', 'r-k1', 'q2', 'q3']);
	});

	it('moves only questions not yet called', () => {
		let state = asking();
		refuse(state, move('q1', 2), 'CONFLICT');
		state = apply(state, step('q2', 'queued', { type: 'skip' })).state;
		refuse(state, move('q2', 0), 'CONFLICT');
		state = apply(state, step('q1', 'asking', { type: 'answer' }), ctx({ now: T0 + 10 * S })).state;
		state = apply(state, step('q1', 'answering', { type: 'finish' }), ctx({ now: T0 + 20 * S })).state;
		refuse(state, move('q1', 2), 'CONFLICT');
		// A queued question may still be moved past the finished ones.
		expect(ids(apply(state, move('q3', 0)).state)).toEqual(['q3', 'q1', 'q2']);
	});

	it('answers NOT_FOUND for a question not in that inquiry’s queue', () => {
		let state = raise(inInquiry(), 'm2', 'k1');
		refuse(state, move('q4', 0), 'NOT_FOUND');
		refuse(state, move('q9', 0), 'NOT_FOUND');
		refuse(state, move('r-k1', 0), 'NOT_FOUND'); // pending, not yet in the queue
		state = apply(state, { type: 'request-decide', requestId: 'k1', decision: 'reject' }).state;
		refuse(state, move('r-k1', 0), 'NOT_FOUND');
		refuse(state, move('q1', 0, 'a4'), 'NOT_FOUND');
	});
});

describe('question steps', () => {
	it('runs a question through every phase, with each phase’s limit from the settings and its times in the record', () => {
		let state = inInquiry();
		let out = apply(state, step('q1', 'queued', { type: 'call' }), ctx({ now: T0 }));
		state = out.state;
		expect(out.action).toBe('question.called');
		expect(state.currentEntryId).toBe('q1');
		expect(state.runs.q1).toMatchObject({ phase: 'asking', askerId: 'm1', respondentIds: ['r1'], followUps: 0, record: [] });
		expect(state.runs.q1!.clock).toMatchObject({ startedAt: T0, limitMs: 120 * S, deadline: T0 + 120 * S });

		// Asked in 1:40 of 2:00.
		state = apply(state, step('q1', 'asking', { type: 'answer' }), ctx({ now: T0 + 100 * S })).state;
		expect(state.runs.q1!.phase).toBe('answering');
		expect(state.runs.q1!.clock).toMatchObject({ startedAt: T0 + 100 * S, limitMs: 240 * S, deadline: T0 + 340 * S });

		// Answered in 4:10 of 4:00: 10 s over. Another deputy follows up.
		out = apply(state, step('q1', 'answering', { type: 'follow-up', askerId: 'm2' }), ctx({ now: T0 + 350 * S }));
		state = out.state;
		expect(out.data.askerId).toBe('m2');
		expect(state.runs.q1).toMatchObject({ phase: 'follow-up-asking', askerId: 'm2', followUps: 1 });
		expect(state.runs.q1!.clock).toMatchObject({ startedAt: T0 + 350 * S, limitMs: 30 * S });

		// Follow-up asked in 0:20 of 0:30, answered in 1:40 of 1:30.
		state = apply(state, step('q1', 'follow-up-asking', { type: 'follow-up-answer' }), ctx({ now: T0 + 370 * S })).state;
		expect(state.runs.q1!.phase).toBe('follow-up-answering');
		expect(state.runs.q1!.clock).toMatchObject({ startedAt: T0 + 370 * S, limitMs: 90 * S });
		state = apply(state, step('q1', 'follow-up-answering', { type: 'rate' }), ctx({ now: T0 + 470 * S })).state;
		expect(state.runs.q1).toMatchObject({ phase: 'rating', clock: null });
		expect(runningRun(state), 'a question being rated is still under way').not.toBeNull();
		state = apply(state, step('q1', 'rating', { type: 'finish' }), ctx({ now: T0 + 500 * S })).state;
		expect(state.runs.q1).toMatchObject({ phase: 'done', clock: null });
		expect(runningRun(state)).toBeNull();
		expect(state.currentEntryId, 'the question just finished stays current').toBe('q1');

		expect(state.runs.q1!.record).toEqual([
			{ phase: 'asking', speakerIds: ['m1'], startedAt: T0, endedAt: T0 + 100 * S, limitMs: 120 * S, extendedMs: 0, usedMs: 100 * S, overtimeMs: 0 },
			{ phase: 'answering', speakerIds: ['r1'], startedAt: T0 + 100 * S, endedAt: T0 + 350 * S, limitMs: 240 * S, extendedMs: 0, usedMs: 250 * S, overtimeMs: 10 * S },
			{ phase: 'follow-up-asking', speakerIds: ['m2'], startedAt: T0 + 350 * S, endedAt: T0 + 370 * S, limitMs: 30 * S, extendedMs: 0, usedMs: 20 * S, overtimeMs: 0 },
			{ phase: 'follow-up-answering', speakerIds: ['r1'], startedAt: T0 + 370 * S, endedAt: T0 + 470 * S, limitMs: 90 * S, extendedMs: 0, usedMs: 100 * S, overtimeMs: 10 * S }
		]);
		expect(phaseOf(state, 'q2'), 'the other questions wait').toBe('queued');
	});

	it('may finish straight after the answer, and allows several follow-ups', () => {
		let state = asking();
		state = apply(state, step('q1', 'asking', { type: 'answer' }), ctx({ now: T0 + 10 * S })).state;
		state = apply(state, step('q1', 'answering', { type: 'follow-up', askerId: 'm2' }), ctx({ now: T0 + 20 * S })).state;
		state = apply(state, step('q1', 'follow-up-asking', { type: 'follow-up-answer' }), ctx({ now: T0 + 30 * S })).state;
		state = apply(state, step('q1', 'follow-up-answering', { type: 'follow-up', askerId: 'm1' }), ctx({ now: T0 + 40 * S })).state;
		expect(state.runs.q1).toMatchObject({ phase: 'follow-up-asking', askerId: 'm1', followUps: 2 });
		state = apply(state, step('q1', 'follow-up-asking', { type: 'follow-up-answer' }), ctx({ now: T0 + 50 * S })).state;
		state = apply(state, step('q1', 'follow-up-answering', { type: 'finish' }), ctx({ now: T0 + 60 * S })).state;
		expect(state.runs.q1!.phase).toBe('done');
		expect(state.runs.q1!.record.map((r) => [r.phase, r.speakerIds])).toEqual([
			['asking', ['m1']],
			['answering', ['r1']],
			['follow-up-asking', ['m2']],
			['follow-up-answering', ['r1']],
			['follow-up-asking', ['m1']],
			['follow-up-answering', ['r1']]
		]);
	});

	it('refuses a step from a phase the question is no longer in, saying which phase it is in', () => {
		const state = apply(asking(), step('q1', 'asking', { type: 'answer' }), ctx({ now: T0 + 10 * S })).state;
		// A second console, still showing "asking", presses "answer" again.
		const error = refuse(state, step('q1', 'asking', { type: 'answer' }), 'CONFLICT');
		expect(error.message.zh).toContain(PHASE_LABELS.answering.zh);
		expect(error.message.en).toContain(PHASE_LABELS.answering.en);
		refuse(state, step('q2', 'asking', { type: 'answer' }), 'CONFLICT'); // q2 is still queued
	});

	it('refuses a stale step even when the phase it has moved to would allow the same action', () => {
		let state = apply(asking(), step('q1', 'asking', { type: 'answer' }), ctx({ now: T0 + 10 * S })).state;
		state = apply(state, step('q1', 'answering', { type: 'follow-up', askerId: 'm2' }), ctx({ now: T0 + 20 * S })).state;
		state = apply(state, step('q1', 'follow-up-asking', { type: 'follow-up-answer' }), ctx({ now: T0 + 30 * S })).state;
		// A console that still shows the first answer presses "finish", "rate" or "follow-up": all are
		// allowed in the follow-up answer too, but the host did not see that phase.
		for (const action of [{ type: 'finish' }, { type: 'rate' }, { type: 'follow-up', askerId: 'm3' }] as const) {
			const error = refuse(state, step('q1', 'answering', action), 'CONFLICT', ctx({ now: T0 + 40 * S }));
			expect(error.message.en).toContain(PHASE_LABELS['follow-up-answering'].en);
		}
	});

	it('refuses an action the current phase does not allow', () => {
		const state = asking();
		refuse(state, step('q1', 'asking', { type: 'finish' }), 'CONFLICT');
		refuse(state, step('q1', 'asking', { type: 'rate' }), 'CONFLICT');
		refuse(state, step('q1', 'asking', { type: 'skip' }), 'CONFLICT');
		refuse(state, step('q2', 'queued', { type: 'answer' }), 'CONFLICT');
		refuse(state, step('q2', 'queued', { type: 'requeue' }), 'CONFLICT');
	});

	it('calls only a question of the current agenda item', () => {
		refuse(emptyLiveState(), step('q1', 'queued', { type: 'call' }), 'CONFLICT');
		const otherActive = apply(inInquiry(), { type: 'agenda', itemId: 'a3', action: 'activate' }).state;
		refuse(otherActive, step('q1', 'queued', { type: 'call' }), 'CONFLICT');
		expect(apply(otherActive, step('q4', 'queued', { type: 'call' })).state.currentEntryId).toBe('q4');
	});

	it('calls no question while another is under way, including while it is rated', () => {
		let state = asking();
		refuse(state, step('q2', 'queued', { type: 'call' }), 'CONFLICT');
		state = apply(state, step('q1', 'asking', { type: 'answer' }), ctx({ now: T0 + 10 * S })).state;
		refuse(state, step('q2', 'queued', { type: 'call' }), 'CONFLICT');
		state = apply(state, step('q1', 'answering', { type: 'rate' }), ctx({ now: T0 + 20 * S })).state;
		refuse(state, step('q2', 'queued', { type: 'call' }), 'CONFLICT');
		state = apply(state, step('q1', 'rating', { type: 'finish' }), ctx({ now: T0 + 30 * S })).state;
		const next = apply(state, step('q2', 'queued', { type: 'call' }), ctx({ now: T0 + 40 * S })).state;
		expect(next.currentEntryId).toBe('q2');
		expect(next.runs.q1!.phase, 'the finished run is kept').toBe('done');
	});

	it('takes a follow-up only from a current member of the body', () => {
		const state = apply(asking(), step('q1', 'asking', { type: 'answer' }), ctx({ now: T0 + 10 * S })).state;
		refuse(state, step('q1', 'answering', { type: 'follow-up', askerId: 'm5' }), 'NOT_FOUND'); // retired
		refuse(state, step('q1', 'answering', { type: 'follow-up', askerId: 'x9' }), 'NOT_FOUND');
		refuse(state, step('q1', 'answering', { type: 'follow-up', askerId: 'r1' }), 'NOT_FOUND'); // a respondent
		expect(apply(state, step('q1', 'answering', { type: 'follow-up', askerId: 'm4' })).state.runs.q1!.askerId).toBe('m4');
	});

	it('answers NOT_FOUND for a question in no queue', () => {
		const state = raise(inInquiry(), 'm2', 'k1');
		refuse(state, step('q9', 'queued', { type: 'call' }), 'NOT_FOUND');
		refuse(state, step('r-k1', 'queued', { type: 'call' }), 'NOT_FOUND'); // not accepted yet
	});

	it('calls an accepted request with the member who raised it as the asker', () => {
		let state = raise(inInquiry(), 'm3', 'k1', { respondentIds: ['r2'] });
		state = apply(state, { type: 'request-decide', requestId: 'k1', decision: 'accept' }).state;
		state = apply(state, step('r-k1', 'queued', { type: 'call' })).state;
		expect(state.currentEntryId).toBe('r-k1');
		expect(state.runs['r-k1']).toMatchObject({ phase: 'asking', askerId: 'm3', respondentIds: ['r2'] });
	});

	it('skips a queued question, and puts a skipped one back in the queue to be called later', () => {
		let state = inInquiry();
		let out = apply(state, step('q2', 'queued', { type: 'skip' }));
		state = out.state;
		expect(phaseOf(state, 'q2')).toBe('skipped');
		expect(state.currentEntryId, 'skipping calls nothing').toBeNull();
		expect(ids(state), 'a skipped question keeps its place').toEqual(['q1', 'q2', 'q3']);
		refuse(state, step('q2', 'skipped', { type: 'call' }), 'CONFLICT');
		refuse(state, step('q2', 'queued', { type: 'call' }), 'CONFLICT');

		out = apply(state, step('q2', 'skipped', { type: 'requeue' }));
		state = out.state;
		expect(phaseOf(state, 'q2')).toBe('queued');
		expect(runningRun(state)).toBeNull();
		state = apply(state, step('q2', 'queued', { type: 'call' }), ctx({ now: T0 + 5 * S })).state;
		expect(state.runs.q2).toMatchObject({ phase: 'asking', askerId: 'm2' });
		expect(state.runs.q2!.clock).toMatchObject({ startedAt: T0 + 5 * S, deadline: T0 + 125 * S });
	});

	it('skips a queued question while another is under way, without disturbing it', () => {
		const state = asking();
		const out = apply(state, step('q3', 'queued', { type: 'skip' }), ctx({ now: T0 + 5 * S }));
		expect(out.state.currentEntryId).toBe('q1');
		expect(out.state.runs.q1).toEqual(state.runs.q1);
	});
});

describe('clock control', () => {
	const clock = (op: 'pause' | 'resume' | 'extend' | 'end', from: QuestionPhase = 'asking', bySeconds?: number, entryId = 'q1'): LiveCommand => ({ type: 'clock', entryId, from, op, bySeconds });
	const at = (seconds: number) => ctx({ now: T0 + seconds * S });
	const left = (state: LiveState, seconds: number) => remainingAt(state.runs.q1!.clock!, T0 + seconds * S) / S;

	it('pauses: what is left stays put until resumed, then counts down from the new time', () => {
		let state = apply(asking(), clock('pause'), at(30)).state;
		expect(left(state, 30)).toBe(90);
		expect(left(state, 200), 'paused, nothing runs out').toBe(90);
		refuse(state, clock('pause'), 'CONFLICT', at(40));
		state = apply(state, clock('resume'), at(100)).state;
		expect(state.runs.q1!.clock!.deadline).toBe(T0 + 190 * S);
		expect(left(state, 190)).toBe(0);
		expect(left(state, 200), 'past the deadline, overtime shows').toBe(-10);
	});

	it('resumes only a paused clock', () => {
		refuse(asking(), clock('resume'), 'CONFLICT', at(10));
	});

	it('extends by the seconds given, running or paused', () => {
		const running = apply(asking(), clock('extend', 'asking', 60), at(30));
		expect(running.state.runs.q1!.clock).toMatchObject({ deadline: T0 + 180 * S, extendedMs: 60 * S });
		expect(running.data.bySeconds).toBe(60);
		let paused = apply(asking(), clock('pause'), at(30)).state;
		paused = apply(paused, clock('extend', 'asking', 45), at(40)).state;
		expect(left(paused, 40)).toBe(90 + 45);
	});

	it('brings a clock in overtime back under its limit', () => {
		const state = apply(asking(), clock('extend', 'asking', 60), at(150)).state; // 30 s over, then +60
		expect(left(state, 150)).toBe(30);
	});

	it('ends: the time left (or the overtime) is frozen, and nothing more may be done to the clock', () => {
		let state = apply(asking(), clock('end'), at(50)).state;
		expect(left(state, 50)).toBe(70);
		expect(left(state, 500)).toBe(70);
		for (const op of ['pause', 'resume', 'end'] as const) refuse(state, clock(op), 'CONFLICT', at(60));
		refuse(state, clock('extend', 'asking', 60), 'CONFLICT', at(60));

		state = apply(asking(), clock('end'), at(150)).state;
		expect(left(state, 400), 'overtime is frozen too').toBe(-30);
	});

	it('keeps, for a phase ended early and left later, the time it was ended', () => {
		let state = apply(asking(), clock('end'), at(50)).state;
		expect(runningRun(state), 'an ended clock does not end the phase').not.toBeNull();
		state = apply(state, step('q1', 'asking', { type: 'answer' }), at(90)).state;
		expect(state.runs.q1!.record[0]).toEqual({ phase: 'asking', speakerIds: ['m1'], startedAt: T0, endedAt: T0 + 50 * S, limitMs: 120 * S, extendedMs: 0, usedMs: 50 * S, overtimeMs: 0 });
		expect(state.runs.q1!.clock).toMatchObject({ startedAt: T0 + 90 * S, deadline: T0 + 330 * S });
	});

	it('records a phase ended in overtime with its overtime, and one left while paused without the pause', () => {
		let over = apply(asking(), clock('end'), at(150)).state;
		over = apply(over, step('q1', 'asking', { type: 'answer' }), at(160)).state;
		expect(over.runs.q1!.record[0]).toMatchObject({ endedAt: T0 + 150 * S, usedMs: 150 * S, overtimeMs: 30 * S });

		let paused = apply(asking(), clock('pause'), at(40)).state;
		paused = apply(paused, clock('extend', 'asking', 30), at(50)).state;
		paused = apply(paused, step('q1', 'asking', { type: 'answer' }), at(100)).state;
		expect(paused.runs.q1!.record[0]).toMatchObject({ endedAt: T0 + 100 * S, usedMs: 40 * S, extendedMs: 30 * S, overtimeMs: 0 });
	});

	it('works on the answering and follow-up phases with their own limits', () => {
		let state = apply(asking(), step('q1', 'asking', { type: 'answer' }), at(10)).state;
		refuse(state, clock('pause', 'asking'), 'CONFLICT', at(20));
		state = apply(state, clock('pause', 'answering'), at(20)).state;
		expect(left(state, 20)).toBe(230);
		state = apply(state, clock('resume', 'answering'), at(30)).state;
		state = apply(state, step('q1', 'answering', { type: 'follow-up', askerId: 'm3' }), at(40)).state;
		state = apply(state, clock('extend', 'follow-up-asking', 60), at(45)).state;
		expect(left(state, 45)).toBe(30 - 5 + 60);
	});

	it('refuses in the rating phase, which has no clock', () => {
		let state = apply(asking(), step('q1', 'asking', { type: 'answer' }), at(10)).state;
		state = apply(state, step('q1', 'answering', { type: 'rate' }), at(20)).state;
		for (const op of ['pause', 'resume', 'end'] as const) refuse(state, clock(op, 'rating'), 'CONFLICT', at(30));
		refuse(state, clock('extend', 'rating', 60), 'CONFLICT', at(30));
	});

	it('refuses a command from a phase the question has left, naming the phase it is in', () => {
		const state = apply(asking(), step('q1', 'asking', { type: 'answer' }), at(10)).state;
		const error = refuse(state, clock('extend', 'asking', 60), 'CONFLICT', at(20));
		expect(error.message.zh).toContain(PHASE_LABELS.answering.zh);
		expect(error.message.en).toContain(PHASE_LABELS.answering.en);
	});

	it('acts only on the current question', () => {
		refuse(inInquiry(), clock('pause', 'queued', undefined, 'q2'), 'NOT_FOUND');
		refuse(asking(), clock('pause', 'asking', undefined, 'q2'), 'NOT_FOUND');
		const skipped = apply(asking(), step('q2', 'queued', { type: 'skip' })).state;
		refuse(skipped, clock('pause', 'skipped', undefined, 'q2'), 'NOT_FOUND');
	});

	it('refuses an extension without a positive number of seconds instead of throwing', () => {
		// `LiveCommand` allows a missing `bySeconds`; the schema guards the socket, the rules guard everyone else.
		const state = asking();
		for (const bySeconds of [undefined, 0, -60]) {
			let out: LiveOutcome | undefined;
			expect(() => (out = applyLive(state, clock('extend', 'asking', bySeconds), at(10))), `bySeconds ${bySeconds}`).not.toThrow();
			expect(out?.ok).toBe(false);
		}
	});
});

describe('attendance from the roll', () => {
	const demo = demoMeeting();
	const all = demoMembers();
	const rollOf = (memberIds: readonly string[], departed: readonly string[] = []): Record<string, RollEntry> =>
		Object.fromEntries(memberIds.map((id) => [id, { signedInAt: T0, by: 'self', departedAt: departed.includes(id) ? T0 + 60 * S : null }]));
	const first = (n: number) => all.slice(0, n).map((m) => m.id);

	it('counts 应到 / 实到 / 缺席 of the demo congress (36 deputies)', () => {
		expect(attendanceOf(demo, all, rollOf(first(30)))).toEqual({ expected: 36, present: 30, absent: 6, quorumNeeds: 24, quorumMet: true });
		expect(attendanceOf(demo, all, {})).toMatchObject({ expected: 36, present: 0, absent: 36, quorumMet: false });
	});

	it('needs two thirds of 36, that is 24, at a congress session', () => {
		expect(attendanceOf(demo, all, rollOf(first(24))).quorumMet).toBe(true);
		expect(attendanceOf(demo, all, rollOf(first(23))).quorumMet).toBe(false);
	});

	it('needs more than half of 36, that is 19, at a standing committee', () => {
		const committee: Meeting = { ...demo, kind: 'standing-committee', rules: { ...demo.rules, quorum: 'more-than-half-of-all' } };
		expect(attendanceOf(committee, all, rollOf(first(19)))).toMatchObject({ present: 19, quorumNeeds: 19, quorumMet: true });
		expect(attendanceOf(committee, all, rollOf(first(18))).quorumMet).toBe(false);
	});

	it('does not count a departed member as present', () => {
		const roll = rollOf(first(24), ['d001']);
		expect(attendanceOf(demo, all, roll)).toMatchObject({ expected: 36, present: 23, absent: 13, quorumMet: false });
	});

	it('leaves retired members out of 应到 and 实到, even with a line in the roll', () => {
		const withRetired = all.map((m, i) => (i < 3 ? { ...m, retired: true } : m));
		const out = attendanceOf(demo, withRetired, rollOf(first(25)));
		// 33 current members: two thirds is 22; of the 25 signed in, 3 are retired.
		expect(out).toEqual({ expected: 33, present: 22, absent: 11, quorumNeeds: 22, quorumMet: true });
	});

	it('counts the small meeting: 4 current members, 3 of them present', () => {
		const roll = { ...ROLL, m4: { ...signedIn(), departedAt: T0 } };
		expect(attendanceOf(meeting, members, roll)).toEqual({ expected: 4, present: 3, absent: 1, quorumNeeds: 3, quorumMet: true });
	});
});

describe('any sequence of commands', () => {
	const memberIds = ['m1', 'm2', 'm3', 'm4', 'm5', 'x9'];
	const entryIds = ['q1', 'q2', 'q3', 'q4', 'q9', 'r-k0', 'r-k1', 'r-k2', 'r-k3'];
	const actions: QuestionAction['type'][] = ['call', 'answer', 'follow-up', 'follow-up-answer', 'rate', 'finish', 'skip', 'requeue'];

	function randomCommand(rand: () => number, state: LiveState): LiveCommand {
		const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
		// Mostly act from the phase the console would see, so runs get somewhere.
		const seen = (entryId: string) => (rand() < 0.8 ? phaseOf(state, entryId) : pick(QUESTION_PHASES));
		switch (Math.floor(rand() * 10)) {
			case 0:
				return { type: 'sign-in-toggle', open: rand() < 0.5 };
			case 1:
				return { type: 'agenda', itemId: pick(['a1', 'a2', 'a3', 'a4', 'a9']), action: pick(['activate', 'close', 'skip'] as const) };
			case 2:
				return { type: 'request-raise', memberId: pick(memberIds), requestId: `k${Math.floor(rand() * 4)}`, itemId: pick(['a2', 'a3', 'a4']), topic: '临时问题', respondentIds: [pick(['r1', 'r2', 'r9'])], text: '' };
			case 3:
				return { type: 'request-withdraw', memberId: pick(memberIds), requestId: `k${Math.floor(rand() * 4)}` };
			case 4:
				return { type: 'request-decide', requestId: `k${Math.floor(rand() * 4)}`, decision: pick(['accept', 'reject'] as const), reason: rand() < 0.5 ? '理由' : undefined };
			case 5:
				return { type: 'queue-move', itemId: pick(['a2', 'a3']), entryId: pick(entryIds), toIndex: Math.floor(rand() * 6) };
			case 6:
			case 7:
			case 8: {
				// Mostly the question under way or one just queued, with an action its phase allows.
				const entryId = state.currentEntryId && rand() < 0.6 ? state.currentEntryId : pick(entryIds);
				const allowed = ALLOWED[phaseOf(state, entryId)];
				const type = allowed.length > 0 && rand() < 0.8 ? pick(allowed) : pick(actions);
				const action: QuestionAction = type === 'follow-up' ? { type, askerId: pick(memberIds) } : { type };
				return step(entryId, seen(entryId), action);
			}
			default: {
				const entryId = state.currentEntryId ?? pick(entryIds);
				return { type: 'clock', entryId, from: seen(entryId), op: pick(['pause', 'resume', 'extend', 'end'] as const), bySeconds: 60 };
			}
		}
	}

	function expectInvariants(state: LiveState) {
		const active = Object.entries(state.items).filter(([, s]) => s === 'active').map(([id]) => id);
		expect(active).toEqual(state.activeItemId === null ? [] : [state.activeItemId]);
		const underWay = Object.values(state.runs).filter((r) => !['queued', 'done', 'skipped'].includes(r.phase));
		expect(underWay.length).toBeLessThanOrEqual(1);
		if (underWay[0]) {
			expect(underWay[0].questionId).toBe(state.currentEntryId);
			const item = meeting.agenda.find((i) => i.kind === 'inquiry' && queueOf(state, meeting, i.id).some((e) => e.id === underWay[0]!.questionId));
			expect(item?.id, 'a question under way belongs to the current item').toBe(state.activeItemId);
		}
		for (const r of state.requests.filter((x) => x.status === 'pending')) {
			expect(state.requests.filter((x) => x.status === 'pending' && x.memberId === r.memberId && x.itemId === r.itemId)).toHaveLength(1);
		}
		expect(new Set(state.requests.map((r) => r.id)).size).toBe(state.requests.length);
		for (const order of Object.values(state.order)) expect(new Set(order).size).toBe(order.length);
		for (const run of Object.values(state.runs)) {
			const timed = (TIMED_PHASES as readonly string[]).includes(run.phase);
			expect(run.clock !== null, `${run.questionId} in ${run.phase}`).toBe(timed);
		}
	}

	it('keeps the live state consistent, and every refusal changes nothing and says why in zh and en', () => {
		const applied = new Set<string>();
		for (let seed = 1; seed <= 40; seed++) {
			const rand = seededRandom(seed);
			let state = emptyLiveState();
			let now = T0;
			for (let i = 0; i < 150; i++) {
				now += Math.floor(rand() * 30 * S);
				const command = randomCommand(rand, state);
				const before = structuredClone(state);
				const out = applyLive(state, command, ctx({ now }));
				expect(state, `seed ${seed}, step ${i}: ${JSON.stringify(command)}`).toEqual(before);
				if (out.ok) {
					state = out.state;
					applied.add(out.action);
					expectInvariants(state);
				} else {
					expectBilingual(out.error);
				}
			}
		}
		// The sequences reach deep enough to mean something.
		for (const action of ['agenda.activated', 'request.accepted', 'queue.moved', 'question.called', 'question.follow-up', 'question.finish', 'question.requeue', 'clock.paused', 'clock.extended', 'clock.ended']) {
			expect([...applied]).toContain(action);
		}
	});
});
