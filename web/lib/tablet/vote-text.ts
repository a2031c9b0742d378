/**
 * What the tablet says about a vote, in words a deputy reads at a glance: its settings, a choice, the
 * result in one line (for the history), the countdown, and the check of the tablet's own receipt against
 * the published list (DESIGN.md §4, Integrity: each deputy can check that the vote was counted as cast).
 */
import { formatRemaining } from '$shared/timer.rules';
import type { LocalizedText } from '$shared/result';
import type { Receipt, VoteChoice, VoteKind, VoteOutcome, VoteRecord, VoteView } from '$shared/vote.schema';
import { type BallotMark, CHOICE_LABELS, type MotionChoice, type PassingRule, type RatingChoice } from '$shared/vote.rules';

export const VOTE_KIND_LABELS: Record<VoteKind, LocalizedText> = {
	motion: { zh: '表决', en: 'Vote' },
	ballot: { zh: '票决', en: 'Project ballot' },
	rating: { zh: '满意度测评', en: 'Satisfaction rating' }
};

export const PASSING_RULE_WORDS: Record<PassingRule, LocalizedText> = {
	'more-than-half-of-all': { zh: '全体组成人员过半数赞成为通过', en: 'Passes with yes from more than half of all members' },
	'two-thirds-of-all': { zh: '全体组成人员三分之二以上赞成为通过', en: 'Passes with yes from two thirds of all members' },
	'majority-of-cast': { zh: '投票人数过半数赞成为通过', en: 'Passes with yes from more than half of the votes cast' }
};

/** The vote's settings as sentences, in the order a deputy needs them. */
export function settingsWords(vote: Pick<VoteRecord, 'kind' | 'settings' | 'seats' | 'passing' | 'deadline'>): LocalizedText[] {
	const { settings } = vote;
	const words: LocalizedText[] = [
		settings.anonymous ? { zh: '无记名', en: 'Anonymous' } : { zh: '记名（公布每人的选择）', en: 'Named: each choice is published' },
		settings.press === 'first'
			? { zh: '以第一次按键为准', en: 'Your first press counts' }
			: { zh: '可更改，以最后一次按键为准', en: 'You may change; your last press counts' }
	];
	if (vote.kind === 'ballot' && vote.seats !== null) words.push({ zh: `应选 ${vote.seats} 项，赞成不超过 ${vote.seats} 项`, en: `${vote.seats} seats; at most ${vote.seats} yes` });
	if (vote.kind === 'motion') words.push(PASSING_RULE_WORDS[vote.passing]);
	if (vote.deadline === null) words.push({ zh: '由主持人宣布结束', en: 'Closed by the host' });
	else if (settings.durationSeconds !== null) words.push({ zh: `限时 ${durationWords(settings.durationSeconds).zh}`, en: `${durationWords(settings.durationSeconds).en} to vote` });
	words.push(settings.reveal === 'at-close' ? { zh: '结束后即公布结果', en: 'Result shown at the close' } : { zh: '结果由主持人宣布', en: 'The host announces the result' });
	return words;
}

function durationWords(seconds: number): LocalizedText {
	const m = Math.floor(seconds / 60);
	const s = seconds % 60;
	if (m === 0) return { zh: `${s} 秒`, en: `${s} s` };
	return s === 0 ? { zh: `${m} 分钟`, en: `${m} min` } : { zh: `${m} 分 ${s} 秒`, en: `${m} min ${s} s` };
}

const CLOCK = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });

/** When a vote opened, as the hall's clock shows it ("15:04"), to tell a re-vote from the first. */
export function openedAt(at: number): string {
	return CLOCK.format(at);
}

/** Time left to vote, never below 0:00 (the server closes it; the tablet just waits for that). */
export function countdownText(deadline: number, now: number): string {
	return formatRemaining(Math.max(0, deadline - now));
}

/** A choice in words: the label of one button, or a ballot's marks counted. */
export function choiceWords(choice: VoteChoice): LocalizedText {
	if (typeof choice === 'string') return CHOICE_LABELS[choice as MotionChoice | RatingChoice];
	const count = (mark: BallotMark) => Object.values(choice.marks).filter((m) => m === mark).length;
	const [yes, no, abstain] = [count('yes'), count('no'), count('abstain')];
	return { zh: `赞成 ${yes} 项、反对 ${no} 项、弃权 ${abstain} 项`, en: `yes ${yes}, no ${no}, abstain ${abstain}` };
}

/** The names a ballot choice marked `mark`, in ballot order. */
export function markedNames(choice: VoteChoice, candidates: readonly { id: string; name: string }[], mark: BallotMark): string[] {
	if (typeof choice === 'string') return [];
	return candidates.filter((c) => choice.marks[c.id] === mark).map((c) => c.name);
}

export function sameChoice(a: VoteChoice, b: VoteChoice): boolean {
	if (typeof a === 'string' || typeof b === 'string') return a === b;
	const keys = Object.keys(a.marks);
	return keys.length === Object.keys(b.marks).length && keys.every((id) => a.marks[id] === b.marks[id]);
}

/** The count that stands: one by hand replaces the electronic one. */
export function standingOutcome(vote: Pick<VoteView, 'manual' | 'outcome'>): VoteOutcome | undefined {
	return vote.manual ?? vote.outcome;
}

export type ReceiptCheck =
	/** Listed: with the choice the list gives it, and whether that is what this tablet recorded. */
	| { found: true; receipt: string; published: VoteChoice; matches: boolean }
	| { found: false; receipt: string };

/** Looks for this tablet's receipt among the published ones. */
export function checkReceipt(receipts: readonly Receipt[], mine: { receipt: string; choice: VoteChoice }): ReceiptCheck {
	const listed = receipts.find((r) => r.receipt === mine.receipt);
	if (!listed) return { found: false, receipt: mine.receipt };
	return { found: true, receipt: mine.receipt, published: listed.choice, matches: sameChoice(listed.choice, mine.choice) };
}

export type SummaryTone = 'open' | 'waiting' | 'pass' | 'fail' | 'neutral' | 'void';

/** A vote's state or result in a few characters, for the list of the meeting's votes. */
export function voteSummary(vote: VoteView): { tone: SummaryTone; text: LocalizedText } {
	if (vote.status === 'open') return { tone: 'open', text: { zh: '进行中', en: 'Open' } };
	if (vote.status === 'annulled') return { tone: 'void', text: { zh: '已作废', en: 'Annulled' } };
	const outcome = vote.revealed ? standingOutcome(vote) : undefined;
	if (!outcome) return { tone: 'waiting', text: { zh: '待宣布', en: 'Awaiting result' } };
	const { result } = outcome;
	switch (result.kind) {
		case 'motion':
			return result.motion.passed
				? { tone: 'pass', text: { zh: '通过', en: 'Passed' } }
				: { tone: 'fail', text: { zh: '未通过', en: 'Not passed' } };
		case 'ballot': {
			const { elected, tie } = result.ballot;
			const text = { zh: `当选 ${elected.length} 项`, en: `${elected.length} elected` };
			if (tie) return { tone: 'neutral', text: { zh: `${text.zh}，${tie.candidateIds.length} 项并列`, en: `${text.en}, ${tie.candidateIds.length} tied` } };
			return { tone: elected.length > 0 ? 'pass' : 'fail', text };
		}
		case 'rating': {
			const grade = result.rating.grade;
			return { tone: grade === 'unsatisfied' ? 'fail' : 'pass', text: CHOICE_LABELS[grade] };
		}
	}
}
