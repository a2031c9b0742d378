/**
 * The rules of votes, project ballots and satisfaction ratings (DESIGN.md §3). Every expected value is
 * worked out by hand from the law or the design brief; the property checks compare against oracles
 * written here with BigInt fractions, never against what the code returned.
 */
import { describe, expect, it } from 'vitest';
import type { LocalizedText } from './result';
import { seededRandom } from './testing/seeded-random';
import {
	type BallotMark,
	type CandidateCounts,
	type MotionCounts,
	type PassingRule,
	type RatingCounts,
	type RatingDenominator,
	type RatingGrade,
	RATING_CHOICES,
	ballotResult,
	ballotValidity,
	motionResult,
	ratingResult,
	ratingValidity,
	surplusWarning,
	yesNeeded
} from './vote.rules';

const RULES: readonly PassingRule[] = ['more-than-half-of-all', 'two-thirds-of-all', 'majority-of-cast'];
const BASES: readonly RatingDenominator[] = ['all-members', 'present', 'cast'];
const HAN = /\p{Script=Han}/u;

function votes(yes: number, no: number, abstain: number): MotionCounts {
	return { yes, no, abstain };
}

function candidate(id: string, yes: number, no = 0, abstain = 0): CandidateCounts {
	return { id, yes, no, abstain };
}

function rating(satisfied: number, basicallySatisfied: number, unsatisfied: number, abstain: number): RatingCounts {
	return { satisfied, basicallySatisfied, unsatisfied, abstain };
}

/** A reason a person can act on: Chinese in `zh`, English in `en`. */
function expectBilingual(text: LocalizedText | null | undefined): asserts text is LocalizedText {
	expect(text).toBeTruthy();
	expect(text!.zh).toMatch(HAN);
	expect(text!.en.length).toBeGreaterThan(0);
	expect(text!.en).not.toMatch(HAN);
}

function reasonOf(v: ReturnType<typeof ballotValidity>): LocalizedText {
	if (v.ok) throw new Error('expected the ballot to be refused');
	return v.reason;
}

describe('yesNeeded: the fewest 赞成 that pass', () => {
	it.each([
		[212, 107], // half is 106, which is not more than half
		[36, 19],
		[35, 18], // half is 17.5
		[3, 2],
		[2, 2],
		[1, 1]
	])('more than half of all %i members needs %i', (members, needed) => {
		// cast is irrelevant to a rule over all members
		expect(yesNeeded('more-than-half-of-all', members, 0)).toBe(needed);
		expect(yesNeeded('more-than-half-of-all', members, members)).toBe(needed);
	});

	it.each([
		[212, 142], // 3·142 = 426 ≥ 424, 3·141 = 423 < 424
		[300, 200], // exactly two thirds is enough
		[36, 24],
		[6, 4],
		[5, 4], // 3·4 = 12 ≥ 10, 3·3 = 9 < 10
		[4, 3],
		[3, 2],
		[2, 2],
		[1, 1]
	])('two thirds of all %i members needs %i', (members, needed) => {
		expect(yesNeeded('two-thirds-of-all', members, 0)).toBe(needed);
	});

	it.each([
		[100, 51], // 50 of 100 cast is only half
		[101, 51],
		[2, 2],
		[1, 1]
	])('a majority of %i votes cast needs %i', (cast, needed) => {
		expect(yesNeeded('majority-of-cast', 500, cast)).toBe(needed);
	});

	it('refuses counts that are not whole numbers ≥ 0', () => {
		for (const rule of RULES) {
			expect(() => yesNeeded(rule, -1, 0)).toThrow(RangeError);
			expect(() => yesNeeded(rule, 10, -1)).toThrow(RangeError);
			expect(() => yesNeeded(rule, 10.5, 0)).toThrow(RangeError);
			expect(() => yesNeeded(rule, 10, 0.5)).toThrow(RangeError);
			expect(() => yesNeeded(rule, Number.NaN, 0)).toThrow(RangeError);
			expect(() => yesNeeded(rule, Number.POSITIVE_INFINITY, 0)).toThrow(RangeError);
		}
	});
});

