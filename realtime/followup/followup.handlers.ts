/**
 * Follow-up tracking on a socket: `followup:watch` lists the items and joins the rooms that hear of
 * changes (everyone: the board is public, the public without the files) and of notifications meant for
 * the watcher (the clerks, a department, an asker). Steps of an item's lifecycle go over REST.
 */
import { FollowupWatchSchema } from '../../shared/followup.schema';
import type { FollowupNotice } from '../../shared/followup.schema';
import { type AppServer, type AppSocket, onCommand } from '../socket/socket.server';
import type { FollowupService, FollowupViews } from './followup.service';

export const followupRooms = {
	/** Watchers who see items whole: staff, departments, deputies. */
	concerned: () => 'followups:concerned',
	/** Watchers who see the disclosure: the public and wall screens. */
	public: () => 'followups:public',
	/** Notifications to one recipient ('clerk', `department:<name>`, `member:<id>`). */
	recipient: (recipient: string) => `followups:to:${recipient}`
} as const;

export function registerFollowupHandlers(socket: AppSocket, followups: FollowupService): void {
	onCommand(socket, 'followup:watch', FollowupWatchSchema, async () => {
		const { role, principal } = socket.data;
		const actor = principal ? await followups.actorOf(principal) : null;
		const recipients = principal ? await followups.recipientsFor(principal) : [];
		const audience = role === 'public' || role === 'screen' ? followupRooms.public() : followupRooms.concerned();
		await socket.join([audience, ...recipients.map(followupRooms.recipient)]);
		return {
			items: await followups.list(role),
			me: { department: actor?.department ?? null, memberId: actor?.memberId ?? null },
			clockOffsetMs: await followups.clock.offset()
		};
	});
}

/** Sends a changed item to every watcher, as each audience sees it, and its notification to those it is meant for. */
export function followupBroadcaster(io: AppServer): (item: FollowupViews | null, notice: FollowupNotice) => void {
	return (item, notice) => {
		if (item) {
			io.to(followupRooms.concerned()).emit('followup:changed', item.full);
			io.to(followupRooms.public()).emit('followup:changed', item.public);
		}
		if (notice.to.length > 0) io.to(notice.to.map(followupRooms.recipient)).emit('followup:notice', notice);
	};
}
