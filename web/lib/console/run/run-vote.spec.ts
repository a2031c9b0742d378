import { describe, expect, it } from 'vitest';
import {
	controlsOf,
	draftOf,
	hasLanded,
	manualCounts,
	manualFields,
	openRequest,
	rerunCandidates,
	reasonOf,
	settingsOf,
	shownOutcome,
	toggleOf,
	voteKindOfItem,
	votesOn
} from './run-vote';
import { CANDIDATES, DEFAULT_SETTINGS, motionOutcome, tiedBallotOutcome, voteView } from './run-vote.fixture';

describe('which votes belong to a target', () => {
	it('knows the items that are voted on', () => {
		expect(voteKindOfItem('vote')).toBe('motion');
		expect(voteKindOfItem('ballot')).toBe('ballot');
		expect(voteKindOfItem('rating')).toBe('rating');
		expect(voteKindOfItem('inquiry')).toBeNull();
		expect(voteKindOfItem('report')).toBeNull();
	});

	it('lists an item’s votes newest first, apart from its questions’ ratings', () => {
		const votes = [voteView({ id: 'a' }), voteView({ id: 'q', itemId: 'a2', entryId: 'q1' }), voteView({ id: 'b' }), voteView({ id: 'other', itemId: 'a4' })];
		expect(votesOn(votes, { itemId: 'a3', entryId: null }).map((v) => v.id)).toEqual(['b', 'a']);
		expect(votesOn(votes, { itemId: 'a2', entryId: 'q1' }).map((v) => v.id)).toEqual(['q']);
		expect(votesOn(votes, { itemId: 'a2', entryId: null })).toEqual([]);
		expect(votes.map((v) => v.id)).toEqual(['a', 'q', 'b', 'other']);
	});

	it('shows a count by hand in place of the electronic one', () => {
		const manual = { ...motionOutcome(20), manual: { reason: '设备故障', at: 5 } };
		expect(shownOutcome(voteView({ status: 'closed', outcome: motionOutcome(3), manual }))).toBe(manual);
		expect(shownOutcome(voteView({ status: 'closed', outcome: motionOutcome(3) }))?.voted).toBe(5);
		expect(shownOutcome(voteView())).toBeUndefined();
	});
});

describe('the host’s vote controls', () => {
	it('opens the first vote only while no other vote is open', () => {
		expect(controlsOf(undefined, undefined)).toEqual({ open: true, rerun: false, close: false, announce: false, manual: false, annul: false, rerunTied: null });
		expect(controlsOf(undefined, voteView({ id: 'elsewhere', itemId: 'a4' })).open).toBe(false);
	});

	it('closes, counts by hand or annuls an open vote, and opens nothing more', () => {
		const open = voteView();
		expect(controlsOf(open, open)).toEqual({ open: false, rerun: false, close: true, announce: false, manual: true, annul: true, rerunTied: null });
	});

	it('offers the announcement only for a result kept back', () => {
		const kept = voteView({ status: 'closed', settings: { ...DEFAULT_SETTINGS, reveal: 'on-announce' }, outcome: motionOutcome(20) });
		expect(controlsOf(kept, undefined).announce).toBe(true);
		expect(controlsOf({ ...kept, revealed: true, announcedAt: 9 }, undefined).announce).toBe(false);
		expect(controlsOf({ ...kept, settings: { ...DEFAULT_SETTINGS }, revealed: true }, undefined).announce).toBe(false);
	});

	it('records one count by hand, and does not run a closed vote again', () => {
		const closed = voteView({ status: 'closed', revealed: true, outcome: motionOutcome(20) });
		expect(controlsOf(closed, undefined)).toMatchObject({ open: false, rerun: false, manual: true, annul: true });
		expect(controlsOf({ ...closed, manual: { ...motionOutcome(21), manual: { reason: '举手', at: 3 } } }, undefined).manual).toBe(false);
	});

	it('runs an annulled vote again, once nothing else is open', () => {
		const annulled = voteView({ status: 'annulled', annulled: { reason: '设备故障', at: 5 } });
		expect(controlsOf(annulled, undefined)).toEqual({ open: false, rerun: true, close: false, announce: false, manual: false, annul: false, rerunTied: null });
		expect(controlsOf(annulled, voteView({ id: 'v2', itemId: 'a5' })).rerun).toBe(false);
	});

	it('offers a re-vote among the candidates tied at the cut-off', () => {
		const ballot = voteView({ kind: 'ballot', candidates: CANDIDATES, seats: 2, status: 'closed', revealed: true, outcome: tiedBallotOutcome });
		expect(controlsOf(ballot, undefined).rerunTied).toEqual(['c2', 'c3']);
		expect(controlsOf(ballot, voteView({ id: 'v9' })).rerunTied).toBeNull();
		expect(controlsOf({ ...ballot, status: 'annulled' }, undefined).rerunTied).toBeNull();
	});

	it('gives V the one move that fits', () => {
		expect(toggleOf(controlsOf(undefined, undefined))).toBe('open');
		expect(toggleOf(controlsOf(voteView(), voteView()))).toBe('close');
		expect(toggleOf(controlsOf(voteView({ status: 'annulled' }), undefined))).toBe('rerun');
		expect(toggleOf(controlsOf(voteView({ status: 'closed', outcome: motionOutcome(20) }), undefined))).toBeNull();
		expect(toggleOf(controlsOf(undefined, voteView({ id: 'other' })))).toBeNull();
	});
});