describe('motionResult: more than half of all members (the default)', () => {
	it('fails at exactly half of all members and passes one above it', () => {
		expect(motionResult(votes(106, 50, 30), 212, 200, 'more-than-half-of-all').passed).toBe(false);
		expect(motionResult(votes(107, 50, 30), 212, 200, 'more-than-half-of-all').passed).toBe(true);
		expect(motionResult(votes(18, 0, 0), 36, 36, 'more-than-half-of-all').passed).toBe(false);
		expect(motionResult(votes(19, 0, 0), 36, 36, 'more-than-half-of-all').passed).toBe(true);
		expect(motionResult(votes(1, 1, 0), 2, 2, 'more-than-half-of-all').passed).toBe(false);
	});

	it('counts all members, not those present: a landslide among too few present still fails', () => {
		// 100 present of 212, all 赞成: 100 is not more than half of 212
		const r = motionResult(votes(100, 0, 0), 212, 100, 'more-than-half-of-all');
		expect(r.passed).toBe(false);
		expect(r.needed).toBe(107);
	});

	it('passes on an odd-sized body at the first count above the half', () => {
		expect(motionResult(votes(17, 18, 0), 35, 35, 'more-than-half-of-all').passed).toBe(false);
		expect(motionResult(votes(18, 17, 0), 35, 35, 'more-than-half-of-all').passed).toBe(true);
		expect(motionResult(votes(2, 1, 0), 3, 3, 'more-than-half-of-all').passed).toBe(true);
	});

	it('reports every count', () => {
		expect(motionResult(votes(120, 40, 20), 212, 190, 'more-than-half-of-all')).toEqual({
			yes: 120,
			no: 40,
			abstain: 20,
			notPressed: 10,
			cast: 180,
			members: 212,
			present: 190,
			needed: 107,
			passed: true
		});
	});
});

describe('motionResult: two thirds of all members', () => {
	it.each([
		[212, 142],
		[300, 200],
		[36, 24],
		[3, 2]
	])('of %i members, %i 赞成 passes and one fewer fails', (members, needed) => {
		const pass = motionResult(votes(needed, members - needed, 0), members, members, 'two-thirds-of-all');
		expect(pass.passed).toBe(true);
		expect(pass.needed).toBe(needed);
		expect(motionResult(votes(needed - 1, members - needed + 1, 0), members, members, 'two-thirds-of-all').passed).toBe(false);
	});
});

describe('motionResult: a majority of votes cast', () => {
	it('counts abstentions as cast', () => {
		// 40 赞成 beats 30 反对, but 81 were cast and 40 is not more than half of them
		const r = motionResult(votes(40, 30, 11), 100, 90, 'majority-of-cast');
		expect(r.cast).toBe(81);
		expect(r.needed).toBe(41);
		expect(r.passed).toBe(false);
		expect(motionResult(votes(41, 30, 10), 100, 90, 'majority-of-cast').passed).toBe(true);
	});

	it('fails at exactly half of the votes cast', () => {
		expect(motionResult(votes(40, 40, 0), 100, 80, 'majority-of-cast').passed).toBe(false);
		expect(motionResult(votes(40, 39, 1), 100, 80, 'majority-of-cast').passed).toBe(false);
		expect(motionResult(votes(41, 39, 0), 100, 80, 'majority-of-cast').passed).toBe(true);
	});

	it('does not count members who pressed nothing', () => {
		// 30 of 100 members vote, 16 赞成: passes by votes cast, fails by all members
		expect(motionResult(votes(16, 14, 0), 100, 95, 'majority-of-cast').passed).toBe(true);
		expect(motionResult(votes(16, 14, 0), 100, 95, 'more-than-half-of-all').passed).toBe(false);
	});
});

describe('motionResult: edges shared by every rule', () => {
	it.each(RULES)('%s: everybody abstaining passes nothing', (rule) => {
		const r = motionResult(votes(0, 0, 36), 36, 36, rule);
		expect(r.passed).toBe(false);
		expect(r.cast).toBe(36);
		expect(r.notPressed).toBe(0);
	});

	it.each(RULES)('%s: nobody voting passes nothing', (rule) => {
		const r = motionResult(votes(0, 0, 0), 36, 30, rule);
		expect(r.passed).toBe(false);
		expect(r.cast).toBe(0);
		expect(r.notPressed).toBe(30);
		expect(motionResult(votes(0, 0, 0), 0, 0, rule).passed).toBe(false);
		expect(motionResult(votes(0, 0, 0), 1, 1, rule).passed).toBe(false);
	});

	it.each(RULES)('%s: a body of one member', (rule) => {
		expect(motionResult(votes(1, 0, 0), 1, 1, rule).passed).toBe(true);
		expect(motionResult(votes(0, 1, 0), 1, 1, rule).passed).toBe(false);
		expect(motionResult(votes(0, 0, 1), 1, 1, rule).passed).toBe(false);
	});

	it('derives 未按 from the signed-in members who did not vote', () => {
		expect(motionResult(votes(20, 5, 3), 40, 35, 'more-than-half-of-all').notPressed).toBe(7);
		expect(motionResult(votes(20, 5, 3), 40, 28, 'more-than-half-of-all').notPressed).toBe(0);
		// absent members are 缺席, not 未按
		expect(motionResult(votes(0, 0, 0), 40, 0, 'more-than-half-of-all').notPressed).toBe(0);
	});

	it('never reports a negative 未按, when members voted and then left', () => {
		expect(motionResult(votes(20, 8, 4), 40, 30, 'more-than-half-of-all').notPressed).toBe(0);
	});

	it('refuses impossible counts', () => {
		for (const rule of RULES) {
			expect(() => motionResult(votes(-1, 0, 0), 10, 10, rule)).toThrow(RangeError);
			expect(() => motionResult(votes(0, -1, 0), 10, 10, rule)).toThrow(RangeError);
			expect(() => motionResult(votes(0, 0, -1), 10, 10, rule)).toThrow(RangeError);
			expect(() => motionResult(votes(1.5, 0, 0), 10, 10, rule)).toThrow(RangeError);
			expect(() => motionResult(votes(1, 0, 0), 10.5, 10, rule)).toThrow(RangeError);
			expect(() => motionResult(votes(1, 0, 0), 10, -1, rule)).toThrow(RangeError);
			expect(() => motionResult(votes(1, 0, 0), 10, Number.NaN, rule)).toThrow(RangeError);
			// 11 ballots from 10 members
			expect(() => motionResult(votes(6, 3, 2), 10, 10, rule)).toThrow(RangeError);
		}
	});

	it('refuses more members present than there are members', () => {
		expect(() => motionResult(votes(1, 0, 0), 10, 12, 'more-than-half-of-all')).toThrow(RangeError);
	});
});

