import { describe, expect, it } from 'vitest';
import type { StoredBallot } from './ballot-store';
import { type PressContext, pressState } from './vote-press';

const settings = (press: 'first' | 'last') => ({ anonymous: true, press, durationSeconds: null, reveal: 'at-close', ratingBasis: 'all-members' }) as const;
const present = { signedIn: true, departed: false };
const secret = 'secret-aaaaaaaaaaaaaaaaaaaa';
const castBallot: StoredBallot = { secret, pending: null, cast: { receipt: 'R', choice: 'yes', changed: false, at: 1 } };
const pendingBallot: StoredBallot = { secret, pending: { key: 'key-aaaaaaaa', choice: 'no' }, cast: null };

function context(patch: Partial<PressContext> = {}): PressContext {
	return { vote: { settings: settings('first'), voted: false }, ballot: null, sending: false, self: present, signInOpen: false, online: true, ...patch };
}

describe('what a deputy can press', () => {
	it('lets a signed-in deputy who has not voted press', () => {
		expect(pressState(context())).toEqual({ kind: 'ready', voted: false });
	});

	it('locks a first-press vote once voted, from this tablet or by the server’s word', () => {
		expect(pressState(context({ ballot: castBallot }))).toEqual({ kind: 'locked' });
		expect(pressState(context({ vote: { settings: settings('first'), voted: true } }))).toEqual({ kind: 'locked' });
	});

	it('keeps a last-press vote open to change when this tablet holds the ballot', () => {
		const vote = { settings: settings('last'), voted: true };
		expect(pressState(context({ vote, ballot: castBallot }))).toEqual({ kind: 'ready', voted: true });
		expect(pressState(context({ vote }))).toEqual({ kind: 'cannot-change' });
	});

	it('says why a deputy who is not signed in cannot vote', () => {
		expect(pressState(context({ self: { signedIn: false, departed: false }, signInOpen: true }))).toEqual({ kind: 'not-eligible', reason: 'sign-in-open' });
		expect(pressState(context({ self: { signedIn: false, departed: false } }))).toEqual({ kind: 'not-eligible', reason: 'sign-in-closed' });
		expect(pressState(context({ self: { signedIn: false, departed: true }, signInOpen: true }))).toEqual({ kind: 'not-eligible', reason: 'departed' });
		expect(pressState(context({ self: undefined }))).toEqual({ kind: 'not-eligible', reason: 'sign-in-closed' });
	});

	it('shows a first-press vote as cast even after the deputy left', () => {
		expect(pressState(context({ ballot: castBallot, self: { signedIn: false, departed: true } }))).toEqual({ kind: 'locked' });
	});

	it('holds every button while a press is on its way or unconfirmed', () => {
		expect(pressState(context({ sending: true, ballot: pendingBallot }))).toEqual({ kind: 'sending' });
		expect(pressState(context({ ballot: pendingBallot }))).toEqual({ kind: 'unconfirmed' });
		expect(pressState(context({ ballot: { ...castBallot, pending: pendingBallot.pending }, vote: { settings: settings('last'), voted: true } }))).toEqual({ kind: 'unconfirmed' });
	});

	it('waits for the connection', () => {
		expect(pressState(context({ online: false }))).toEqual({ kind: 'offline' });
	});
});
