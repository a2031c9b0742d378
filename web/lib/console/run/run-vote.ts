/**
 * What the host may do with the votes of one agenda item (or of one inquiry question's rating), and
 * the requests those controls send. Pure, so every rule about which button shows is tested here:
 * one vote open at a time; a closed vote is not run again unless it was annulled, or tied at a ballot's
 * cut-off; a result kept back is announced once; a count by hand is recorded once.
 */
import type { AgendaItemKind } from '$shared/meeting.schema';
import type { CommandRequest } from '$shared/protocol';
import type { LocalizedText } from '$shared/result';
import type { VoteKind, VoteOutcome, VoteSettings, VoteView } from '$shared/vote.schema';

/** What a vote is held on: an agenda item, or an inquiry question (its answer's rating). */
export interface VoteTarget {
	itemId: string;
	entryId: string | null;
	kind: VoteKind;
}

export type VoteCommand = 'vote:open' | 'vote:close' | 'vote:announce' | 'vote:annul' | 'vote:manual';

const ITEM_VOTE_KINDS: Partial<Record<AgendaItemKind, VoteKind>> = { vote: 'motion', ballot: 'ballot', rating: 'rating' };

/** The kind of vote an agenda item is held by, or null for items that are not voted on. */
export function voteKindOfItem(kind: AgendaItemKind): VoteKind | null {
	return ITEM_VOTE_KINDS[kind] ?? null;
}

/** The votes held on `target`, newest first (`votes` is in the order opened). */
export function votesOn(votes: readonly VoteView[], target: Pick<VoteTarget, 'itemId' | 'entryId'>): VoteView[] {
	return votes.filter((v) => v.itemId === target.itemId && v.entryId === target.entryId).reverse();
}

/** The result that counts: a count by hand replaces the electronic one. */
export function shownOutcome(vote: VoteView): VoteOutcome | undefined {
	return vote.manual ?? vote.outcome;
}

export interface VoteControls {
	/** Open the first vote on the target. */
	open: boolean;
	/** Run an annulled vote again. */
	rerun: boolean;
	close: boolean;
	announce: boolean;
	manual: boolean;
	annul: boolean;
	/** The candidates tied at the cut-off, for a re-vote among them; null when there is none to hold. */
	rerunTied: string[] | null;
}

/**
 * The controls for the target whose newest vote is `latest` (undefined: none yet), while `openVote`
 * is open somewhere in the meeting. Nothing opens while another vote is open.
 */
export function controlsOf(latest: VoteView | undefined, openVote: VoteView | undefined): VoteControls {
	const otherOpen = openVote !== undefined && openVote.id !== latest?.id;
	const status = latest?.status;
	const live = status === 'open' || status === 'closed';
	const result = latest && status === 'closed' ? shownOutcome(latest)?.result : undefined;
	const tie = result?.kind === 'ballot' ? result.ballot.tie : null;
	return {
		open: !latest && !otherOpen,
		rerun: status === 'annulled' && !otherOpen,
		close: status === 'open',
		announce: status === 'closed' && !latest!.revealed,
		manual: live && latest!.manual === undefined,
		annul: live,
		rerunTied: tie && !otherOpen ? [...tie.candidateIds] : null
	};
}

/** What the V key does for these controls: open (or re-run) the target's vote, close it, or nothing. */
export function toggleOf(controls: VoteControls): 'open' | 'rerun' | 'close' | null {
	if (controls.close) return 'close';
	if (controls.open) return 'open';
	if (controls.rerun) return 'rerun';
	return null;
}

/** `vote:open` for `target`; a re-run names the vote it replaces and, after a tie, the tied candidates. */
export function openRequest(target: VoteTarget, settings: VoteSettings, rerun?: { of: string; candidateIds?: readonly string[] }): CommandRequest<'vote:open'> {
	const request: CommandRequest<'vote:open'> = { itemId: target.itemId, settings };
	if (target.entryId !== null) request.entryId = target.entryId;
	if (rerun) {
		request.rerunOf = rerun.of;
		if (rerun.candidateIds) request.candidateIds = [...rerun.candidateIds];
	}
	return request;
}

/**
 * The candidates a re-run of an annulled ballot stands: the same few, if it was itself a re-vote among
 * tied candidates (it stood fewer than the first vote on the item, which stood them all); else all.
 */
export function rerunCandidates(annulled: VoteView, first: VoteView): string[] | undefined {
	if (annulled.kind !== 'ballot' || annulled.candidates.length >= first.candidates.length) return undefined;
	return annulled.candidates.map((c) => c.id);
}

/**
 * Whether a vote command's change has reached this console's list of votes (so the next key press
 * acts on what the host now sees). `voteId`: the vote acted on, or the one just opened.
 */
export function hasLanded(command: VoteCommand, voteId: string, votes: readonly VoteView[]): boolean {
	const vote = votes.find((v) => v.id === voteId);
	if (!vote) return false;
	switch (command) {
		case 'vote:open':
			return true;
		case 'vote:close':
			return vote.status !== 'open';
		case 'vote:announce':
			return vote.announcedAt !== null || vote.status === 'annulled';
		case 'vote:annul':
			return vote.status === 'annulled';
		case 'vote:manual':
			return vote.manual !== undefined || vote.status === 'annulled';
	}
}

/** The settings form as typed: the duration is text until it is checked. */
export interface SettingsDraft {
	anonymous: boolean;
	press: VoteSettings['press'];
	/** Seconds; blank for no time limit. */
	duration: string;
	reveal: VoteSettings['reveal'];
	ratingBasis: VoteSettings['ratingBasis'];
}