describe('ballotValidity: a project ballot', () => {
	const ids = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
	const marks = (...m: BallotMark[]): Record<string, BallotMark> => Object.fromEntries(ids.map((id, i) => [id, m[i]!]));

	it('accepts exactly S 赞成', () => {
		expect(ballotValidity(marks('yes', 'yes', 'yes', 'yes', 'no', 'abstain'), ids, 4)).toEqual({ ok: true });
	});

	it('accepts fewer than S 赞成, all 反对, or all 弃权', () => {
		expect(ballotValidity(marks('yes', 'no', 'no', 'abstain', 'no', 'no'), ids, 4)).toEqual({ ok: true });
		expect(ballotValidity(marks('no', 'no', 'no', 'no', 'no', 'no'), ids, 4)).toEqual({ ok: true });
		expect(ballotValidity(marks('abstain', 'abstain', 'abstain', 'abstain', 'abstain', 'abstain'), ids, 4)).toEqual({ ok: true });
	});

	it('refuses S + 1 赞成, saying how many are allowed and how many were marked', () => {
		const reason = reasonOf(ballotValidity(marks('yes', 'yes', 'yes', 'yes', 'yes', 'no'), ids, 4));
		expectBilingual(reason);
		for (const text of [reason.zh, reason.en]) {
			expect(text).toContain('4');
			expect(text).toContain('5');
		}
	});

	it('with one seat, accepts one 赞成 and refuses two', () => {
		const two = ['a', 'b'];
		expect(ballotValidity({ a: 'yes', b: 'no' }, two, 1)).toEqual({ ok: true });
		expectBilingual(reasonOf(ballotValidity({ a: 'yes', b: 'yes' }, two, 1)));
	});

	it('refuses a candidate not on the ballot, naming it', () => {
		const reason = reasonOf(ballotValidity({ ...marks('no', 'no', 'no', 'no', 'no', 'no'), intruder: 'abstain' }, ids, 4));
		expectBilingual(reason);
		expect(reason.zh).toContain('intruder');
		expect(reason.en).toContain('intruder');
	});

	it('refuses a ballot that leaves candidates unmarked, saying how many', () => {
		const { p5: _p5, p6: _p6, ...partial } = marks('yes', 'no', 'no', 'no', 'no', 'no');
		const reason = reasonOf(ballotValidity(partial, ids, 4));
		expectBilingual(reason);
		expect(reason.zh).toContain('2');
		expect(reason.en).toContain('2');
		expectBilingual(reasonOf(ballotValidity({}, ids, 4)));
	});
});

describe('ratingValidity: exactly one grade', () => {
	it.each(RATING_CHOICES)('accepts %s alone', (choice) => {
		expect(ratingValidity([choice])).toEqual({ ok: true });
	});

	it.each([
		['nothing', []],
		['two grades', ['satisfied', 'unsatisfied']],
		['the same grade twice', ['satisfied', 'satisfied']],
		['a grade and 弃权', ['basically-satisfied', 'abstain']],
		['a motion choice', ['yes']],
		['an unknown word', ['great']]
	])('refuses %s', (_label, choices) => {
		const v = ratingValidity(choices);
		expect(v.ok).toBe(false);
		if (!v.ok) expectBilingual(v.reason);
	});
});

