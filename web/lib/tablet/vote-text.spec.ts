import { describe, expect, it } from 'vitest';
import type { VoteOutcome, VoteView } from '$shared/vote.schema';
import { ballotResult, motionResult, ratingResult } from '$shared/vote.rules';
import { checkReceipt, choiceWords, countdownText, markedNames, openedAt, sameChoice, settingsWords, standingOutcome, voteSummary } from './vote-text';

const T0 = 1_800_000_000_000;

function vote(patch: Partial<VoteView> = {}): VoteView {
	return {
		id: 'v1',
		version: 1,
		meetingId: 'm1',
		itemId: 'a3',
		entryId: null,
		kind: 'motion',
		title: '表决决议',
		subject: '会议同意……',
		candidates: [],
		seats: null,
		settings: { anonymous: true, press: 'first', durationSeconds: null, reveal: 'at-close', ratingBasis: 'all-members' },
		openedAt: T0,
		deadline: null,
		rerunOf: null,
		members: 9,
		passing: 'more-than-half-of-all',
		status: 'closed',
		closedAt: T0 + 60_000,
		closedBy: 'host',
		announcedAt: null,
		annulled: null,
		turnout: { voted: 7, present: 8 },
		revealed: true,
		...patch
	};
}

function outcome(result: VoteOutcome['result'], receipts: VoteOutcome['receipts'] = []): VoteOutcome {
	return { result, present: 8, voted: 7, receipts };
}

const motion = (yes: number, no: number, abstain: number) => outcome({ kind: 'motion', motion: motionResult({ yes, no, abstain }, 9, 8, 'more-than-half-of-all') });

describe('a vote in words', () => {
	it('says the settings of a motion', () => {
		const words = settingsWords(vote()).map((w) => w.zh);
		expect(words).toEqual(['无记名', '以第一次按键为准', '全体组成人员过半数赞成为通过', '由主持人宣布结束', '结束后即公布结果']);
	});

	it('says the settings of a named, timed, last-press ballot announced by the host', () => {
		const ballot = vote({
			kind: 'ballot',
			seats: 6,
			settings: { anonymous: false, press: 'last', durationSeconds: 90, reveal: 'on-announce', ratingBasis: 'all-members' },
			deadline: T0 + 90_000
		});
		expect(settingsWords(ballot).map((w) => w.zh)).toEqual(['记名（公布每人的选择）', '可更改，以最后一次按键为准', '应选 6 项，赞成不超过 6 项', '限时 1 分 30 秒', '结果由主持人宣布']);
		expect(settingsWords({ ...ballot, settings: { ...ballot.settings, durationSeconds: 120 } })[3]).toEqual({ zh: '限时 2 分钟', en: '2 min to vote' });
		expect(settingsWords({ ...ballot, settings: { ...ballot.settings, durationSeconds: 45 } })[3]?.zh).toBe('限时 45 秒');
	});

	it('counts down to the deadline and stops at 0:00', () => {
		expect(countdownText(T0 + 61_000, T0)).toBe('1:01');
		expect(countdownText(T0 + 500, T0)).toBe('0:01');
		expect(countdownText(T0, T0 + 5_000)).toBe('0:00');
	});

	it('says when it opened by the hall clock (China time)', () => {
		expect(openedAt(Date.UTC(2026, 7, 29, 7, 4, 59))).toBe('15:04');
	});

	it('says a choice', () => {
		expect(choiceWords('yes')).toEqual({ zh: '赞成', en: 'Yes' });
		expect(choiceWords('basically-satisfied').zh).toBe('基本满意');
		expect(choiceWords({ marks: { c1: 'yes', c2: 'yes', c3: 'no', c4: 'abstain' } }).zh).toBe('赞成 2 项、反对 1 项、弃权 1 项');
	});

	it('names the candidates a ballot marked one way, in ballot order', () => {
		const candidates = [
			{ id: 'c1', name: '加装电梯' },
			{ id: 'c2', name: '养老服务' },
			{ id: 'c3', name: '课后服务' }
		];
		expect(markedNames({ marks: { c3: 'yes', c1: 'yes', c2: 'no' } }, candidates, 'yes')).toEqual(['加装电梯', '课后服务']);
		expect(markedNames('yes', candidates, 'yes')).toEqual([]);
	});

	it('compares choices, ballots mark by mark', () => {
		expect(sameChoice('yes', 'yes')).toBe(true);
		expect(sameChoice('yes', 'no')).toBe(false);
		expect(sameChoice({ marks: { c1: 'yes', c2: 'no' } }, { marks: { c2: 'no', c1: 'yes' } })).toBe(true);
		expect(sameChoice({ marks: { c1: 'yes', c2: 'no' } }, { marks: { c1: 'yes', c2: 'abstain' } })).toBe(false);
		expect(sameChoice({ marks: { c1: 'yes' } }, { marks: { c1: 'yes', c2: 'no' } })).toBe(false);
		expect(sameChoice({ marks: {} }, 'abstain')).toBe(false);
	});
});

