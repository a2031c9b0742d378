/**
 * Marking a project ballot (票决) on the tablet, before it is sent: one mark per candidate, at most
 * `seats` 赞成. The tablet refuses the (S+1)th 赞成 at the touch, with a message saying what to do,
 * instead of letting the deputy find out at submission; the server checks the same rule again.
 */
import type { LocalizedText } from '$shared/result';
import type { VoteChoice } from '$shared/vote.schema';
import { type BallotMark, type Validity, ballotValidity } from '$shared/vote.rules';

export type Marks = Readonly<Record<string, BallotMark>>;

export const BALLOT_MARKS: readonly BallotMark[] = ['yes', 'no', 'abstain'];

export function yesCount(marks: Marks): number {
	return Object.values(marks).filter((m) => m === 'yes').length;
}

export type MarkAttempt = { ok: true; marks: Marks } | { ok: false; marks: Marks; reason: LocalizedText };

/** Marks one candidate; a 赞成 beyond the seats is refused and the marks stay as they were. */
export function applyMark(marks: Marks, candidateId: string, mark: BallotMark, seats: number): MarkAttempt {
	if (mark === 'yes' && marks[candidateId] !== 'yes' && yesCount(marks) >= seats) {
		return {
			ok: false,
			marks,
			reason: {
				zh: `赞成最多 ${seats} 项，已经选满。要改投此项，请先把另一项改为反对或弃权。`,
				en: `All ${seats} yes marks are used. To vote yes here, first change another to no or abstain.`
			}
		};
	}
	return { ok: true, marks: { ...marks, [candidateId]: mark } };
}

/** Candidates without a mark, in ballot order. */
export function unmarked(marks: Marks, candidateIds: readonly string[]): string[] {
	return candidateIds.filter((id) => !Object.hasOwn(marks, id));
}

/** 其余弃权: every candidate still unmarked is marked 弃权; the marks already made stay. */
export function markRestAbstain(marks: Marks, candidateIds: readonly string[]): Marks {
	return { ...marks, ...Object.fromEntries(unmarked(marks, candidateIds).map((id) => [id, 'abstain' as const])) };
}

/** Whether the sheet may be submitted, with the shared rule's own words when not. */
export function readiness(marks: Marks, candidateIds: readonly string[], seats: number): Validity {
	const known = new Set(candidateIds);
	// Marks for candidates no longer standing (a stored sheet) are not the deputy's to fix: leave them out.
	return ballotValidity(Object.fromEntries(Object.entries(marks).filter(([id]) => known.has(id))), candidateIds, seats);
}

/** The choice to send: the marks for the standing candidates only. */
export function ballotChoice(marks: Marks, candidateIds: readonly string[]): { marks: Record<string, BallotMark> } {
	return { marks: Object.fromEntries(candidateIds.filter((id) => Object.hasOwn(marks, id)).map((id) => [id, marks[id]!])) };
}

/** The marks of a recorded ballot choice; none for any other choice. */
export function marksOf(choice: VoteChoice | null | undefined): Marks {
	return choice && typeof choice === 'object' ? { ...choice.marks } : {};
}