describe('ballotResult: the outcome of a project ballot', () => {
	const elected = (r: ReturnType<typeof ballotResult>): string[] => [...r.elected].sort();
	const byId = (r: ReturnType<typeof ballotResult>) => Object.fromEntries(r.ranked.map((c) => [c.id, c]));

	it('with one seat, elects the single highest over half', () => {
		const r = ballotResult([candidate('b', 20), candidate('a', 25), candidate('c', 10)], 1, 36);
		expect(r.needed).toBe(19);
		expect(r.elected).toEqual(['a']);
		expect(r.tie).toBeNull();
		expect(r.ranked.map((c) => [c.id, c.rank, c.overHalf, c.elected, c.tied])).toEqual([
			['a', 1, true, true, false],
			['b', 2, true, false, false],
			['c', 3, false, false, false]
		]);
	});

	it('with one seat and two tied at the top, elects none and reports the tie for that seat', () => {
		const r = ballotResult([candidate('a', 25), candidate('b', 25), candidate('c', 10)], 1, 36);
		expect(r.elected).toEqual([]);
		expect(r.tie).not.toBeNull();
		expect([...r.tie!.candidateIds].sort()).toEqual(['a', 'b']);
		expect(r.tie!.seats).toBe(1);
		expect(byId(r).a!.tied).toBe(true);
		expect(byId(r).b!.tied).toBe(true);
		expect(byId(r).c!.tied).toBe(false);
	});

	it('with a tie at the cut-off, elects those above it and leaves S − above seats to a re-vote among the tied', () => {
		// 3 seats: a and b are clear; c and d share the third place
		const r = ballotResult([candidate('a', 30), candidate('b', 28), candidate('c', 22), candidate('d', 22), candidate('e', 15)], 3, 36);
		expect(elected(r)).toEqual(['a', 'b']);
		expect([...r.tie!.candidateIds].sort()).toEqual(['c', 'd']);
		expect(r.tie!.seats).toBe(1);
		const c = byId(r);
		expect([c.c!.elected, c.d!.elected, c.c!.tied, c.d!.tied, c.e!.tied]).toEqual([false, false, true, true, false]);
	});

	it('with three tied for the last two seats, reports all three for two seats', () => {
		const r = ballotResult([candidate('a', 30), candidate('b', 22), candidate('c', 22), candidate('d', 22)], 3, 36);
		expect(r.elected).toEqual(['a']);
		expect([...r.tie!.candidateIds].sort()).toEqual(['b', 'c', 'd']);
		expect(r.tie!.seats).toBe(2);
	});

	it('with every qualified candidate tied and too many of them, elects nobody', () => {
		const r = ballotResult([candidate('a', 20), candidate('b', 20), candidate('c', 20)], 2, 36);
		expect(r.elected).toEqual([]);
		expect([...r.tie!.candidateIds].sort()).toEqual(['a', 'b', 'c']);
		expect(r.tie!.seats).toBe(2);
	});

	it('does not let 反对 break a tie at the cut-off', () => {
		const r = ballotResult([candidate('a', 30), candidate('c', 22, 2), candidate('d', 22, 12)], 2, 36);
		expect(r.elected).toEqual(['a']);
		expect([...r.tie!.candidateIds].sort()).toEqual(['c', 'd']);
	});

	it('elects both of a tie above the cut-off', () => {
		const r = ballotResult([candidate('a', 30), candidate('b', 30), candidate('c', 25), candidate('d', 20)], 3, 36);
		expect(elected(r)).toEqual(['a', 'b', 'c']);
		expect(r.tie).toBeNull();
		expect(byId(r).d!.elected).toBe(false);
	});

	it('ignores a tie below the cut-off', () => {
		const r = ballotResult([candidate('a', 30), candidate('b', 25), candidate('c', 20), candidate('d', 20)], 2, 36);
		expect(elected(r)).toEqual(['a', 'b']);
		expect(r.tie).toBeNull();
		expect(r.ranked.some((c) => c.tied)).toBe(false);
	});

	it('elects the whole tied group when it exactly fills the seats left, ranking them 1, 2, 2, 4', () => {
		const r = ballotResult([candidate('d', 20), candidate('c', 25), candidate('a', 30), candidate('b', 25)], 3, 36);
		expect(elected(r)).toEqual(['a', 'b', 'c']);
		expect(r.tie).toBeNull();
		expect(r.ranked.map((c) => c.rank)).toEqual([1, 2, 2, 4]);
		expect(r.ranked.map((c) => c.yes)).toEqual([30, 25, 25, 20]);
		expect(byId(r).d!.elected).toBe(false);
	});

	it('shares ranks among equal 赞成, qualified or not', () => {
		const r = ballotResult([candidate('a', 30), candidate('b', 10), candidate('c', 10), candidate('d', 5), candidate('e', 5), candidate('f', 5)], 1, 36);
		expect(r.ranked.map((c) => c.rank)).toEqual([1, 2, 2, 4, 4, 4]);
	});

	it('does not elect a candidate with 赞成 exactly half of all members, even with seats to spare', () => {
		const r = ballotResult([candidate('a', 18), candidate('b', 18), candidate('c', 19)], 2, 36);
		expect(r.needed).toBe(19);
		expect(r.elected).toEqual(['c']);
		expect(r.tie).toBeNull();
		expect(byId(r).a!.overHalf).toBe(false);
		expect(byId(r).c!.overHalf).toBe(true);
	});

	it('reports no tie among candidates at exactly half, though they straddle the last seat', () => {
		const r = ballotResult([candidate('a', 25), candidate('b', 18), candidate('c', 18)], 2, 36);
		expect(r.elected).toEqual(['a']);
		expect(r.tie).toBeNull();
	});

	it('on an odd-sized body, needs the first count above the half', () => {
		const r = ballotResult([candidate('a', 18), candidate('b', 17)], 2, 35);
		expect(r.needed).toBe(18);
		expect(r.elected).toEqual(['a']);
	});

	it('leaves seats empty when fewer qualify than there are seats, with no tie', () => {
		const r = ballotResult([candidate('a', 20), candidate('b', 19), candidate('c', 10), candidate('d', 5)], 3, 36);
		expect(elected(r)).toEqual(['a', 'b']);
		expect(r.tie).toBeNull();
		const tied = ballotResult([candidate('a', 20), candidate('b', 20), candidate('c', 3)], 3, 36);
		expect(elected(tied)).toEqual(['a', 'b']);
		expect(tied.tie).toBeNull();
	});

	it('elects nobody when nobody voted', () => {
		const r = ballotResult([candidate('a', 0), candidate('b', 0), candidate('c', 0)], 2, 36);
		expect(r.elected).toEqual([]);
		expect(r.tie).toBeNull();
		expect(r.ranked.map((c) => c.rank)).toEqual([1, 1, 1]);
	});

	it('elects nobody when everybody abstained', () => {
		const r = ballotResult([candidate('a', 0, 0, 36), candidate('b', 0, 0, 36)], 1, 36);
		expect(r.elected).toEqual([]);
		expect(r.tie).toBeNull();
	});

	it('works for a body of one member', () => {
		const r = ballotResult([candidate('a', 1), candidate('b', 0, 1)], 1, 1);
		expect(r.needed).toBe(1);
		expect(r.elected).toEqual(['a']);
	});

	it('does not depend on the order the candidates come in', () => {
		const list = [candidate('a', 30), candidate('b', 28), candidate('c', 22), candidate('d', 22), candidate('e', 15)];
		const forward = ballotResult(list, 3, 36);
		const backward = ballotResult([...list].reverse(), 3, 36);
		expect(elected(backward)).toEqual(elected(forward));
		expect([...backward.tie!.candidateIds].sort()).toEqual([...forward.tie!.candidateIds].sort());
		expect(backward.tie!.seats).toBe(forward.tie!.seats);
	});

	it('refuses impossible seats or members', () => {
		const list = [candidate('a', 3), candidate('b', 2)];
		expect(() => ballotResult(list, 0, 5)).toThrow(RangeError);
		expect(() => ballotResult(list, 1.5, 5)).toThrow(RangeError);
		expect(() => ballotResult(list, 1, -1)).toThrow(RangeError);
		expect(() => ballotResult(list, 1, 5.5)).toThrow(RangeError);
	});

	it('refuses impossible candidate counts', () => {
		expect(() => ballotResult([candidate('a', -1), candidate('b', 2)], 1, 10)).toThrow(RangeError);
		expect(() => ballotResult([candidate('a', 6.5), candidate('b', 2)], 1, 10)).toThrow(RangeError);
		expect(() => ballotResult([candidate('a', 11), candidate('b', 2)], 1, 10)).toThrow(RangeError);
		expect(() => ballotResult([candidate('a', 6, 3, 2), candidate('b', 2)], 1, 10)).toThrow(RangeError);
	});
});

