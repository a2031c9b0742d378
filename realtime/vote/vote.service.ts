/**
 * Votes: opening one on an agenda item (or on an inquiry question, to rate its answer), casting,
 * closing by the host or at the deadline (a BullMQ delayed job, so it closes even if this process
 * dies), computing the result with the shared rules, announcing, recording a count by hand, annulling.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuditActor } from '../../shared/audit.rules';
import type { Principal } from '../../shared/identity.schema';
import { PAIRING_CODE_ALPHABET } from '../../shared/identity.schema';
import { isPresent, queueOf } from '../../shared/live.rules';
import type { Meeting, Member } from '../../shared/meeting.schema';
import { CommandError, type LocalizedText } from '../../shared/result';
import { type Role, STAFF_ROLES } from '../../shared/roles';
import {
	type VoteCastReply,
	type VoteChoice,
	type VoteOutcome,
	type VoteRecord,
	type VoteResult,
	type VoteSettings,
	type VoteTurnout,
	type VoteView,
	VoteSettingsSchema
} from '../../shared/vote.schema';
import { MOTION_CHOICES, ballotResult, ballotValidity, motionResult, ratingResult, ratingValidity } from '../../shared/vote.rules';
import type { LiveRepository } from '../live/live.repository';
import type { MeetingRepository } from '../meeting/meeting.repository';
import { actorOf } from '../meeting/meeting.service';
import type { Ballots, VoteRepository, VoteState } from './vote.repository';

const SYSTEM: AuditActor = { role: 'system', id: 'vote-deadline' };

const CAST_REFUSALS: Record<string, [ErrorCodeOf, LocalizedText]> = {
	missing: ['NOT_FOUND', { zh: '找不到该表决。', en: 'No such vote.' }],
	closed: ['CONFLICT', { zh: '表决已经结束，本次按键未计入。', en: 'The vote has closed; this press was not counted.' }],
	absent: ['FORBIDDEN', { zh: '您尚未签到（或已离会），不能表决；请联系工作人员。', en: 'You are not signed in (or have left), so you cannot vote; ask a clerk.' }],
	first: ['CONFLICT', { zh: '您已表决；本次表决以第一次按键为准。', en: 'You have already voted; the first press counts in this vote.' }],
	lost: ['CONFLICT', { zh: '本平板没有您先前的选票，无法更改；先前的选择仍然有效。', en: 'This tablet does not hold your earlier ballot, so it cannot be changed; your earlier choice stands.' }],
	clash: ['CONFLICT', { zh: '回执码冲突，请重新按键。', en: 'Receipt clash; press again.' }],
	key: ['CONFLICT', { zh: '本次按键的编号已被使用，请重新按键。', en: 'This press’s key was already used; press again.' }]
};
type ErrorCodeOf = ConstructorParameters<typeof CommandError>[0];

/** A receipt a person can read out: 10 characters of the confusion-free pairing alphabet. */
export function receiptOf(voteId: string, secret: string): string {
	const digest = createHash('sha256').update(`${voteId}:${secret}`).digest();
	let out = '';
	for (let i = 0; i < 10; i++) out += PAIRING_CODE_ALPHABET[digest[i]! % PAIRING_CODE_ALPHABET.length];
	return out;
}

/** The tally fields a choice moves, or why it is not a valid ballot for this vote. */
function tallyFields(vote: VoteRecord, choice: VoteChoice): string[] | LocalizedText {
	switch (vote.kind) {
		case 'motion':
			return typeof choice === 'string' && (MOTION_CHOICES as readonly string[]).includes(choice)
				? [choice]
				: { zh: '表决请选择赞成、反对或弃权。', en: 'A motion takes yes, no or abstain.' };
		case 'rating': {
			const valid = typeof choice === 'string' ? ratingValidity([choice]) : ratingValidity([]);
			return valid.ok ? [choice as string] : valid.reason;
		}
		case 'ballot': {
			if (typeof choice !== 'object') return { zh: '票决请对每个候选项目表态。', en: 'A project ballot marks each candidate.' };
			const valid = ballotValidity(choice.marks, vote.candidates.map((c) => c.id), vote.seats ?? 0);
			return valid.ok ? vote.candidates.map((c) => `${c.id}:${choice.marks[c.id]}`) : valid.reason;
		}
	}
}

