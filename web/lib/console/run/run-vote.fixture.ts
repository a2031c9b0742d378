/** Votes as the host's console receives them, for the specs beside it. */
import { ballotResult, motionResult, ratingResult } from '$shared/vote.rules';
import type { VoteOutcome, VoteSettings, VoteView } from '$shared/vote.schema';

export const DEFAULT_SETTINGS: VoteSettings = { anonymous: true, press: 'first', durationSeconds: null, reveal: 'at-close', ratingBasis: 'all-members' };

/** An open motion of 36 members with 30 present, unless told otherwise. */
export function voteView(over: Partial<VoteView> = {}): VoteView {
	return {
		id: 'v1',
		version: 1,
		meetingId: 'm',
		itemId: 'a3',
		entryId: null,
		kind: 'motion',
		title: '表决',
		subject: '动议',
		candidates: [],
		seats: null,
		settings: { ...DEFAULT_SETTINGS },
		openedAt: 1000,
		deadline: null,
		rerunOf: null,
		members: 36,
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

const outcome = (result: VoteOutcome['result'], voted: number): VoteOutcome => ({ result, present: 30, voted, receipts: [] });

/** A motion's outcome with `yes` 赞成, one 反对 and one 弃权. */
export const motionOutcome = (yes: number): VoteOutcome => outcome({ kind: 'motion', motion: motionResult({ yes, no: 1, abstain: 1 }, 36, 30, 'more-than-half-of-all') }, yes + 2);

export const CANDIDATES = ['c1', 'c2', 'c3', 'c4'].map((id) => ({ id, name: `项目${id}` }));

/** Two seats; c1 elected, c2 and c3 tied at the cut-off. */
export const tiedBallotOutcome: VoteOutcome = outcome(
	{
		kind: 'ballot',
		ballot: ballotResult(
			[
				{ id: 'c1', yes: 30, no: 0, abstain: 0 },
				{ id: 'c2', yes: 25, no: 0, abstain: 0 },
				{ id: 'c3', yes: 25, no: 0, abstain: 0 },
				{ id: 'c4', yes: 10, no: 0, abstain: 0 }
			],
			2,
			36
		)
	},
	30
);

/** 12 满意, 10 基本满意 of 36: graded 基本满意. */
export const ratingOutcome: VoteOutcome = outcome({ kind: 'rating', rating: ratingResult({ satisfied: 12, basicallySatisfied: 10, unsatisfied: 5, abstain: 1 }, 'all-members', 36, 30) }, 28);