describe('vote requests', () => {
	it('names the question only when rating one', () => {
		expect(openRequest({ itemId: 'a3', entryId: null, kind: 'motion' }, { ...DEFAULT_SETTINGS })).toEqual({ itemId: 'a3', settings: DEFAULT_SETTINGS });
		expect(openRequest({ itemId: 'a2', entryId: 'q1', kind: 'rating' }, { ...DEFAULT_SETTINGS })).toEqual({ itemId: 'a2', entryId: 'q1', settings: DEFAULT_SETTINGS });
	});

	it('names the vote a re-run replaces, and the tied candidates', () => {
		const target = { itemId: 'a4', entryId: null, kind: 'ballot' } as const;
		expect(openRequest(target, { ...DEFAULT_SETTINGS }, { of: 'v1' })).toEqual({ itemId: 'a4', settings: DEFAULT_SETTINGS, rerunOf: 'v1' });
		expect(openRequest(target, { ...DEFAULT_SETTINGS }, { of: 'v1', candidateIds: ['c2', 'c3'] })).toEqual({ itemId: 'a4', settings: DEFAULT_SETTINGS, rerunOf: 'v1', candidateIds: ['c2', 'c3'] });
	});

	it('runs an annulled re-vote among the tied again among the same candidates', () => {
		const first = voteView({ id: 'v1', kind: 'ballot', candidates: CANDIDATES, seats: 2, status: 'closed' });
		const tied = voteView({ id: 'v2', kind: 'ballot', candidates: CANDIDATES.slice(1, 3), seats: 1, rerunOf: 'v1', status: 'annulled' });
		expect(rerunCandidates(tied, first)).toEqual(['c2', 'c3']);
		expect(rerunCandidates({ ...first, status: 'annulled' }, first)).toBeUndefined();
		expect(rerunCandidates(voteView({ status: 'annulled' }), voteView())).toBeUndefined();
	});

	it('knows when each command’s change has arrived', () => {
		expect(hasLanded('vote:open', 'v1', [])).toBe(false);
		expect(hasLanded('vote:open', 'v1', [voteView()])).toBe(true);
		expect(hasLanded('vote:close', 'v1', [voteView()])).toBe(false);
		expect(hasLanded('vote:close', 'v1', [voteView({ status: 'closed' })])).toBe(true);
		expect(hasLanded('vote:announce', 'v1', [voteView({ status: 'closed' })])).toBe(false);
		expect(hasLanded('vote:announce', 'v1', [voteView({ status: 'closed', announcedAt: 7 })])).toBe(true);
		expect(hasLanded('vote:annul', 'v1', [voteView({ status: 'closed' })])).toBe(false);
		expect(hasLanded('vote:annul', 'v1', [voteView({ status: 'annulled' })])).toBe(true);
		expect(hasLanded('vote:manual', 'v1', [voteView({ status: 'closed' })])).toBe(false);
		expect(hasLanded('vote:manual', 'v1', [voteView({ status: 'closed', manual: { ...motionOutcome(20), manual: { reason: '举手', at: 1 } } })])).toBe(true);
	});
});

