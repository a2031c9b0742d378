/**
 * What the wall and the public page show of the votes (DESIGN.md §3, Votes, Project ballot,
 * Satisfaction rating): which vote is on show, what state its board is in, the rows of its bars and
 * the words around them. Pure, so both pages say the same thing and the rules are tested apart.
 */
import type { LiveView } from '$shared/live.view';
import type { LocalizedText } from '$shared/result';
import type { VoteKind, VoteOutcome, VoteResult, VoteView } from '$shared/vote.schema';
import { type BallotResult, CHOICE_LABELS, type MotionResult, type PassingRule, type RatingGrade, type RatingResult } from '$shared/vote.rules';
import { formatRemaining } from '$shared/timer.rules';
import { questionOnFloor } from './live-board';

/**
 * The vote whose board replaces the question view: the open one, whatever else runs (the hall is
 * voting); otherwise the latest vote of the active agenda item once it has closed or been annulled,
 * while no question holds the floor. A rating of the answer on the floor stays on show with its question.
 * None once the session has closed: the pages say so instead, and the results stay in their list.
 * Votes come in the order opened.
 */
export function voteOnShow(votes: readonly VoteView[], live: LiveView | null): VoteView | null {
	const open = votes.find((v) => v.status === 'open');
	if (open) return open;
	if (live?.closedAt) return null;
	const question = questionOnFloor(live);
	const latest = (keep: (v: VoteView) => boolean) => [...votes].reverse().find(keep) ?? null;
	if (question) return latest((v) => v.entryId === question.entry.id);
	// With nothing active (the host opened a vote straight from the agenda) the latest vote stays up.
	const itemId = live?.activeItemId ?? null;
	return latest((v) => itemId === null || v.itemId === itemId);
}

export type BoardState = 'open' | 'waiting' | 'result' | 'annulled';

/** Open (turnout only), waiting for the announcement (or for the count), the result, or annulled. */
export function boardState(vote: VoteView): BoardState {
	if (vote.status === 'annulled') return 'annulled';
	if (vote.status === 'open') return 'open';
	return vote.revealed && resultOf(vote) ? 'result' : 'waiting';
}

/** The result to show: a count by hand replaces the electronic one; none before it is revealed. */
export function resultOf(vote: VoteView): { outcome: VoteOutcome; result: VoteResult; manual: { reason: string } | null } | null {
	if (!vote.revealed) return null;
	const outcome = vote.manual ?? vote.outcome;
	if (!outcome) return null;
	return { outcome, result: outcome.result, manual: outcome.manual ?? null };
}

/** A bar's width in percent of `scale`, clamped to 0–100; a non-zero count always shows a sliver. */
export function barPercent(count: number, scale: number): number {
	if (scale <= 0 || count <= 0) return 0;
	const percent = (100 * count) / scale;
	return Math.min(100, Math.max(0.6, Math.round(percent * 10) / 10));
}

/** 已投 as a share of 应投, for the turnout bar. */
export function turnoutPercent(turnout: { voted: number; present: number }): number {
	return barPercent(turnout.voted, Math.max(turnout.present, turnout.voted));
}

export const KIND_LABELS: Record<VoteKind, LocalizedText> = {
	motion: { zh: '表决', en: 'Vote' },
	ballot: { zh: '票决', en: 'Project ballot' },
	rating: { zh: '满意度测评', en: 'Satisfaction rating' }
};

export const GRADE_LABELS: Record<RatingGrade, LocalizedText> = {
	satisfied: CHOICE_LABELS.satisfied,
	'basically-satisfied': CHOICE_LABELS['basically-satisfied'],
	unsatisfied: CHOICE_LABELS.unsatisfied
};

export const PASSED_LABELS = {
	true: { zh: '通过', en: 'Adopted' },
	false: { zh: '未通过', en: 'Not adopted' }
} as const satisfies Record<'true' | 'false', LocalizedText>;

