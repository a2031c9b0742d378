/**
 * Sends votes to everyone following a meeting: the whole view per role room when a vote opens, closes,
 * is announced or annulled (at once: the wall must show a result the instant the vote closes), and the
 * turnout while it is open, coalesced so a burst of casts costs a few messages a second, not one each.
 */
import { ROLES } from '../../shared/roles';
import { type AppServer, rooms } from '../socket/socket.server';
import { type VoteService, viewOf } from './vote.service';
import type { Role } from '../../shared/roles';

/** Sent first, and without receipts: the hall's screens and the public. */
const FIRST: readonly Role[] = ['screen', 'public'];

const TURNOUT_EVERY_MS = 200;

export function voteBroadcaster(io: AppServer, votes: VoteService): { changed: (meetingId: string, voteId: string) => void; cast: (meetingId: string, voteId: string) => void } {
	const pending = new Map<string, ReturnType<typeof setTimeout>>();
	/** One broadcast at a time per vote, each reading the state when it runs: a later view never arrives first. */
	const chains = new Map<string, Promise<void>>();

	/**
	 * One read for all roles; the walls and phones first (the result must reach the hall at once) and
	 * without the receipt list, which only deputies check and staff keep.
	 */
	async function sendState(meetingId: string, voteId: string): Promise<void> {
		const snapshot = await votes.snapshot(meetingId, voteId);
		for (const role of FIRST) io.to(rooms.meetingRole(meetingId, role)).emit('vote:state', viewOf(snapshot, role, { receipts: false }));
		for (const role of ROLES.filter((r) => !FIRST.includes(r))) io.to(rooms.meetingRole(meetingId, role)).emit('vote:state', viewOf(snapshot, role));
	}

	return {
		changed(meetingId, voteId) {
			const next = (chains.get(voteId) ?? Promise.resolve())
				.then(() => sendState(meetingId, voteId))
				.catch((err) => console.error(`[votes] broadcast of ${voteId} failed:`, err));
			chains.set(voteId, next);
			void next.then(() => {
				if (chains.get(voteId) === next) chains.delete(voteId);
			});
		},
		cast(meetingId, voteId) {
			const key = `${meetingId}/${voteId}`;
			if (pending.has(key)) return;
			// A pause between turnout messages (not a deadline: nothing is lost if it never fires).
			pending.set(
				key,
				setTimeout(() => {
					pending.delete(key);
					void votes
						.turnout(meetingId, voteId)
						.then((turnout) => io.to(rooms.meeting(meetingId)).emit('vote:turnout', turnout))
						.catch((err) => console.error(`[votes] turnout of ${voteId} failed:`, err));
				}, TURNOUT_EVERY_MS)
			);
		}
	};
}
