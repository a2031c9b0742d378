/**
 * What the wall and the public page show of the votes, from views whose results the real rules
 * computed (`motionResult`, `ballotResult`, `ratingResult`), as the server would send them.
 */
import { describe, expect, it } from 'vitest';
import type { LiveView } from '$shared/live.view';
import type { VoteOutcome, VoteResult, VoteView } from '$shared/vote.schema';
import { ballotResult, motionResult, ratingResult } from '$shared/vote.rules';
import {
	announcedVotes,
	ballotBars,
	barPercent,
	boardState,
	motionRows,
	passingRuleText,
	ratingRows,
	ratingShareText,
	resultOf,
	resultSummary,
	tieText,
	turnoutPercent,
	voteCountdown,
	voteOnShow
} from './vote-board';

const T0 = 1_800_000_000_000;
const MEMBERS = 36;

function outcome(result: VoteResult, present = 30, voted = 28): VoteOutcome {
	return { result, present, voted, receipts: [] };
}

function vote(id: string, over: Partial<VoteView> = {}): VoteView {
	return {
		id,
		version: 1,
		meetingId: 'mt',
		itemId: 'a3-vote',
		entryId: null,
		kind: 'motion',
		title: '表决决议草案',
		subject: '会议同意报告。',
		candidates: [],
		seats: null,
		settings: { anonymous: true, press: 'first', durationSeconds: null, reveal: 'at-close', ratingBasis: 'all-members' },
		openedAt: T0,
		deadline: null,
		rerunOf: null,
		members: MEMBERS,
		passing: 'more-than-half-of-all',
		status: 'open',
		closedAt: null,
		closedBy: null,
		announcedAt: null,
		annulled: null,
		turnout: { voted: 0, present: 30 },
		revealed: false,
		...over
	};
}

const passed = motionResult({ yes: 25, no: 2, abstain: 1 }, MEMBERS, 30, 'more-than-half-of-all');
const failed = motionResult({ yes: 15, no: 10, abstain: 3 }, MEMBERS, 30, 'more-than-half-of-all');

function closed(id: string, result: VoteResult, over: Partial<VoteView> = {}): VoteView {
	return vote(id, { status: 'closed', closedAt: T0 + 60_000, closedBy: 'host', revealed: true, outcome: outcome(result), turnout: { voted: 28, present: 30 }, ...over });
}

function liveView(over: Partial<LiveView> = {}): LiveView {
	return {
		meetingId: 'mt',
		version: 1,
		role: 'screen',
		signIn: { open: false, openedAt: null, closedAt: null },
		attendance: { expected: MEMBERS, present: 30, absent: 6, quorumNeeds: 24, quorumMet: true },
		activeItemId: 'a3-vote',
		closedAt: null,
		items: {},
		inquiries: [],
		current: null,
		...over
	};
}

function questionOnFloor(entryId: string): LiveView['current'] {
	const member = { id: 'd001', name: '王建国', group: '城东组' };
	return {
		entry: { id: entryId, itemId: 'a2-inquiry', source: 'prepared', topic: '老旧小区', asker: member, respondents: [], phase: 'rating' },
		phase: 'rating',
		clock: null,
		speaker: { kind: 'none', names: [] },
		askingDeputy: member,
		followUps: 0,
		record: []
	};
}

describe('the vote on show', () => {
	it('is the open vote, even over a question on the floor', () => {
		const open = vote('v2', { itemId: 'a4-ballot' });
		const view = liveView({ activeItemId: 'a2-inquiry', current: questionOnFloor('q1') });
		expect(voteOnShow([closed('v1', { kind: 'motion', motion: passed }), open], view)?.id).toBe('v2');
	});

	it('is the latest closed vote of the active item while nothing else runs', () => {
		const votes = [closed('v1', { kind: 'motion', motion: failed }), vote('v2', { status: 'annulled', annulled: { reason: '设备故障', at: T0 } }), closed('v3', { kind: 'motion', motion: passed })];
		expect(voteOnShow(votes, liveView())?.id).toBe('v3');
		expect(voteOnShow(votes.slice(0, 2), liveView())?.id).toBe('v2');
	});

	it('goes once the host moves on to another item, and stays when nothing is active', () => {
		const votes = [closed('v1', { kind: 'motion', motion: passed })];
		expect(voteOnShow(votes, liveView({ activeItemId: 'a4-ballot' }))).toBeNull();
		expect(voteOnShow(votes, liveView({ activeItemId: null }))?.id).toBe('v1');
		expect(voteOnShow([], liveView())).toBeNull();
	});

	it('goes once the session has closed, where it would otherwise stay', () => {
		const votes = [closed('v1', { kind: 'motion', motion: passed })];
		expect(voteOnShow(votes, liveView({ activeItemId: null, closedAt: T0 }))).toBeNull();
	});

	it('gives way to a question on the floor, unless it rates that question’s answer', () => {
		const item = { itemId: 'a2-inquiry' };
		const earlier = closed('v1', { kind: 'motion', motion: passed }, { ...item, entryId: 'q1' });
		const view = liveView({ activeItemId: 'a2-inquiry', current: questionOnFloor('q2') });
		expect(voteOnShow([earlier], view)).toBeNull();
		const rating = ratingResult({ satisfied: 20, basicallySatisfied: 5, unsatisfied: 3, abstain: 0 }, 'all-members', MEMBERS, 30);
		expect(voteOnShow([earlier, closed('v2', { kind: 'rating', rating }, { ...item, entryId: 'q2', kind: 'rating' })], view)?.id).toBe('v2');
	});
});

