/**
 * A meeting as this client sees it: joined on every (re)connection, so a screen that comes back after
 * a drop or a server restart shows the current state at once, without a reload.
 */
import type { MeetingView } from '$shared/meeting.view';
import type { AppError } from '$shared/result';
import type { Role } from '$shared/roles';
import type { LiveConnection } from './live-connection.svelte';

export class LiveMeeting {
	view = $state<MeetingView | null>(null);
	error = $state<AppError | null>(null);

	constructor(
		readonly connection: LiveConnection,
		readonly meetingId: string
	) {
		connection.onConnect(() => void this.join());
		connection.socket.on('meeting:changed', (change) => {
			if (change.meetingId === this.meetingId && change.version !== this.view?.version) void this.join();
		});
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
		} else {
			this.error = result.error;
		}
	}
}
