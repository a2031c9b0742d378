/**
 * The rules of votes, project ballots and satisfaction ratings, pure (DESIGN.md §3, Votes, Project
 * ballot, Satisfaction rating). Integer arithmetic only, so "more than half" and "two thirds" are exact
 * at every size; every threshold counts all members (全体组成人员) unless the rule says otherwise.
 */
import type { LocalizedText } from './result';

export const MOTION_CHOICES = ['yes', 'no', 'abstain'] as const;
export type MotionChoice = (typeof MOTION_CHOICES)[number];

export const RATING_CHOICES = ['satisfied', 'basically-satisfied', 'unsatisfied', 'abstain'] as const;
export type RatingChoice = (typeof RATING_CHOICES)[number];
export type RatingGrade = Exclude<RatingChoice, 'abstain'>;

export type PassingRule = 'more-than-half-of-all' | 'two-thirds-of-all' | 'majority-of-cast';
/** Whom a rating's grade is measured against: all members (the default), those present, or ballots cast. */
export type RatingDenominator = 'all-members' | 'present' | 'cast';

export const CHOICE_LABELS: Record<MotionChoice | RatingChoice | 'not-pressed', LocalizedText> = {
	yes: { zh: '赞成', en: 'Yes' },
	no: { zh: '反对', en: 'No' },
	abstain: { zh: '弃权', en: 'Abstain' },
	satisfied: { zh: '满意', en: 'Satisfied' },
	'basically-satisfied': { zh: '基本满意', en: 'Basically satisfied' },
	unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
	'not-pressed': { zh: '未按', en: 'Not pressed' }
};