describe('the state of a board', () => {
	it('shows the turnout while open, whatever the view carries', () => {
		expect(boardState(vote('v1'))).toBe('open');
		expect(resultOf(vote('v1'))).toBeNull();
	});

	it('waits for the announcement when the result is not revealed, even for staff who hold it', () => {
		const held = closed('v1', { kind: 'motion', motion: passed }, { revealed: false });
		expect(boardState(held)).toBe('waiting');
		expect(resultOf(held)).toBeNull();
		expect(resultSummary(held).zh).toBe('等待宣布结果');
	});

	it('waits (counting) when revealed before the outcome arrived', () => {
		expect(boardState(vote('v1', { status: 'closed', revealed: true }))).toBe('waiting');
	});

	it('shows the result once revealed, and a count by hand in place of the electronic one', () => {
		const v = closed('v1', { kind: 'motion', motion: failed });
		expect(boardState(v)).toBe('result');
		expect(resultOf(v)?.manual).toBeNull();
		const byHand = { ...outcome({ kind: 'motion', motion: passed }), manual: { reason: '表决器故障，举手表决', at: T0 } };
		const counted = { ...v, manual: byHand };
		expect(resultOf(counted)?.result).toEqual({ kind: 'motion', motion: passed });
		expect(resultOf(counted)?.manual?.reason).toBe('表决器故障，举手表决');
	});

	it('says annulled, with the reason, whatever else it holds', () => {
		const v = closed('v1', { kind: 'motion', motion: passed }, { status: 'annulled', annulled: { reason: '设备故障', at: T0 } });
		expect(boardState(v)).toBe('annulled');
		expect(resultSummary(v).zh).toBe('已作废：设备故障');
	});
});

describe('bars', () => {
	it('are shares of the scale, clamped, with a visible sliver for any vote', () => {
		expect(barPercent(0, 36)).toBe(0);
		expect(barPercent(18, 36)).toBe(50);
		expect(barPercent(1, 1000)).toBe(0.6);
		expect(barPercent(40, 36)).toBe(100);
		expect(barPercent(3, 0)).toBe(0);
		expect(turnoutPercent({ voted: 15, present: 30 })).toBe(50);
		expect(turnoutPercent({ voted: 0, present: 0 })).toBe(0);
	});

	it('of a motion are 赞成 / 反对 / 弃权 / 未按 against all members, with the votes needed marked', () => {
		const { rows, neededPercent } = motionRows(passed);
		expect(rows.map((r) => [r.choice, r.label.zh, r.count])).toEqual([
			['yes', '赞成', 25],
			['no', '反对', 2],
			['abstain', '弃权', 1],
			['not-pressed', '未按', 2]
		]);
		expect(rows[0]!.percent).toBe(barPercent(25, MEMBERS));
		expect(neededPercent).toBeCloseTo((100 * 19) / MEMBERS);
	});

	it('of a rating are the four choices against the grade’s denominator, with its half marked', () => {
		const r = ratingResult({ satisfied: 10, basicallySatisfied: 8, unsatisfied: 6, abstain: 2 }, 'cast', MEMBERS, 30);
		const { rows, halfPercent } = ratingRows(r);
		expect(rows.map((x) => x.choice)).toEqual(['satisfied', 'basically-satisfied', 'unsatisfied', 'abstain']);
		expect(rows[0]!.percent).toBe(barPercent(10, 26));
		expect(halfPercent).toBe(50);
	});

	it('of a ballot keep the ranking and mark the votes needed', () => {
		const b = ballotResult([{ id: 'c1', yes: 30, no: 2, abstain: 0 }, { id: 'c2', yes: 10, no: 20, abstain: 2 }], 1, MEMBERS);
		const bars = ballotBars(b);
		expect(bars.rows.map((r) => [r.id, r.elected, r.percent])).toEqual([
			['c1', true, barPercent(30, MEMBERS)],
			['c2', false, barPercent(10, MEMBERS)]
		]);
		expect(bars.neededPercent).toBeCloseTo((100 * 19) / MEMBERS);
	});
});

