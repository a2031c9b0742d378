/**
 * A meeting as this client sees it: joined on every (re)connection, so a screen that comes back after
 * a drop or a server restart shows the current state at once, without a reload.
 */
import type { MeetingView } from '$shared/meeting.view';
import type { AppError } from '$shared/result';
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