describe('surplusWarning: 差额 between 20 % and 50 %', () => {
	it.each([
		[6, 5], // exactly 20 %
		[12, 10],
		[120, 100],
		[3, 2], // exactly 50 %
		[15, 10],
		[150, 100],
		[13, 10]
	])('%i candidates for %i seats: no warning', (c, s) => {
		expect(surplusWarning(c, s)).toBeNull();
	});

	it.each([
		[11, 10, '10%'],
		[119, 100, '19%'],
		[16, 10, '60%'],
		[151, 100, '51%'],
		[2, 1, '100%'], // with one seat every surplus is at least 100 %
		[3, 1, '200%'],
		[7, 4, '75%']
	])('%i candidates for %i seats: a warning of %s', (c, s, percent) => {
		const w = surplusWarning(c, s);
		expectBilingual(w);
		expect(w.zh).toContain(percent);
		expect(w.en).toContain(percent);
	});

	it.each([
		[5, 5],
		[3, 5],
		[1, 1],
		[0, 1]
	])('%i candidates for %i seats: not a 差额 ballot at all', (c, s) => {
		const w = surplusWarning(c, s);
		expectBilingual(w);
		expect(w.zh).toContain('差额');
		for (const text of [w.zh, w.en]) {
			expect(text).toContain(String(c));
			expect(text).toContain(String(s));
			// a breach of the rule, not a surplus ratio
			expect(text).not.toContain('%');
		}
	});

	it('refuses impossible counts', () => {
		expect(() => surplusWarning(3, 0)).toThrow(RangeError);
		expect(() => surplusWarning(3, -1)).toThrow(RangeError);
		expect(() => surplusWarning(3, 1.5)).toThrow(RangeError);
		expect(() => surplusWarning(-1, 1)).toThrow(RangeError);
		expect(() => surplusWarning(2.5, 1)).toThrow(RangeError);
	});

	it('never states a ratio inside 20 %–50 % while warning that it is outside', () => {
		for (const [c, s] of [
			[49, 41],
			[152, 101]
		] as const) {
			const w = surplusWarning(c, s);
			expectBilingual(w);
			const stated = Number(/(\d+(?:\.\d+)?)\s*%/.exec(w.en)?.[1]);
			expect(stated < 20 || stated > 50, `${c} for ${s}: "${w.en}"`).toBe(true);
		}
	});
});