describe('words', () => {
	it('name the passing rule with the number it meant', () => {
		expect(passingRuleText('more-than-half-of-all', passed.needed).zh).toBe('需全体组成人员过半数 19 票赞成');
		expect(passingRuleText('two-thirds-of-all', 24).zh).toBe('需全体组成人员三分之二以上 24 票赞成');
		expect(passingRuleText('majority-of-cast', 15).zh).toBe('需投票人数过半数 15 票赞成');
	});

	it('report a tie at the cut-off and the re-vote it needs', () => {
		const names: Record<string, string> = { c1: '加装电梯', c2: '养老中心', c3: '课后服务' };
		const tie = ballotResult(
			[
				{ id: 'c1', yes: 30, no: 0, abstain: 0 },
				{ id: 'c2', yes: 25, no: 0, abstain: 0 },
				{ id: 'c3', yes: 25, no: 0, abstain: 0 }
			],
			2,
			MEMBERS
		);
		expect(tieText(tie, (id) => names[id]!)?.zh).toBe('养老中心、课后服务得票相同，并列，需在并列项目中重新票决（余 1 个名额）');
		expect(tieText(ballotResult([{ id: 'c1', yes: 30, no: 0, abstain: 0 }], 1, MEMBERS), (id) => id)).toBeNull();
	});

	it('give the share a rating’s grade came from', () => {
		const r = ratingResult({ satisfied: 20, basicallySatisfied: 7, unsatisfied: 3, abstain: 0 }, 'all-members', MEMBERS, 30);
		expect(ratingShareText(r, 'all-members').zh).toBe('满意和基本满意占全体组成人员（36）的 75%');
	});

	it('sum up each kind of result in one line', () => {
		expect(resultSummary(closed('v1', { kind: 'motion', motion: passed })).zh).toBe('通过（赞成 25，反对 2，弃权 1，未按 2）');
		expect(resultSummary(closed('v1', { kind: 'motion', motion: failed })).zh).toBe('未通过（赞成 15，反对 10，弃权 3，未按 2）');
		const b = ballotResult([{ id: 'c1', yes: 30, no: 0, abstain: 0 }, { id: 'c2', yes: 5, no: 0, abstain: 0 }], 1, MEMBERS);
		const ballot = closed('v2', { kind: 'ballot', ballot: b }, { kind: 'ballot', candidates: [{ id: 'c1', name: '加装电梯' }, { id: 'c2', name: '养老中心' }], seats: 1 });
		expect(resultSummary(ballot).zh).toBe('当选 1 项 / 应选 1 项：加装电梯');
		const r = ratingResult({ satisfied: 10, basicallySatisfied: 12, unsatisfied: 5, abstain: 1 }, 'all-members', MEMBERS, 30);
		expect(resultSummary(closed('v3', { kind: 'rating', rating: r }, { kind: 'rating' })).zh).toBe('基本满意（满意 10，基本满意 12，不满意 5，弃权 1）');
	});
});

describe('the countdown of an open vote', () => {
	it('reads what is left to the deadline, and stops at 0:00 until the close arrives', () => {
		const v = vote('v1', { deadline: T0 + 90_000 });
		expect(voteCountdown(v, T0)?.text).toBe('1:30');
		expect(voteCountdown(v, T0 + 85_000)).toMatchObject({ text: '0:05', warning: true });
		expect(voteCountdown(v, T0 + 95_000)?.text).toBe('0:00');
	});

	it('is none without a deadline, or once closed', () => {
		expect(voteCountdown(vote('v1'), T0)).toBeNull();
		expect(voteCountdown(vote('v1', { deadline: T0 + 90_000, status: 'closed' }), T0)).toBeNull();
	});
});

describe('the list of results', () => {
	it('holds the announced and the annulled, newest first, and nothing still open or unannounced', () => {
		const votes = [
			closed('v1', { kind: 'motion', motion: passed }),
			vote('v2', { status: 'annulled', annulled: { reason: '设备故障', at: T0 } }),
			closed('v3', { kind: 'motion', motion: failed }, { revealed: false }),
			vote('v4')
		];
		expect(announcedVotes(votes).map((v) => v.id)).toEqual(['v2', 'v1']);
	});
});
