/**
 * Follow-up tracking on a socket: `followup:watch` lists the items and joins the rooms that hear of
 * changes (everyone: the board is public) and of notifications meant for the watcher (the clerks, a
 * department, an asker). Steps of an item's lifecycle go over REST.
 */
import { FollowupWatchSchema } from '../../shared/followup.schema';
import type { FollowupNotice, FollowupView } from '../../shared/followup.schema';
import { type AppServer, type AppSocket, onCommand } from '../socket/socket.server';
import type { FollowupService } from './followup.service';

export const followupRooms = {
	/** Everyone watching the board. */
	all: () => 'followups',
	/** Notifications to one recipient ('clerk', `department:<name>`, `member:<id>`). */
	recipient: (recipient: string) => `followups:to:${recipient}`
} as const;

export function registerFollowupHandlers(socket: AppSocket, followups: FollowupService): void {
	onCommand(socket, 'followup:watch', FollowupWatchSchema, async () => {
		const { role, principal } = socket.data;
		const actor = principal ? await followups.actorOf(principal) : null;
		const recipients: string[] = [];
		if (role === 'host' || role === 'clerk') recipients.push('clerk');
		if (actor?.department) recipients.push(`department:${actor.department}`);
		if (actor?.memberId) recipients.push(`member:${actor.memberId}`);
		await socket.join([followupRooms.all(), ...recipients.map(followupRooms.recipient)]);
		return {
			items: await followups.list(),
			me: { department: actor?.department ?? null, memberId: actor?.memberId ?? null },
			clockOffsetMs: await followups.clock.offset()
		};
	});
}

/** Sends a changed item to every watcher and its notification to those it is meant for. */
export function followupBroadcaster(io: AppServer): (item: FollowupView | null, notice: FollowupNotice) => void {
	return (item, notice) => {
		if (item) io.to(followupRooms.all()).emit('followup:changed', item);
		if (notice.to.length > 0) io.to(notice.to.map(followupRooms.recipient)).emit('followup:notice', notice);
	};
}