describe('the settings form', () => {
	it('starts from the defaults, or from the vote run again', () => {
		expect(draftOf()).toEqual({ anonymous: true, press: 'first', duration: '', reveal: 'at-close', ratingBasis: 'all-members' });
		expect(draftOf({ anonymous: false, press: 'last', durationSeconds: 90, reveal: 'on-announce', ratingBasis: 'cast' })).toEqual({
			anonymous: false,
			press: 'last',
			duration: '90',
			reveal: 'on-announce',
			ratingBasis: 'cast'
		});
	});

	it('reads a blank time limit as none, and seconds as given', () => {
		expect(settingsOf(draftOf())).toEqual({ ok: true, value: DEFAULT_SETTINGS });
		expect(settingsOf({ ...draftOf(), duration: ' 60 ' })).toMatchObject({ ok: true, value: { durationSeconds: 60 } });
		expect(settingsOf({ ...draftOf(), duration: '10' })).toMatchObject({ ok: true, value: { durationSeconds: 10 } });
		expect(settingsOf({ ...draftOf(), duration: '3600' })).toMatchObject({ ok: true, value: { durationSeconds: 3600 } });
	});

	it('refuses a time limit the server would refuse', () => {
		for (const duration of ['9', '3601', '1.5', '-30', 'abc', '0']) expect(settingsOf({ ...draftOf(), duration }).ok, duration).toBe(false);
	});
});

describe('the count by hand', () => {
	const motion = { kind: 'motion', candidates: [], members: 36 } as const;

	it('asks for each count a kind of vote has', () => {
		expect(manualFields(motion).map((f) => f.key)).toEqual(['yes', 'no', 'abstain']);
		expect(manualFields({ kind: 'rating', candidates: [] }).map((f) => f.key)).toEqual(['satisfied', 'basically-satisfied', 'unsatisfied', 'abstain']);
		expect(manualFields({ kind: 'ballot', candidates: CANDIDATES.slice(0, 2) }).map((f) => f.key)).toEqual(['c1:yes', 'c1:no', 'c1:abstain', 'c2:yes', 'c2:no', 'c2:abstain']);
	});

	it('shapes a motion’s and a rating’s counts, blanks as 0', () => {
		expect(manualCounts(motion, { yes: '20', no: '3', abstain: '' })).toEqual({ ok: true, value: { yes: 20, no: 3, abstain: 0 } });
		expect(manualCounts({ kind: 'rating', candidates: [], members: 36 }, { satisfied: '10', 'basically-satisfied': '12', unsatisfied: '4', abstain: '1' })).toEqual({
			ok: true,
			value: { satisfied: 10, basicallySatisfied: 12, unsatisfied: 4, abstain: 1 }
		});
	});

	it('shapes a ballot’s counts per candidate', () => {
		const ballot = { kind: 'ballot', candidates: CANDIDATES.slice(0, 2), members: 36 } as const;
		expect(manualCounts(ballot, { 'c1:yes': '30', 'c1:no': '2', 'c2:yes': '5', 'c2:abstain': '20' })).toEqual({
			ok: true,
			value: { candidates: { c1: { yes: 30, no: 2, abstain: 0 }, c2: { yes: 5, no: 0, abstain: 20 } } }
		});
		expect(manualCounts(ballot, { 'c2:yes': '30', 'c2:no': '7' })).toMatchObject({ ok: false, reason: { zh: expect.stringContaining('项目c2') } });
	});

	it('refuses counts that are not whole numbers, or more ballots than members', () => {
		expect(manualCounts(motion, { yes: '2.5' }).ok).toBe(false);
		expect(manualCounts(motion, { yes: '-1' }).ok).toBe(false);
		expect(manualCounts(motion, { yes: '30', no: '6' }).ok).toBe(true);
		expect(manualCounts(motion, { yes: '30', no: '7' })).toMatchObject({ ok: false, reason: { zh: expect.stringContaining('37') } });
	});

	it('wants a reason of 2 to 300 characters', () => {
		expect(reasonOf('  设备故障 ')).toEqual({ ok: true, value: '设备故障' });
		expect(reasonOf(' 坏 ').ok).toBe(false);
		expect(reasonOf('长'.repeat(301)).ok).toBe(false);
	});
});