export function outcomeOf(vote: VoteRecord, ballots: Ballots, present: number): VoteOutcome {
	const t = (field: string) => ballots.tally[field] ?? 0;
	let result: VoteResult;
	switch (vote.kind) {
		case 'motion':
			result = { kind: 'motion', motion: motionResult({ yes: t('yes'), no: t('no'), abstain: t('abstain') }, vote.members, present, vote.passing) };
			break;
		case 'rating':
			result = {
				kind: 'rating',
				rating: ratingResult(
					{ satisfied: t('satisfied'), basicallySatisfied: t('basically-satisfied'), unsatisfied: t('unsatisfied'), abstain: t('abstain') },
					vote.settings.ratingBasis,
					vote.members,
					present
				)
			};
			break;
		case 'ballot':
			result = {
				kind: 'ballot',
				ballot: ballotResult(
					vote.candidates.map((c) => ({ id: c.id, yes: t(`${c.id}:yes`), no: t(`${c.id}:no`), abstain: t(`${c.id}:abstain`) })),
					vote.seats ?? 1,
					vote.members
				)
			};
			break;
	}
	const outcome: VoteOutcome = {
		result,
		present,
		voted: ballots.voted,
		receipts: ballots.choices.map((c) => ({ receipt: c.receipt, choice: JSON.parse(c.choiceJson) as VoteChoice }))
	};
	if (!vote.settings.anonymous) {
		outcome.named = Object.entries(ballots.named)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([memberId, choice]) => ({ memberId, choice: JSON.parse(choice) as VoteChoice }));
	}
	return outcome;
}

export class VoteService {
	/** Told when a vote opens, closes, is announced or annulled: every screen gets the new view at once. */
	onChanged: (meetingId: string, voteId: string) => void = () => {};
	/** Told after each cast, for the turnout (coalesced by the broadcaster). */
	onCast: (meetingId: string, voteId: string) => void = () => {};
	/** Schedules the close at the deadline; the server sets it to a BullMQ delayed job. */
	scheduleClose: (meetingId: string, voteId: string, at: number) => Promise<void> = async () => {};
	/** After an anonymous vote closes: asks Redis to rewrite its append-only file, so no history of commands
	 * on disk keeps the order of casts. Best effort; the server sets it. */
	compact: () => Promise<void> = async () => {};

	constructor(
		private readonly repo: VoteRepository,
		private readonly meetings: MeetingRepository,
		private readonly live: LiveRepository,
		private readonly now: () => number
	) {}