export interface CountRow {
	choice: 'yes' | 'no' | 'abstain' | 'not-pressed' | 'satisfied' | 'basically-satisfied' | 'unsatisfied';
	label: LocalizedText;
	count: number;
	/** Width of the bar, in percent of the board's scale. */
	percent: number;
}

function row(choice: CountRow['choice'], count: number, scale: number): CountRow {
	return { choice, label: CHOICE_LABELS[choice], count, percent: barPercent(count, scale) };
}

/**
 * 赞成 / 反对 / 弃权 / 未按, with bars against all members, so the mark of the votes needed sits at the
 * same place on every board.
 */
export function motionRows(m: MotionResult): { rows: CountRow[]; scale: number; neededPercent: number } {
	const scale = Math.max(m.members, m.cast + m.notPressed, 1);
	return {
		rows: [row('yes', m.yes, scale), row('no', m.no, scale), row('abstain', m.abstain, scale), row('not-pressed', m.notPressed, scale)],
		scale,
		neededPercent: Math.min(100, (100 * m.needed) / scale)
	};
}

/** 满意 / 基本满意 / 不满意 / 弃权, with bars against what the grade is measured against. */
export function ratingRows(r: RatingResult): { rows: CountRow[]; scale: number; halfPercent: number } {
	const scale = Math.max(r.denominator, r.cast, 1);
	return {
		rows: [row('satisfied', r.satisfied, scale), row('basically-satisfied', r.basicallySatisfied, scale), row('unsatisfied', r.unsatisfied, scale), row('abstain', r.abstain, scale)],
		scale,
		halfPercent: (100 * r.denominator) / 2 / scale
	};
}

/** The ranked candidates with their 赞成 bars against all members, and where the votes needed sit. */
export function ballotBars(b: BallotResult): { rows: (BallotResult['ranked'][number] & { percent: number })[]; neededPercent: number } {
	const scale = Math.max(b.members, 1);
	return { rows: b.ranked.map((c) => ({ ...c, percent: barPercent(c.yes, scale) })), neededPercent: Math.min(100, (100 * b.needed) / scale) };
}

const RULE_WORDS: Record<PassingRule, LocalizedText> = {
	'more-than-half-of-all': { zh: '全体组成人员过半数', en: 'more than half of all members' },
	'two-thirds-of-all': { zh: '全体组成人员三分之二以上', en: 'two thirds of all members' },
	'majority-of-cast': { zh: '投票人数过半数', en: 'a majority of the votes cast' }
};

/** `需全体组成人员过半数 107 票赞成`: the rule a motion was held to, with the number it meant. */
export function passingRuleText(rule: PassingRule, needed: number): LocalizedText {
	const words = RULE_WORDS[rule];
	return { zh: `需${words.zh} ${needed} 票赞成`, en: `Needs ${words.en}: ${needed} yes` };
}

/** `需赞成超过全体组成人员半数，即 ≥ 19 票`: what a candidate needs to be elected. */
export function ballotNeedText(b: BallotResult): LocalizedText {
	return { zh: `当选需赞成票超过全体组成人员半数（≥ ${b.needed} 票）`, en: `Elected with more than half of all members: ${b.needed} yes or more` };
}

/** The tie at the cut-off: who is tied, and the re-vote it needs. */
export function tieText(b: BallotResult, nameOf: (id: string) => string): LocalizedText | null {
	if (!b.tie) return null;
	const names = b.tie.candidateIds.map(nameOf);
	return {
		zh: `${names.join('、')}得票相同，并列，需在并列项目中重新票决（余 ${b.tie.seats} 个名额）`,
		en: `${b.tie.candidateIds.length} candidates tied at the cut-off: a re-vote among them for ${b.tie.seats} seat(s)`
	};
}

const BASIS_WORDS: Record<VoteView['settings']['ratingBasis'], LocalizedText> = {
	'all-members': { zh: '全体组成人员', en: 'all members' },
	present: { zh: '出席人数', en: 'members present' },
	cast: { zh: '投票人数', en: 'votes cast' }
};

