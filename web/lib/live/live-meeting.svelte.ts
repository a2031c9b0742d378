/**
 * A meeting as this client sees it: joined on every (re)connection, so a screen that comes back after
 * a drop or a server restart shows the current state at once, without a reload.
 */
import type { LiveView } from '$shared/live.view';
import type { MeetingView } from '$shared/meeting.view';
import type { AppError, Result } from '$shared/result';
import type { ClientToServerEvents, CommandReply, CommandRequest } from '$shared/protocol';
import type { Role } from '$shared/roles';
import type { LiveConnection } from './live-connection.svelte';

export class LiveMeeting {
	view = $state<MeetingView | null>(null);
	/** The running meeting: sign-in, the current item, the queue, the current question and its clock. */
	live = $state<LiveView | null>(null);
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

	/** Fetches the live snapshot (after joining, or to catch up). */
	async sync(): Promise<void> {
		const result = await this.connection.command('live:sync', {});
		if (result.ok && result.data.version >= (this.live?.version ?? -1)) this.live = result.data;
	}
}
