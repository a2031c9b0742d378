/**
 * What a deputy can do with an open vote on this tablet right now, and if nothing, why: one place
 * decides it, so the buttons, their lock and the words under them always agree.
 */
import type { VoteView } from '$shared/vote.schema';
import type { StoredBallot } from './ballot-store';

export type PressState =
	/** Not signed in: sign in now (sign-in open), ask a clerk (closed), or recorded as having left. */
	| { kind: 'not-eligible'; reason: 'sign-in-open' | 'sign-in-closed' | 'departed' }
	/** A press is on its way (or being sent again). */
	| { kind: 'sending' }
	/** A press went unanswered: it must be sent again as it was before anything else is pressed. */
	| { kind: 'unconfirmed' }
	/** First press counts and this deputy has voted: 已表决. */
	| { kind: 'locked' }
	/** Last press counts, but this tablet does not hold the earlier ballot, so it cannot change it. */
	| { kind: 'cannot-change' }
	| { kind: 'offline' }
	/** May press; `voted`: a press is already recorded (under last press, a new one changes it). */
	| { kind: 'ready'; voted: boolean };

export interface PressContext {
	vote: Pick<VoteView, 'settings' | 'voted'>;
	ballot: StoredBallot | null;
	sending: boolean;
	self: { signedIn: boolean; departed: boolean } | undefined;
	signInOpen: boolean;
	online: boolean;
}

export function pressState({ vote, ballot, sending, self, signInOpen, online }: PressContext): PressState {
	if (sending) return { kind: 'sending' };
	if (ballot?.pending) return { kind: 'unconfirmed' };
	const voted = ballot?.cast != null || vote.voted === true;
	if (voted && vote.settings.press === 'first') return { kind: 'locked' };
	if (!self?.signedIn) return { kind: 'not-eligible', reason: self?.departed ? 'departed' : signInOpen ? 'sign-in-open' : 'sign-in-closed' };
	// The server finds the earlier ballot by the receipt this tablet's secret makes; without it, no change.
	if (voted && !ballot) return { kind: 'cannot-change' };
	if (!online) return { kind: 'offline' };
	return { kind: 'ready', voted };
}
