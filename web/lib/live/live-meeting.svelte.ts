/**
 * A meeting as this client sees it: joined on every (re)connection, so a screen that comes back after
 * a drop or a server restart shows the current state at once, without a reload.
 */
import type { LiveView } from '$shared/live.view';
import type { VoteView } from '$shared/vote.schema';
import type { MeetingView } from '$shared/meeting.view';
import type { AppError, Result } from '$shared/result';
import type { ClientToServerEvents, CommandReply, CommandRequest } from '$shared/protocol';
import type { Role } from '$shared/roles';
import type { LiveConnection } from './live-connection.svelte';

export class LiveMeeting {
	view = $state<MeetingView | null>(null);
	/** The running meeting: sign-in, the current item, the queue, the current question and its clock. */
	live = $state<LiveView | null>(null);
	/** Every vote of the meeting, in the order opened, as this role may see it. */
	votes = $state<VoteView[]>([]);
	error = $state<AppError | null>(null);

	constructor(
		readonly connection: LiveConnection,
		readonly meetingId: string
	) {
		connection.onConnect(() => void this.join());
		connection.socket.on('meeting:changed', (change) => {
			if (change.meetingId === this.meetingId && change.version !== this.view?.version) void this.join();
		});
		connection.socket.on('live:state', (state) => {
			// Broadcasts can cross a sync's answer: keep whichever is newer.
			if (state.meetingId === this.meetingId && state.version >= (this.live?.version ?? -1)) this.live = state;
		});
		connection.socket.on('vote:state', (vote) => {
			if (vote.meetingId !== this.meetingId) return;
			const at = this.votes.findIndex((v) => v.id === vote.id);
			// Views of one vote can cross a sync's answer: an older one never replaces a newer.
			if (at >= 0 && this.votes[at]!.version > vote.version) return;
			// A broadcast is for the whole role; a deputy's own "voted" comes from their cast and their sync.
			const voted = at >= 0 ? this.votes[at]!.voted : undefined;
			const next = voted === undefined || vote.voted !== undefined ? vote : { ...vote, voted };
			this.votes = at >= 0 ? this.votes.map((v, i) => (i === at ? next : v)) : [...this.votes, next];
		});
		connection.socket.on('vote:turnout', (turnout) => {
			if (turnout.meetingId !== this.meetingId) return;
			// A vote this client has not heard of: it missed the opening, so it catches up.
			if (!this.votes.some((v) => v.id === turnout.voteId)) {
				void this.sync();
				return;
			}
			this.votes = this.votes.map((v) => (v.id === turnout.voteId && v.status === 'open' ? { ...v, turnout: { voted: turnout.voted, present: turnout.present } } : v));
		});
	}

	/**
	 * Sends a live command for this meeting. Its effect arrives as `live:state` with everyone else's;
	 * the answer says whether it was taken, or why not (already changed, not signed in…).
	 */
	command<E extends keyof ClientToServerEvents>(event: E, payload: CommandRequest<E>): Promise<Result<CommandReply<E>>> {
		return this.connection.command(event, payload);
	}

	/**
	 * This device is not (or no longer) `role` for this meeting: it has no such session, or its
	 * session is for another body or meeting. It should pair or log in again. False while connecting.
	 */
	notSignedInAs(role: Role): boolean {
		if (this.error) return this.error.code === 'UNAUTHENTICATED' || this.error.code === 'FORBIDDEN';
		return this.view !== null && this.view.role !== role;
	}

	async join(): Promise<void> {
		const result = await this.connection.command('meeting:join', { meetingId: this.meetingId });
		if (result.ok) {
			this.view = result.data;
			this.error = null;
			await this.sync();
		} else {
			this.error = result.error;
		}
	}

	/** Fetches the live snapshot and the votes (after joining, or to catch up). */
	async sync(): Promise<void> {
		const [result, votes] = await Promise.all([this.connection.command('live:sync', {}), this.connection.command('vote:sync', {})]);
		if (result.ok && result.data.version >= (this.live?.version ?? -1)) this.live = result.data;
		if (votes.ok) this.votes = votes.data;
	}

	/** The vote open now, if any (one at a time). */
	get openVote(): VoteView | undefined {
		return this.votes.find((v) => v.status === 'open');
	}

	/** Marks a vote as voted by this deputy, from their cast's answer. */
	markVoted(voteId: string, voted: number): void {
		this.votes = this.votes.map((v) => (v.id === voteId ? { ...v, voted: true, turnout: { ...v.turnout, voted: Math.max(v.turnout.voted, voted) } } : v));
	}
}
