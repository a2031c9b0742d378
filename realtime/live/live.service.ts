/**
 * Running a meeting: each command is computed by the shared rules from the state read from Redis and
 * saved only if that state is still current (compare-and-set on the live version). If another console
 * changed the meeting in between, the command is recomputed from the new state, where the rules
 * themselves refuse a step whose starting phase has gone ("already changed").
 */
import { randomBytes } from 'node:crypto';
import type { Principal } from '../../shared/identity.schema';
import type { LiveAck } from '../../shared/live.schema';
import { type LiveCommand, applyLive } from '../../shared/live.rules';
import { type LiveView, type LiveViewSource, liveViewFor } from '../../shared/live.view';
import type { Meeting, Member } from '../../shared/meeting.schema';
import { CommandError } from '../../shared/result';
import type { Role } from '../../shared/roles';
import { actorOf } from '../meeting/meeting.service';
import type { MeetingRepository } from '../meeting/meeting.repository';
import type { LiveRepository, RollMode } from './live.repository';

/** Compare-and-set attempts before a command gives up on a meeting that keeps changing under it. */
const MAX_ATTEMPTS = 8;

export class LiveService {
	/** Told after every saved live change, so the rooms can be sent the new state. */
	onChanged: (meetingId: string) => void = () => {};
	/** Told once the host has closed a session (its follow-up items are then created). */
	onClosed: (meetingId: string) => void = () => {};
	/** The votes still open in a meeting (the vote service's): a session does not close under one. */
	openVotes: (meetingId: string) => Promise<string[]> = async () => [];

	constructor(
		private readonly repo: LiveRepository,
		private readonly meetings: MeetingRepository,
		private readonly now: () => number
	) {}

	async #plan(meetingId: string): Promise<{ meeting: Meeting; members: Member[] }> {
		const record = await this.meetings.getMeeting(meetingId);
		if (!record) throw new CommandError('NOT_FOUND', { zh: '找不到该会议，可能已被删除。', en: 'No such meeting; it may have been removed.' });
		return { meeting: record.meeting, members: await this.meetings.listMembers(record.meeting.bodyId) };
	}

	/** Everything a live snapshot is built from, read now. */
	async source(meetingId: string): Promise<LiveViewSource> {
		const [{ meeting, members }, live] = await Promise.all([this.#plan(meetingId), this.repo.get(meetingId)]);
		return { meeting, members, state: live.state, roll: live.roll, version: live.version };
	}

	async view(meetingId: string, role: Role, principal: Principal | null): Promise<LiveView> {
		return liveViewFor(await this.source(meetingId), role, principal);
	}

	/** Applies a command of the host (or a deputy's request) and says at which live version it was saved. */
	async run(meetingId: string, principal: Principal, command: LiveCommand): Promise<LiveAck> {
		const { meeting, members } = await this.#plan(meetingId);
		for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			const live = await this.repo.get(meetingId);
			const outcome = applyLive(live.state, command, { meeting, members, roll: live.roll, now: this.now() });
			if (!outcome.ok) throw new CommandError(outcome.error.code, outcome.error.message);
			const saved = await this.repo.save(meetingId, outcome.state, live.version, actorOf(principal), outcome.action, outcome.data);
			if (saved.saved) {
				this.onChanged(meetingId);
				if (command.type === 'meeting-close') this.onClosed(meetingId);
				return { version: saved.version };
			}
		}
		throw new CommandError('CONFLICT', {
			zh: '会议状态正在被频繁更改，本次操作未执行，请稍后重试。',
			en: 'The meeting is changing too fast; this was not applied. Try again in a moment.'
		});
	}

	/** The host closes the session (闭幕): refused while a vote is open or a question runs. */
	async closeSession(meetingId: string, principal: Principal): Promise<LiveAck> {
		if ((await this.openVotes(meetingId)).length > 0) {
			throw new CommandError('CONFLICT', { zh: '还有表决未结束，请先结束表决再闭幕。', en: 'A vote is still open; close it before closing the session.' });
		}
		return this.run(meetingId, principal, { type: 'meeting-close' });
	}

	/** A deputy's request to ask: the server names it. */
	async raise(meetingId: string, principal: Principal, request: { itemId: string; topic: string; respondentIds: string[]; text: string }): Promise<LiveAck & { requestId: string }> {
		const requestId = randomBytes(6).toString('base64url');
		const ack = await this.run(meetingId, principal, { type: 'request-raise', memberId: principal.subjectId, requestId, ...request });
		return { ...ack, requestId };
	}

	/** Signs a deputy in from their tablet, or (staff) signs a member in late or records a departure. */
	async roll(meetingId: string, principal: Principal, memberId: string, mode: RollMode): Promise<LiveAck> {
		const { members } = await this.#plan(meetingId);
		const member = members.find((m) => m.id === memberId && !m.retired);
		if (!member) throw new CommandError('NOT_FOUND', { zh: '该代表不在本届名单中。', en: 'That member is not on the current roster.' });
		const action = mode === 'depart' ? 'roll.departed' : mode === 'self' ? 'roll.signed-in' : 'roll.signed-in-late';
		const outcome = await this.repo.roll(meetingId, memberId, mode, this.now(), actorOf(principal), action, { memberId });
		if (outcome.written) {
			this.onChanged(meetingId);
			return { version: outcome.version };
		}
		switch (outcome.reason) {
			case 'unchanged':
				return { version: outcome.version! };
			case 'closed':
				throw new CommandError('CONFLICT', { zh: '签到尚未开始或已经结束，请联系工作人员补签。', en: 'Sign-in is not open; ask a clerk to sign you in.' });
			case 'present':
				throw new CommandError('CONFLICT', { zh: `${member.name}已签到。`, en: `${member.name} is already signed in.` });
			case 'absent':
				throw new CommandError('CONFLICT', { zh: `${member.name}未签到或已离会。`, en: `${member.name} is not signed in, or has already left.` });
		}
	}
}