/** The form filled with `settings` (a vote being run again), or with the defaults. */
export function draftOf(settings?: VoteSettings): SettingsDraft {
	return {
		anonymous: settings?.anonymous ?? true,
		press: settings?.press ?? 'first',
		duration: settings?.durationSeconds ? String(settings.durationSeconds) : '',
		reveal: settings?.reveal ?? 'at-close',
		ratingBasis: settings?.ratingBasis ?? 'all-members'
	};
}

export const DURATION_MIN_SECONDS = 10;
export const DURATION_MAX_SECONDS = 3600;

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: LocalizedText };

/** The settings to open a vote with, or why the form cannot be sent. */
export function settingsOf(draft: SettingsDraft): Checked<VoteSettings> {
	const text = draft.duration.trim();
	let durationSeconds: number | null = null;
	if (text !== '') {
		durationSeconds = /^\d+$/.test(text) ? Number(text) : Number.NaN;
		if (!(durationSeconds >= DURATION_MIN_SECONDS && durationSeconds <= DURATION_MAX_SECONDS)) {
			return {
				ok: false,
				reason: {
					zh: `限时须为 ${DURATION_MIN_SECONDS}–${DURATION_MAX_SECONDS} 秒的整数；留空为不限时。`,
					en: `The time limit is a whole number of seconds, ${DURATION_MIN_SECONDS}–${DURATION_MAX_SECONDS}; leave it blank for none.`
				}
			};
		}
	}
	return { ok: true, value: { anonymous: draft.anonymous, press: draft.press, durationSeconds, reveal: draft.reveal, ratingBasis: draft.ratingBasis } };
}

export type ManualCounts = CommandRequest<'vote:manual'>['counts'];

/** What a hand count needs to know of its vote. */
export interface CountedVote {
	kind: VoteKind;
	candidates: readonly { id: string; name: string }[];
	members: number;
}

export interface ManualField {
	/** The draft's key: `yes`, `basically-satisfied`, or `<candidateId>:yes` on a ballot. */
	key: string;
	choice: 'yes' | 'no' | 'abstain' | 'satisfied' | 'basically-satisfied' | 'unsatisfied';
	candidateId?: string;
}

const MOTION_FIELDS = ['yes', 'no', 'abstain'] as const;
const RATING_FIELDS = ['satisfied', 'basically-satisfied', 'unsatisfied', 'abstain'] as const;

/** The counts a hand count of `vote` asks for. */
export function manualFields(vote: Omit<CountedVote, 'members'>): ManualField[] {
	switch (vote.kind) {
		case 'motion':
			return MOTION_FIELDS.map((choice) => ({ key: choice, choice }));
		case 'rating':
			return RATING_FIELDS.map((choice) => ({ key: choice, choice }));
		case 'ballot':
			return vote.candidates.flatMap((c) => MOTION_FIELDS.map((choice) => ({ key: `${c.id}:${choice}`, choice, candidateId: c.id })));
	}
}

export const REASON_MIN = 2;
export const REASON_MAX = 300;

/** A reason for annulling or counting by hand, trimmed, or why it will not do. */
export function reasonOf(text: string): Checked<string> {
	const reason = text.trim();
	if (reason.length < REASON_MIN || reason.length > REASON_MAX) {
		return { ok: false, reason: { zh: `请写明原因（${REASON_MIN}–${REASON_MAX} 字）。`, en: `Give the reason (${REASON_MIN}–${REASON_MAX} characters).` } };
	}
	return { ok: true, value: reason };
}

/**
 * The counts typed into the hand-count form (blank counts as 0), shaped for `vote:manual`, or what is
 * wrong with them: each a whole number, and no more ballots than members (per candidate on a ballot).
 */
export function manualCounts(vote: CountedVote, draft: Readonly<Record<string, string>>): Checked<ManualCounts> {
	const n: Record<string, number> = {};
	for (const field of manualFields(vote)) {
		const text = (draft[field.key] ?? '').trim();
		if (text !== '' && !/^\d+$/.test(text)) return { ok: false, reason: { zh: '票数须为不小于 0 的整数。', en: 'Counts are whole numbers, 0 or more.' } };
		n[field.key] = text === '' ? 0 : Number(text);
	}
	const tooMany = (sum: number): Checked<never> => ({
		ok: false,
		reason: { zh: `合计 ${sum} 票，超过全体组成人员 ${vote.members} 人。`, en: `${sum} votes exceed the ${vote.members} members.` }
	});
	switch (vote.kind) {
		case 'motion': {
			const sum = n.yes! + n.no! + n.abstain!;
			return sum > vote.members ? tooMany(sum) : { ok: true, value: { yes: n.yes!, no: n.no!, abstain: n.abstain! } };
		}
		case 'rating': {
			const sum = n.satisfied! + n['basically-satisfied']! + n.unsatisfied! + n.abstain!;
			if (sum > vote.members) return tooMany(sum);
			return { ok: true, value: { satisfied: n.satisfied!, basicallySatisfied: n['basically-satisfied']!, unsatisfied: n.unsatisfied!, abstain: n.abstain! } };
		}
		case 'ballot': {
			const candidates: Record<string, { yes: number; no: number; abstain: number }> = {};
			for (const c of vote.candidates) {
				const counts = { yes: n[`${c.id}:yes`]!, no: n[`${c.id}:no`]!, abstain: n[`${c.id}:abstain`]! };
				const sum = counts.yes + counts.no + counts.abstain;
				if (sum > vote.members) {
					return { ok: false, reason: { zh: `“${c.name}”合计 ${sum} 票，超过全体组成人员 ${vote.members} 人。`, en: `"${c.name}" has ${sum} votes, more than the ${vote.members} members.` } };
				}
				candidates[c.id] = counts;
			}
			return { ok: true, value: { candidates } };
		}
	}
}