describe('ratingResult: the grade of a satisfaction rating', () => {
	it('grades against all members: 满意 only above half of them', () => {
		// 36 members, 30 present
		expect(ratingResult(rating(19, 0, 11, 0), 'all-members', 36, 30).grade).toBe('satisfied');
		expect(ratingResult(rating(18, 5, 7, 0), 'all-members', 36, 30).grade).toBe('basically-satisfied');
		expect(ratingResult(rating(18, 0, 12, 0), 'all-members', 36, 30).grade).toBe('unsatisfied');
	});

	it('grades against all members: 基本满意 only when 满意 + 基本满意 is above half of them', () => {
		expect(ratingResult(rating(10, 9, 11, 0), 'all-members', 36, 30).grade).toBe('basically-satisfied');
		expect(ratingResult(rating(10, 8, 12, 0), 'all-members', 36, 30).grade).toBe('unsatisfied');
		expect(ratingResult(rating(0, 19, 11, 0), 'all-members', 36, 30).grade).toBe('basically-satisfied');
	});

	it('grades against those present', () => {
		expect(ratingResult(rating(16, 0, 14, 0), 'present', 36, 30).grade).toBe('satisfied');
		expect(ratingResult(rating(15, 0, 15, 0), 'present', 36, 30).grade).toBe('unsatisfied');
		expect(ratingResult(rating(15, 1, 14, 0), 'present', 36, 30).grade).toBe('basically-satisfied');
	});

	it('grades against ballots cast, counting 弃权 as cast', () => {
		// 20 cast; 10 满意 is exactly half
		expect(ratingResult(rating(10, 0, 0, 10), 'cast', 40, 30).grade).toBe('unsatisfied');
		expect(ratingResult(rating(10, 1, 0, 9), 'cast', 40, 30).grade).toBe('basically-satisfied');
		expect(ratingResult(rating(11, 0, 0, 9), 'cast', 40, 30).grade).toBe('satisfied');
	});

	it('gives one tally three grades under the three denominators', () => {
		// 40 members, 30 present, 20 cast; 满意 11, 满意 + 基本满意 16
		const counts = rating(11, 5, 2, 2);
		const all = ratingResult(counts, 'all-members', 40, 30);
		const present = ratingResult(counts, 'present', 40, 30);
		const cast = ratingResult(counts, 'cast', 40, 30);
		expect([all.grade, present.grade, cast.grade]).toEqual(['unsatisfied', 'basically-satisfied', 'satisfied']);
		expect([all.denominator, present.denominator, cast.denominator]).toEqual([40, 30, 20]);
		expect(all.cast).toBe(20);
		expect(all.satisfiedShare).toBeCloseTo(0.4, 12);
		expect(present.satisfiedShare).toBeCloseTo(16 / 30, 12);
		expect(cast.satisfiedShare).toBeCloseTo(0.8, 12);
	});

	it.each(BASES)('%s: nobody rating gives 不满意 and a share of 0, not NaN', (basis) => {
		const r = ratingResult(rating(0, 0, 0, 0), basis, 36, 30);
		expect(r.grade).toBe('unsatisfied');
		expect(r.cast).toBe(0);
		expect(r.satisfiedShare).toBe(0);
		expect(ratingResult(rating(0, 0, 0, 0), basis, 0, 0).satisfiedShare).toBe(0);
	});

	it.each(BASES)('%s: everybody abstaining gives 不满意', (basis) => {
		expect(ratingResult(rating(0, 0, 0, 30), basis, 36, 30).grade).toBe('unsatisfied');
	});

	it.each(BASES)('%s: a body of one member', (basis) => {
		expect(ratingResult(rating(1, 0, 0, 0), basis, 1, 1).grade).toBe('satisfied');
		expect(ratingResult(rating(0, 1, 0, 0), basis, 1, 1).grade).toBe('basically-satisfied');
		expect(ratingResult(rating(0, 0, 1, 0), basis, 1, 1).grade).toBe('unsatisfied');
		expect(ratingResult(rating(0, 0, 0, 1), basis, 1, 1).grade).toBe('unsatisfied');
	});

	it('refuses negative or fractional counts', () => {
		expect(() => ratingResult(rating(-1, 0, 0, 0), 'all-members', 10, 10)).toThrow(RangeError);
		expect(() => ratingResult(rating(0, 0.5, 0, 0), 'all-members', 10, 10)).toThrow(RangeError);
		expect(() => ratingResult(rating(0, 0, 0, 0), 'all-members', -1, 0)).toThrow(RangeError);
		expect(() => ratingResult(rating(0, 0, 0, 0), 'present', 10, 2.5)).toThrow(RangeError);
	});

	it('refuses more ballots, or more present, than members', () => {
		expect(() => ratingResult(rating(11, 0, 0, 0), 'all-members', 10, 10)).toThrow(RangeError);
		expect(() => ratingResult(rating(1, 0, 0, 0), 'present', 10, 12)).toThrow(RangeError);
	});
});