function wholeNumber(name: string, n: number): void {
	if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0, not ${n}`);
}

/** The fewest 赞成 that pass a motion under `rule`, given all members and the ballots cast. */
export function yesNeeded(rule: PassingRule, members: number, cast: number): number {
	wholeNumber('members', members);
	wholeNumber('cast', cast);
	switch (rule) {
		case 'more-than-half-of-all':
			return Math.floor(members / 2) + 1;
		case 'two-thirds-of-all':
			return Math.ceil((2 * members) / 3);
		case 'majority-of-cast':
			return Math.floor(cast / 2) + 1;
	}
}

export interface MotionCounts {
	yes: number;
	no: number;
	abstain: number;
}

export interface MotionResult extends MotionCounts {
	/** 未按: signed in, eligible, and pressed nothing. */
	notPressed: number;
	cast: number;
	members: number;
	present: number;
	needed: number;
	passed: boolean;
}

/**
 * A motion's result: 赞成 / 反对 / 弃权 as counted, 未按 as the signed-in members who did not vote, and
 * whether it passed. `members`: all current members; `present`: signed in when the vote closed.
 */
export function motionResult(counts: MotionCounts, members: number, present: number, rule: PassingRule): MotionResult {
	for (const [name, n] of Object.entries({ ...counts, members, present })) wholeNumber(name, n);
	const cast = counts.yes + counts.no + counts.abstain;
	if (cast > members) throw new RangeError(`${cast} ballots cast by ${members} members`);
	if (present > members) throw new RangeError(`${present} present of ${members} members`);
	const needed = yesNeeded(rule, members, cast);
	// Nobody voting passes nothing, even under "majority of votes cast".
	const passed = cast > 0 && counts.yes >= needed;
	return { ...counts, notPressed: Math.max(0, present - cast), cast, members, present, needed, passed };
}

export type BallotMark = 'yes' | 'no' | 'abstain';

export type Validity = { ok: true } | { ok: false; reason: LocalizedText };

/**
 * A project ballot (票决): one mark for each candidate, no candidate left out or invented, at most
 * `seats` 赞成.
 */
export function ballotValidity(marks: Readonly<Record<string, BallotMark>>, candidateIds: readonly string[], seats: number): Validity {
	const known = new Set(candidateIds);
	const unknown = Object.keys(marks).filter((id) => !known.has(id));
	if (unknown.length > 0) return { ok: false, reason: { zh: `选票上有不属于本次票决的项目：${unknown.join('、')}。`, en: `The ballot marks projects not on this ballot: ${unknown.join(', ')}.` } };
	const missing = candidateIds.filter((id) => !Object.hasOwn(marks, id));
	if (missing.length > 0) return { ok: false, reason: { zh: `还有 ${missing.length} 个项目未表态，请对每个项目选择赞成、反对或弃权。`, en: `${missing.length} project(s) are unmarked; mark each one yes, no or abstain.` } };
	const yes = Object.values(marks).filter((m) => m === 'yes').length;
	if (yes > seats) return { ok: false, reason: { zh: `赞成票不得超过应选数 ${seats} 个，当前为 ${yes} 个。`, en: `At most ${seats} yes marks are allowed; this ballot has ${yes}.` } };
	return { ok: true };
}

/** A rating ballot holds exactly one choice. */
export function ratingValidity(choices: readonly string[]): Validity {
	if (choices.length !== 1 || !(RATING_CHOICES as readonly string[]).includes(choices[0]!)) {
		return { ok: false, reason: { zh: '测评票须且只能选择一项。', en: 'A rating ballot holds exactly one choice.' } };
	}
	return { ok: true };
}

export interface CandidateCounts {
	id: string;
	yes: number;
	no: number;
	abstain: number;
}

export interface RankedCandidate extends CandidateCounts {
	rank: number;
	/** 赞成 more than half of all members. */
	overHalf: boolean;
	elected: boolean;
	/** Tied at the cut-off: settled by a re-vote among the tied. */
	tied: boolean;
}

export interface BallotResult {
	ranked: RankedCandidate[];
	seats: number;
	members: number;
	/** The fewest 赞成 a candidate needs (more than half of all members). */
	needed: number;
	elected: string[];
	/** Candidates tied at the cut-off, and how many seats remain for them; empty when there is no tie. */
	tie: { candidateIds: string[]; seats: number } | null;
}

/**
 * A project ballot's outcome: candidates with 赞成 more than half of all members, ranked by 赞成, fill
 * the seats from the top. When candidates with equal 赞成 straddle the last seat, none of them is elected
 * and the tie is reported for a re-vote among them for the seats left.
 */
export function ballotResult(counts: readonly CandidateCounts[], seats: number, members: number): BallotResult {
	wholeNumber('members', members);
	if (!Number.isSafeInteger(seats) || seats < 1) throw new RangeError(`seats must be at least 1, not ${seats}`);
	for (const c of counts) {
		for (const [name, n] of Object.entries({ yes: c.yes, no: c.no, abstain: c.abstain })) wholeNumber(`${c.id} ${name}`, n);
		if (c.yes + c.no + c.abstain > members) throw new RangeError(`${c.id} has ${c.yes + c.no + c.abstain} marks from ${members} members`);
	}
	const needed = Math.floor(members / 2) + 1;
	// Ranked by 赞成, fewer 反对 first among equals for display only; the order of ties does not elect.
	const sorted = [...counts].sort((a, b) => b.yes - a.yes || a.no - b.no || a.id.localeCompare(b.id));
	const qualified = sorted.filter((c) => c.yes >= needed);
	let elected: string[];
	let tie: BallotResult['tie'] = null;
	if (qualified.length <= seats) {
		elected = qualified.map((c) => c.id);
	} else {
		const cutoff = qualified[seats - 1]!.yes;
		const above = qualified.filter((c) => c.yes > cutoff);
		const atCutoff = qualified.filter((c) => c.yes === cutoff);
		if (above.length + atCutoff.length > seats) {
			elected = above.map((c) => c.id);
			tie = { candidateIds: atCutoff.map((c) => c.id), seats: seats - above.length };
		} else {
			elected = [...above, ...atCutoff].map((c) => c.id);
		}
	}
	const electedSet = new Set(elected);
	const tiedSet = new Set(tie?.candidateIds ?? []);
	let rank = 0;
	let previousYes = Number.NaN;
	const ranked = sorted.map((c, i) => {
		if (c.yes !== previousYes) rank = i + 1;
		previousYes = c.yes;
		return { ...c, rank, overHalf: c.yes >= needed, elected: electedSet.has(c.id), tied: tiedSet.has(c.id) };
	});
	return { ranked, seats, members, needed, elected, tie };
}

/** 差额: a ballot needs more candidates than seats, and the surplus C/S − 1 is usually 20 %–50 %. */
export function surplusWarning(candidates: number, seats: number): LocalizedText | null {
	wholeNumber('candidates', candidates);
	if (!Number.isSafeInteger(seats) || seats < 1) throw new RangeError(`seats must be at least 1, not ${seats}`);
	if (candidates <= seats) {
		return { zh: `票决须差额进行：候选项目（${candidates}个）必须多于应选数（${seats}个）。`, en: `A project ballot needs more candidates (${candidates}) than seats (${seats}).` };
	}
	// Exact comparisons: 0.2 ≤ (C − S)/S ≤ 0.5 ⇔ 5(C − S) ≥ S and 2(C − S) ≤ S.
	const surplus = candidates - seats;
	if (5 * surplus < seats || 2 * surplus > seats) {
		// One decimal, never rounded onto the boundary it is warned about (19.5 %, not 20 %).
		const exact = (surplus / seats) * 100;
		const percent = Number.isInteger(exact) ? exact : 5 * surplus < seats ? Math.floor(exact * 10) / 10 : Math.ceil(exact * 10) / 10;
		return { zh: `差额比例为 ${percent}%（候选 ${candidates} 个 / 应选 ${seats} 个），通常为 20%–50%。`, en: `The surplus is ${percent}% (${candidates} candidates for ${seats} seats); it is usually 20–50%.` };
	}
	return null;
}

export interface RatingCounts {
	satisfied: number;
	basicallySatisfied: number;
	unsatisfied: number;
	abstain: number;
}

export interface RatingResult extends RatingCounts {
	cast: number;
	/** What the grade was measured against (all members, those present, or ballots cast). */
	denominator: number;
	grade: RatingGrade;
	/** 满意 + 基本满意, as a share of the denominator (0–1), for display. */
	satisfiedShare: number;
}

/**
 * The grade of a satisfaction rating (DESIGN.md §3): 满意 if 满意 is more than half of the denominator;
 * else 基本满意 if 满意 + 基本满意 is; else 不满意. The denominator is all members by default.
 */
export function ratingResult(counts: RatingCounts, basis: RatingDenominator, members: number, present: number): RatingResult {
	for (const [name, n] of Object.entries({ ...counts, members, present })) wholeNumber(name, n);
	const cast = counts.satisfied + counts.basicallySatisfied + counts.unsatisfied + counts.abstain;
	if (cast > members) throw new RangeError(`${cast} ballots cast by ${members} members`);
	if (present > members) throw new RangeError(`${present} present of ${members} members`);
	const denominator = basis === 'all-members' ? members : basis === 'present' ? present : cast;
	const grade: RatingGrade =
		2 * counts.satisfied > denominator ? 'satisfied' : 2 * (counts.satisfied + counts.basicallySatisfied) > denominator ? 'basically-satisfied' : 'unsatisfied';
	const satisfiedShare = denominator === 0 ? 0 : (counts.satisfied + counts.basicallySatisfied) / denominator;
	return { ...counts, cast, denominator, grade, satisfiedShare };
}