describe('checking the receipt', () => {
	const receipts = [
		{ receipt: '2345679ACD', choice: 'no' as const },
		{ receipt: 'EFGHJKMNPQ', choice: 'yes' as const }
	];

	it('finds the receipt with the choice this tablet recorded', () => {
		expect(checkReceipt(receipts, { receipt: 'EFGHJKMNPQ', choice: 'yes' })).toEqual({ found: true, receipt: 'EFGHJKMNPQ', published: 'yes', matches: true });
	});

	it('reports a listed receipt whose choice differs', () => {
		expect(checkReceipt(receipts, { receipt: '2345679ACD', choice: 'yes' })).toEqual({ found: true, receipt: '2345679ACD', published: 'no', matches: false });
	});

	it('reports a receipt missing from the list', () => {
		expect(checkReceipt(receipts, { receipt: 'RSTUVWXYZ2', choice: 'yes' })).toEqual({ found: false, receipt: 'RSTUVWXYZ2' });
		expect(checkReceipt([], { receipt: 'RSTUVWXYZ2', choice: 'yes' }).found).toBe(false);
	});
});

describe('a vote in one line', () => {
	it('says open, annulled and waiting for the announcement', () => {
		expect(voteSummary(vote({ status: 'open', revealed: false })).text.zh).toBe('进行中');
		expect(voteSummary(vote({ status: 'annulled', annulled: { reason: '设备故障', at: T0 } })).tone).toBe('void');
		expect(voteSummary(vote({ revealed: false, outcome: motion(6, 1, 0) }))).toEqual({ tone: 'waiting', text: { zh: '待宣布', en: 'Awaiting result' } });
	});

	it('says whether a motion passed', () => {
		expect(voteSummary(vote({ outcome: motion(5, 1, 1) })).text.zh).toBe('通过');
		expect(voteSummary(vote({ outcome: motion(4, 2, 1) }))).toEqual({ tone: 'fail', text: { zh: '未通过', en: 'Not passed' } });
	});

	it('takes a count by hand over the electronic one', () => {
		const byHand = { ...motion(6, 0, 0), manual: { reason: '表决器故障', at: T0 } };
		const v = vote({ outcome: motion(1, 5, 0), manual: byHand });
		expect(standingOutcome(v)).toBe(byHand);
		expect(voteSummary(v).text.zh).toBe('通过');
	});

	it('says how many projects were elected, and a tie', () => {
		const counts = [
			{ id: 'c1', yes: 8, no: 0, abstain: 0 },
			{ id: 'c2', yes: 6, no: 1, abstain: 0 },
			{ id: 'c3', yes: 6, no: 0, abstain: 1 },
			{ id: 'c4', yes: 2, no: 5, abstain: 0 }
		];
		const clear = outcome({ kind: 'ballot', ballot: ballotResult(counts, 3, 9) });
		expect(voteSummary(vote({ kind: 'ballot', seats: 3, outcome: clear })).text.zh).toBe('当选 3 项');
		const tied = outcome({ kind: 'ballot', ballot: ballotResult(counts, 2, 9) });
		expect(voteSummary(vote({ kind: 'ballot', seats: 2, outcome: tied }))).toEqual({ tone: 'neutral', text: { zh: '当选 1 项，2 项并列', en: '1 elected, 2 tied' } });
	});

	it('gives a rating its grade', () => {
		const rated = outcome({ kind: 'rating', rating: ratingResult({ satisfied: 2, basicallySatisfied: 3, unsatisfied: 2, abstain: 0 }, 'all-members', 9, 8) });
		expect(voteSummary(vote({ kind: 'rating', outcome: rated })).text.zh).toBe('基本满意');
	});
});