describe('property checks against independent fraction oracles', () => {
	/** Does `yes` meet `rule`? Written as fractions compared in BigInt, apart from the code's formulas. */
	function meets(rule: PassingRule, yes: number, members: number, cast: number): boolean {
		const y = BigInt(yes);
		switch (rule) {
			case 'more-than-half-of-all':
				return y > BigInt(members) - y; // yes/members > 1/2
			case 'two-thirds-of-all':
				return y * 3n >= BigInt(members) * 2n; // yes/members ≥ 2/3
			case 'majority-of-cast':
				return y > BigInt(cast) - y; // yes/cast > 1/2
		}
	}

	it('yesNeeded is the least count meeting each rule, for every body up to 400 members', () => {
		for (let members = 0; members <= 400; members++) {
			for (const rule of RULES) {
				const n = yesNeeded(rule, members, members);
				expect(meets(rule, n, members, members), `${rule}, ${members}`).toBe(true);
				if (n > 0) expect(meets(rule, n - 1, members, members), `${rule}, ${members}`).toBe(false);
			}
		}
	});

	it('motionResult agrees with the oracle for every tally of bodies up to 30 members', () => {
		for (let members = 0; members <= 30; members++) {
			for (let yes = 0; yes <= members; yes++) {
				for (let no = 0; yes + no <= members; no++) {
					for (let abstain = 0; yes + no + abstain <= members; abstain++) {
						const cast = yes + no + abstain;
						for (const rule of RULES) {
							const r = motionResult(votes(yes, no, abstain), members, members, rule);
							const expected = cast > 0 && meets(rule, yes, members, cast);
							if (r.passed !== expected) expect(r.passed, `${rule}: ${yes}/${no}/${abstain} of ${members}`).toBe(expected);
							if (r.notPressed !== members - cast) expect(r.notPressed).toBe(members - cast);
						}
					}
				}
			}
		}
	});

	it('motionResult agrees with the oracle on random tallies of large bodies', () => {
		for (let seed = 1; seed <= 20; seed++) {
			const rand = seededRandom(seed);
			const int = (max: number) => Math.floor(rand() * (max + 1));
			for (let i = 0; i < 500; i++) {
				const members = int(3000);
				const present = int(members);
				const cast = int(members);
				const yes = int(cast);
				const no = int(cast - yes);
				const abstain = cast - yes - no;
				for (const rule of RULES) {
					const r = motionResult(votes(yes, no, abstain), members, present, rule);
					const context = `seed ${seed}, ${rule}: ${yes}/${no}/${abstain}, ${present} of ${members}`;
					expect(r.passed, context).toBe(cast > 0 && meets(rule, yes, members, cast));
					expect(r.notPressed, context).toBe(present > cast ? present - cast : 0);
					expect(r.cast, context).toBe(cast);
				}
			}
		}
	});

	/** The outcome as DESIGN.md states it, candidate by candidate, without sorting. */
	function ballotOracle(list: readonly CandidateCounts[], seats: number, members: number) {
		const overHalf = (c: CandidateCounts) => BigInt(c.yes) * 2n > BigInt(members);
		const qualified = list.filter(overHalf);
		const elected: string[] = [];
		const tied: string[] = [];
		const ranks: Record<string, number> = {};
		let seatsForTie = 0;
		for (const c of list) {
			ranks[c.id] = 1 + list.filter((o) => o.yes > c.yes).length;
			if (!overHalf(c)) continue;
			const strictlyAbove = qualified.filter((o) => o.yes > c.yes).length;
			const atOrAbove = qualified.filter((o) => o.yes >= c.yes).length;
			if (atOrAbove <= seats) elected.push(c.id);
			else if (strictlyAbove < seats) {
				tied.push(c.id);
				seatsForTie = seats - strictlyAbove;
			}
		}
		return { elected: elected.sort(), tied: tied.sort(), seatsForTie, ranks };
	}

	it('ballotResult agrees with the oracle on random ballots full of ties', () => {
		let ties = 0;
		let shortfalls = 0;
		for (let seed = 1; seed <= 40; seed++) {
			const rand = seededRandom(1000 + seed);
			const int = (max: number) => Math.floor(rand() * (max + 1));
			for (let i = 0; i < 100; i++) {
				const members = 1 + int(40);
				const n = 1 + int(9);
				const seats = 1 + int(n - 1);
				// few distinct counts, so ties at, above and below the cut-off are common
				const levels = Array.from({ length: 1 + int(3) }, () => int(members));
				const list = Array.from({ length: n }, (_, k) => candidate(`c${k}`, levels[int(levels.length - 1)]!));
				const r = ballotResult(list, seats, members);
				const o = ballotOracle(list, seats, members);
				const context = `seed ${seed}, case ${i}: ${seats} seats, ${members} members, ${JSON.stringify(list.map((c) => c.yes))}`;
				expect([...r.elected].sort(), context).toEqual(o.elected);
				expect([...(r.tie?.candidateIds ?? [])].sort(), context).toEqual(o.tied);
				if (r.tie) {
					expect(r.tie.seats, context).toBe(o.seatsForTie);
					expect(r.tie.candidateIds.length, context).toBeGreaterThan(r.tie.seats);
					expect(r.elected.length + r.tie.seats, context).toBe(seats);
					ties++;
				} else if (r.elected.length < seats) shortfalls++;
				expect(r.elected.length, context).toBeLessThanOrEqual(seats);
				expect(r.ranked.map((c) => c.id).sort(), context).toEqual(list.map((c) => c.id).sort());
				for (const c of r.ranked) {
					expect(c.rank, context).toBe(o.ranks[c.id]);
					expect(c.elected, context).toBe(o.elected.includes(c.id));
					expect(c.tied, context).toBe(o.tied.includes(c.id));
				}
			}
		}
		// the generated ballots reach the cases that matter
		expect(ties).toBeGreaterThan(50);
		expect(shortfalls).toBeGreaterThan(50);
	});

	it('surplusWarning is silent exactly when 6/5 ≤ C/S ≤ 3/2, for every C and S up to 120', () => {
		for (let seats = 1; seats <= 120; seats++) {
			for (let c = 0; c <= 240; c++) {
				const C = BigInt(c);
				const S = BigInt(seats);
				const silent = C > S && C * 5n >= S * 6n && C * 2n <= S * 3n;
				const w = surplusWarning(c, seats);
				if ((w === null) !== silent) expect(w, `${c} candidates for ${seats} seats`).toBe(silent ? null : 'a warning');
			}
		}
	});

	it('ratingResult agrees with the oracle on random ratings, under every denominator', () => {
		const gradeOf = (s: bigint, sb: bigint, den: bigint): RatingGrade =>
			den > 0n && s > den - s ? 'satisfied' : den > 0n && s + sb > den - (s + sb) ? 'basically-satisfied' : 'unsatisfied';
		for (let seed = 1; seed <= 20; seed++) {
			const rand = seededRandom(2000 + seed);
			const int = (max: number) => Math.floor(rand() * (max + 1));
			for (let i = 0; i < 500; i++) {
				const members = int(i % 2 === 0 ? 12 : 400);
				const present = int(members);
				const cast = int(present);
				const satisfied = int(cast);
				const basicallySatisfied = int(cast - satisfied);
				const unsatisfied = int(cast - satisfied - basicallySatisfied);
				const abstain = cast - satisfied - basicallySatisfied - unsatisfied;
				const counts = rating(satisfied, basicallySatisfied, unsatisfied, abstain);
				for (const basis of BASES) {
					const den = basis === 'all-members' ? members : basis === 'present' ? present : cast;
					const r = ratingResult(counts, basis, members, present);
					const context = `seed ${seed}, ${basis}: ${JSON.stringify(counts)}, ${present} of ${members}`;
					expect(r.grade, context).toBe(gradeOf(BigInt(satisfied), BigInt(basicallySatisfied), BigInt(den)));
					expect(r.denominator, context).toBe(den);
					expect(r.cast, context).toBe(cast);
					expect(r.satisfiedShare, context).toBeGreaterThanOrEqual(0);
					expect(r.satisfiedShare, context).toBeLessThanOrEqual(1);
				}
			}
		}
	});
});