	async #plan(meetingId: string): Promise<{ meeting: Meeting; members: Member[] }> {
		const record = await this.meetings.getMeeting(meetingId);
		if (!record) throw new CommandError('NOT_FOUND', { zh: '找不到该会议。', en: 'No such meeting.' });
		return { meeting: record.meeting, members: await this.meetings.listMembers(record.meeting.bodyId) };
	}

	async #vote(meetingId: string, voteId: string): Promise<VoteRecord> {
		const vote = await this.repo.get(voteId);
		if (!vote || vote.meetingId !== meetingId) throw new CommandError('NOT_FOUND', { zh: '本会议没有这次表决。', en: 'This meeting has no such vote.' });
		return vote;
	}

	async open(
		meetingId: string,
		principal: Principal,
		request: { itemId: string; entryId?: string | undefined; settings: Partial<VoteSettings>; rerunOf?: string | undefined; candidateIds?: string[] | undefined }
	): Promise<{ voteId: string }> {
		const { meeting, members } = await this.#plan(meetingId);
		if ((await this.live.get(meetingId)).state.closedAt) throw new CommandError('CONFLICT', { zh: '会议已闭幕，不能再开始表决。', en: 'The session is closed; no more votes.' });
		const item = meeting.agenda.find((i) => i.id === request.itemId);
		if (!item) throw new CommandError('NOT_FOUND', { zh: '议程中没有这一项。', en: 'No such agenda item.' });
		const current = members.filter((m) => !m.retired).length;
		const settings = VoteSettingsSchema.parse(request.settings);
		const base = { meetingId, itemId: item.id, entryId: null as string | null, settings, rerunOf: request.rerunOf ?? null, members: current, passing: meeting.rules.passing };
		let vote: Omit<VoteRecord, 'id' | 'openedAt' | 'deadline'>;
		if (item.kind === 'vote') {
			vote = { ...base, kind: 'motion', title: item.title, subject: item.motion, candidates: [], seats: null };
		} else if (item.kind === 'ballot') {
			const standing = request.candidateIds ? item.candidates.filter((c) => request.candidateIds!.includes(c.id)) : item.candidates;
			if (standing.length < 2) throw new CommandError('BAD_REQUEST', { zh: '重新票决至少需要两个候选项目。', en: 'A re-vote needs at least two candidates.' });
			// A re-vote among the tied fills only the seats the tie left open.
			const earlier = request.candidateIds && request.rerunOf ? (await this.repo.state(request.rerunOf)).outcome?.result : undefined;
			const left = earlier?.kind === 'ballot' ? earlier.ballot.tie?.seats : undefined;
			const seats = request.candidateIds ? Math.min(left ?? item.seats, standing.length - 1) : item.seats;
			vote = { ...base, kind: 'ballot', title: item.title, subject: item.title, candidates: standing.map((c) => ({ id: c.id, name: c.name })), seats };
		} else if (item.kind === 'rating') {
			vote = { ...base, kind: 'rating', title: item.title, subject: item.subject, candidates: [], seats: null };
		} else if (item.kind === 'inquiry' && request.entryId) {
			const { state } = await this.live.get(meetingId);
			const entry = queueOf(state, meeting, item.id).find((e) => e.id === request.entryId);
			if (!entry) throw new CommandError('NOT_FOUND', { zh: '该询问中没有这个问题。', en: 'No such question in this inquiry.' });
			const names = entry.respondentIds.map((id) => meeting.respondents.find((r) => r.id === id)).filter((r) => r !== undefined);
			const subject = `${entry.topic}（${names.map((r) => `${r.department}${r.name}`).join('、')}的答复）`;
			vote = { ...base, entryId: entry.id, kind: 'rating', title: `满意度测评：${entry.topic}`, subject, candidates: [], seats: null };
		} else {
			throw new CommandError('BAD_REQUEST', { zh: '这一议程不能表决；测评答复请指定问题。', en: 'This item cannot be voted on; to rate an answer, name the question.' });
		}
		const openVotes = await this.#openVotes(meetingId);
		// A close interrupted before its result was stored (a crash) is finished first.
		for (const id of openVotes) {
			const stuck = await this.repo.get(id);
			if (stuck && (await this.repo.state(id)).status === 'closing') await this.close(meetingId, id, 'host', principal);
		}
		openVotes.splice(0, openVotes.length, ...(await this.#openVotes(meetingId)));
		if (openVotes.length > 0) throw new CommandError('CONFLICT', { zh: '另一项表决尚未结束，请先结束它。', en: 'Another vote is still open; close it first.' });
		if (!request.rerunOf && (await this.#decided(meetingId, item.id, vote.entryId))) {
			throw new CommandError('CONFLICT', {
				zh: '该事项已经表决并有结果；如需重新表决，请先将原表决作废。',
				en: 'This has already been voted on; annul that vote first to run it again.'
			});
		}
		const now = this.now();
		const record: VoteRecord = {
			...vote,
			id: `v${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}`,
			openedAt: now,
			deadline: settings.durationSeconds === null ? null : now + settings.durationSeconds * 1000
		};
		if (!(await this.repo.open(record, actorOf(principal)))) throw new CommandError('CONFLICT');
		if (record.deadline !== null) {
			try {
				await this.scheduleClose(meetingId, record.id, record.deadline);
			} catch (err) {
				// A timed vote that would not close by itself must not stay open: it is annulled, and the host told.
				console.error(`[votes] could not schedule the close of ${record.id}:`, err);
				await this.repo.setOnce(record, 'annulled', { reason: '无法安排到时自动结束 could not schedule the close', at: this.now() }, ['open'], SYSTEM, 'vote.annulled', { voteId: record.id });
				this.onChanged(meetingId, record.id);
				throw new CommandError('UNAVAILABLE', { zh: '无法安排表决到时自动结束，本次表决已作废，请重试。', en: 'The automatic close could not be scheduled, so this vote was annulled; try again.' });
			}
		}
		this.onChanged(meetingId, record.id);
		return { voteId: record.id };
	}

	/** Whether this item (or question) already has a vote with a result that stands (closed, not annulled). */
	async #decided(meetingId: string, itemId: string, entryId: string | null): Promise<boolean> {
		for (const id of await this.repo.listIds(meetingId)) {
			const vote = await this.repo.get(id);
			if (!vote || vote.itemId !== itemId || vote.entryId !== entryId) continue;
			if ((await this.repo.state(id)).status === 'closed') return true;
		}
		return false;
	}

	/** Votes still open (or closing) in the meeting: a session cannot close under them. */
	async openVotes(meetingId: string): Promise<string[]> {
		return this.#openVotes(meetingId);
	}

	/** Every vote of the meeting with its stored state, for follow-up items and the record. */
	async records(meetingId: string): Promise<{ vote: VoteRecord; state: VoteState }[]> {
		const ids = await this.repo.listIds(meetingId);
		const votes = (await Promise.all(ids.map((id) => this.repo.get(id)))).filter((v): v is VoteRecord => v !== null);
		return Promise.all(votes.map(async (vote) => ({ vote, state: await this.repo.state(vote.id) })));
	}

	async #openVotes(meetingId: string): Promise<string[]> {
		const ids = await this.repo.listIds(meetingId);
		const states = await Promise.all(ids.map((id) => this.repo.state(id)));
		return ids.filter((_, i) => states[i]!.status === 'open' || states[i]!.status === 'closing');
	}

	async cast(meetingId: string, principal: Principal, request: { voteId: string; key: string; secret: string; choice: VoteChoice }): Promise<VoteCastReply> {
		const vote = await this.#vote(meetingId, request.voteId);
		const fields = tallyFields(vote, request.choice);
		if (!Array.isArray(fields)) throw new CommandError('BAD_REQUEST', fields);
		const choice = vote.kind === 'ballot' && typeof request.choice === 'object' ? { marks: Object.fromEntries(vote.candidates.map((c) => [c.id, request.choice && typeof request.choice === 'object' ? request.choice.marks[c.id] : undefined])) } : request.choice;
		// The key is stored hashed: its order among the others says nothing, whatever the device made it from.
		const keyHash = createHash('sha256').update(`${vote.id}:${request.key}`).digest('base64url').slice(0, 22);
		const outcome = await this.repo.cast(vote, principal.subjectId, keyHash, receiptOf(vote.id, request.secret), fields, JSON.stringify(choice), actorOf(principal));
		if (!outcome.recorded) {
			const [code, message] = CAST_REFUSALS[outcome.reason]!;
			throw new CommandError(code, message);
		}
		if (!outcome.retried) this.onCast(meetingId, vote.id);
		return outcome.reply as VoteCastReply;
	}

	/** Closes a vote (the host, or the deadline job) and stores its outcome; safe to repeat. */
	async close(meetingId: string, voteId: string, by: 'host' | 'deadline', principal: Principal | null): Promise<VoteView> {
		const vote = await this.#vote(meetingId, voteId);
		const closed = await this.repo.close(vote, by, principal ? actorOf(principal) : SYSTEM);
		if (!closed.closed && by === 'host' && closed.status === 'annulled') {
			throw new CommandError('CONFLICT', { zh: '该表决已作废。', en: 'That vote was annulled.' });
		}
		if (!closed.closed && by === 'deadline' && closed.status === 'early') {
			// Not yet: the job runs again (its retry) or the host closes it.
			throw new Error(`vote ${voteId} closed early by the deadline job`);
		}
		const stored = await this.#storeOutcome(vote, principal ? actorOf(principal) : SYSTEM);
		if (closed.closed || stored) {
			this.onChanged(meetingId, voteId);
			if (vote.settings.anonymous) void this.compact().catch(() => {});
		} else if (by === 'host' && closed.status !== 'closed') {
			throw new CommandError('CONFLICT');
		}
		return this.view(vote, 'host', null);
	}

	/** Computes and stores the outcome of a closed vote once (a retry, or another process, finds it there). */
	async #storeOutcome(vote: VoteRecord, actor: AuditActor): Promise<boolean> {
		const state = await this.repo.state(vote.id);
		// A count by hand stands for the vote; the few presses made before the devices failed are no result.
		if (state.status !== 'closing' || state.outcome || state.manual) return false;
		const outcome = outcomeOf(vote, await this.repo.ballots(vote.id), state.present ?? 0);
		const data = { voteId: vote.id, result: outcome.result, voted: outcome.voted, present: outcome.present, receipts: outcome.receipts.length };
		return (await this.repo.setOnce(vote, 'outcome', outcome, ['closing'], actor, 'vote.result', data)).written;
	}

	async announce(meetingId: string, principal: Principal, voteId: string): Promise<void> {
		const vote = await this.#vote(meetingId, voteId);
		const done = await this.repo.setOnce(vote, 'announced', this.now(), ['closed'], actorOf(principal), 'vote.announced', { voteId });
		if (!done.written) throw new CommandError('CONFLICT', done.reason === 'done' ? { zh: '结果已经宣布。', en: 'The result was already announced.' } : { zh: '表决尚未结束，不能宣布结果。', en: 'The vote has not closed; there is nothing to announce yet.' });
		this.onChanged(meetingId, voteId);
	}

	async annul(meetingId: string, principal: Principal, voteId: string, reason: string): Promise<void> {
		const vote = await this.#vote(meetingId, voteId);
		const done = await this.repo.setOnce(vote, 'annulled', { reason, at: this.now() }, ['open', 'closing', 'closed'], actorOf(principal), 'vote.annulled', { voteId, reason });
		if (!done.written) throw new CommandError('CONFLICT', { zh: '该表决已作废。', en: 'That vote was already annulled.' });
		this.onChanged(meetingId, voteId);
	}

	async manual(meetingId: string, principal: Principal, voteId: string, reason: string, counts: Record<string, unknown>): Promise<void> {
		const vote = await this.#vote(meetingId, voteId);
		const tally: Record<string, number> = {};
		const c = counts as Record<string, number> & { candidates?: Record<string, { yes: number; no: number; abstain: number }> };
		if (vote.kind === 'ballot') {
			if (!c.candidates) throw new CommandError('BAD_REQUEST', { zh: '请为每个候选项目填写票数。', en: 'Give the counts for each candidate.' });
			for (const cand of vote.candidates) {
				const n = c.candidates[cand.id];
				if (!n) throw new CommandError('BAD_REQUEST', { zh: `缺少“${cand.name}”的票数。`, en: `Counts for "${cand.name}" are missing.` });
				Object.assign(tally, { [`${cand.id}:yes`]: n.yes, [`${cand.id}:no`]: n.no, [`${cand.id}:abstain`]: n.abstain });
			}
		} else if (vote.kind === 'motion' && 'yes' in c) {
			Object.assign(tally, { yes: c.yes, no: c.no, abstain: c.abstain });
		} else if (vote.kind === 'rating' && 'satisfied' in c) {
			Object.assign(tally, { satisfied: c.satisfied, 'basically-satisfied': c.basicallySatisfied, unsatisfied: c.unsatisfied, abstain: c.abstain });
		} else {
			throw new CommandError('BAD_REQUEST', { zh: '票数的种类与表决不符。', en: 'These counts do not fit this kind of vote.' });
		}
		const voted = vote.kind === 'ballot' ? Math.max(0, ...vote.candidates.map((x) => tally[`${x.id}:yes`]! + tally[`${x.id}:no`]! + tally[`${x.id}:abstain`]!)) : Object.values(tally).reduce((a, b) => a + b, 0);
		if (voted > vote.members) throw new CommandError('BAD_REQUEST', { zh: `票数合计 ${voted} 超过全体组成人员 ${vote.members} 人。`, en: `${voted} votes exceed the ${vote.members} members.` });
		if (vote.kind === 'ballot') {
			const yesMarks = vote.candidates.reduce((sum, x) => sum + tally[`${x.id}:yes`]!, 0);
			if (yesMarks > voted * (vote.seats ?? 1)) throw new CommandError('BAD_REQUEST', { zh: '赞成票合计超过了投票人数乘以应选数。', en: 'More yes marks than voters times seats.' });
		}
		if ((await this.repo.state(vote.id)).status === 'annulled') throw new CommandError('CONFLICT', { zh: '该表决已作废。', en: 'That vote was annulled.' });
		// Counting by hand ends the electronic vote: closed like any other, freezing who was present.
		if ((await this.repo.state(vote.id)).status === 'open') await this.repo.close(vote, 'host', actorOf(principal));
		const state = await this.repo.state(vote.id);
		if (state.status === 'annulled') throw new CommandError('CONFLICT', { zh: '该表决已作废。', en: 'That vote was annulled.' });
		const present = state.present ?? (await this.#present(meetingId));
		let outcome: VoteOutcome;
		try {
			outcome = { ...outcomeOf(vote, { tally, voted, choices: [], named: {} }, Math.max(present, voted)), manual: { reason, at: this.now() } };
		} catch (err) {
			throw new CommandError('BAD_REQUEST', { zh: '票数不合理，请检查。', en: `The counts do not add up: ${(err as Error).message}` });
		}
		const done = await this.repo.setOnce(vote, 'manual', outcome, ['closing', 'closed'], actorOf(principal), 'vote.counted-by-hand', { voteId, reason, result: outcome.result });
		if (!done.written) throw new CommandError('CONFLICT', { zh: '该表决已记录过人工计票，或已作废。', en: 'A count by hand was already recorded for this vote, or it was annulled.' });
		this.onChanged(meetingId, voteId);
	}

	/** Members signed in and not departed: the roll holds only members who signed in. */
	async #present(meetingId: string): Promise<number> {
		return this.live.presentCount(meetingId);
	}

	async turnout(meetingId: string, voteId: string): Promise<VoteTurnout> {
		const [voted, present] = await Promise.all([this.repo.turnout(voteId), this.#present(meetingId)]);
		return { meetingId, voteId, voted, present };
	}

	/** Everything the views of one vote are built from, read once for all roles. */
	async snapshot(meetingId: string, voteId: string): Promise<VoteSnapshot> {
		const vote = await this.#vote(meetingId, voteId);
		const [state, voted] = await Promise.all([this.repo.state(vote.id), this.repo.turnout(vote.id)]);
		return { vote, state, voted, present: state.present ?? (await this.#present(meetingId)) };
	}

	/** What `role` sees of one vote. */
	async view(vote: VoteRecord, role: Role, principal: Principal | null, present?: number): Promise<VoteView> {
		const [state, voted] = await Promise.all([this.repo.state(vote.id), this.repo.turnout(vote.id)]);
		const snapshot = { vote, state, voted, present: state.present ?? present ?? (await this.#present(vote.meetingId)) };
		const view = viewOf(snapshot, role);
		if (role === 'deputy' && principal) view.voted = await this.repo.hasVoted(vote.id, principal.subjectId);
		return view;
	}

	async list(meetingId: string, role: Role, principal: Principal | null): Promise<VoteView[]> {
		const ids = await this.repo.listIds(meetingId);
		const present = await this.#present(meetingId);
		const votes = (await Promise.all(ids.map((id) => this.repo.get(id)))).filter((v): v is VoteRecord => v !== null);
		return Promise.all(votes.map((v) => this.view(v, role, principal, present)));
	}

	async viewById(meetingId: string, voteId: string, role: Role, principal: Principal | null): Promise<VoteView> {
		return this.view(await this.#vote(meetingId, voteId), role, principal);
	}
}

export interface VoteSnapshot {
	vote: VoteRecord;
	state: VoteState;
	voted: number;
	present: number;
}

/**
 * A role's view of a vote, pure. `receipts: false` leaves the receipt list (and the named list) out of
 * a broadcast to those who do not check receipts: a wall needs the result, not 1,000 receipt codes.
 */
export function viewOf(snapshot: VoteSnapshot, role: Role, options: { receipts?: boolean } = {}): VoteView {
	const { vote, state, voted, present } = snapshot;
	// Revealed only once a result is stored: a view taken between the close and the result shows neither.
	const decided = state.outcome !== null || state.manual !== null;
	const revealed = state.status === 'closed' && decided && (vote.settings.reveal === 'at-close' || state.announcedAt !== null || state.manual !== null);
	const view: VoteView = {
		...vote,
		// Closing (no more presses, the result a moment from stored) still reads as open: a closed vote
		// is always shown with its result.
		status: state.status === 'closing' ? 'open' : state.status,
		version: state.version,
		closedAt: state.closedAt,
		closedBy: state.closedBy,
		announcedAt: state.announcedAt,
		annulled: state.annulled,
		turnout: { voted, present },
		revealed
	};
	const staff = (STAFF_ROLES as readonly Role[]).includes(role);
	const trim = (outcome: VoteOutcome): VoteOutcome => {
		if (options.receipts !== false) return outcome;
		const { named: _named, ...rest } = outcome;
		return { ...rest, receipts: [] };
	};
	if (state.outcome && (revealed || staff)) view.outcome = trim(state.outcome);
	if (state.manual && (revealed || staff)) view.manual = trim(state.manual);
	return view;
}
