/**
 * Sends the live state to everyone following a meeting after each change, filtered per role: one
 * encoding per role room, and one per deputy (who also sees their own roll line and requests).
 * Changes that arrive while a broadcast is being built are coalesced into one more broadcast of the
 * newest state, so a burst of sign-ins costs a few broadcasts, not hundreds, and none is left stale.
 */
import { type LiveViewSource, liveViewFor } from '../../shared/live.view';
import { ROLES } from '../../shared/roles';
import { type AppServer, rooms } from '../socket/socket.server';

export function liveBroadcaster(io: AppServer, source: (meetingId: string) => Promise<LiveViewSource>): (meetingId: string) => void {
	/** Meetings with a broadcast under way; true when another change came in meanwhile. */
	const busy = new Map<string, boolean>();

	async function send(meetingId: string): Promise<void> {
		const snapshot = await source(meetingId);
		for (const role of ROLES) {
			if (role === 'deputy') continue;
			io.to(rooms.meetingRole(meetingId, role)).emit('live:state', liveViewFor(snapshot, role, null));
		}
		for (const socket of await io.in(rooms.meetingRole(meetingId, 'deputy')).fetchSockets()) {
			socket.emit('live:state', liveViewFor(snapshot, 'deputy', socket.data.principal));
		}
	}

	async function drain(meetingId: string): Promise<void> {
		try {
			do {
				busy.set(meetingId, false);
				await send(meetingId);
			} while (busy.get(meetingId));
		} catch (err) {
			// Clients resynchronise on their next change or reconnect; the state itself is safe in Redis.
			console.error(`[live] broadcast for ${meetingId} failed:`, err);
		} finally {
			busy.delete(meetingId);
		}
	}

	return (meetingId) => {
		if (busy.has(meetingId)) {
			busy.set(meetingId, true);
			return;
		}
		void drain(meetingId);
	};
}