/** `满意和基本满意占全体组成人员 83%`: the share the grade came from. */
export function ratingShareText(r: RatingResult, basis: VoteView['settings']['ratingBasis']): LocalizedText {
	const percent = Math.round(r.satisfiedShare * 1000) / 10;
	return { zh: `满意和基本满意占${BASIS_WORDS[basis].zh}（${r.denominator}）的 ${percent}%`, en: `Satisfied or basically satisfied: ${percent}% of ${BASIS_WORDS[basis].en} (${r.denominator})` };
}

/** 无记名 · 以第一次按键为准: how the vote is held, for the line above its title. */
export function settingsText(vote: VoteView): LocalizedText {
	const named = vote.settings.anonymous ? { zh: '无记名', en: 'Anonymous' } : { zh: '记名', en: 'Named' };
	if (vote.kind === 'rating') return named;
	const press = vote.settings.press === 'first' ? { zh: '以第一次按键为准', en: 'first press counts' } : { zh: '可改票，以最后一次按键为准', en: 'last press counts' };
	return { zh: `${named.zh} · ${press.zh}`, en: `${named.en} · ${press.en}` };
}

/** What is left of an open vote's time, or null without a deadline; "0:00" once it is up (the close follows). */
export function voteCountdown(vote: VoteView, now: number): { text: string; remainingMs: number; warning: boolean } | null {
	if (vote.status !== 'open' || vote.deadline === null) return null;
	const remainingMs = Math.max(0, vote.deadline - now);
	return { text: formatRemaining(remainingMs), remainingMs, warning: remainingMs <= 10_000 };
}

/** The meeting's announced results (and annulled votes, with their reason), newest first. */
export function announcedVotes(votes: readonly VoteView[]): VoteView[] {
	return votes.filter((v) => v.status === 'annulled' || boardState(v) === 'result').reverse();
}

/** One line for the list of results: `通过（赞成 30，反对 2，弃权 1，未按 3）`, the elected, the grade. */
export function resultSummary(vote: VoteView): LocalizedText {
	if (vote.status === 'annulled') return { zh: `已作废：${vote.annulled?.reason ?? ''}`, en: `Annulled: ${vote.annulled?.reason ?? ''}` };
	const shown = resultOf(vote);
	if (!shown) return { zh: '等待宣布结果', en: 'Result not yet announced' };
	const { result } = shown;
	switch (result.kind) {
		case 'motion': {
			const m = result.motion;
			const passed = PASSED_LABELS[`${m.passed}`];
			return { zh: `${passed.zh}（赞成 ${m.yes}，反对 ${m.no}，弃权 ${m.abstain}，未按 ${m.notPressed}）`, en: `${passed.en} (yes ${m.yes}, no ${m.no}, abstain ${m.abstain}, not pressed ${m.notPressed})` };
		}
		case 'ballot': {
			const b = result.ballot;
			const name = (id: string) => vote.candidates.find((c) => c.id === id)?.name ?? id;
			const tie = b.tie ? { zh: `；${b.tie.candidateIds.length} 个项目并列，需重新票决`, en: `; ${b.tie.candidateIds.length} tied, re-vote needed` } : { zh: '', en: '' };
			return {
				zh: `当选 ${b.elected.length} 项 / 应选 ${b.seats} 项${b.elected.length > 0 ? `：${b.elected.map(name).join('、')}` : ''}${tie.zh}`,
				en: `${b.elected.length} of ${b.seats} seats filled${tie.en}`
			};
		}
		case 'rating': {
			const r = result.rating;
			const grade = GRADE_LABELS[r.grade];
			return {
				zh: `${grade.zh}（满意 ${r.satisfied}，基本满意 ${r.basicallySatisfied}，不满意 ${r.unsatisfied}，弃权 ${r.abstain}）`,
				en: `${grade.en} (satisfied ${r.satisfied}, basically ${r.basicallySatisfied}, unsatisfied ${r.unsatisfied}, abstain ${r.abstain})`
			};
		}
	}
}
