/**
 * Sends votes to everyone following a meeting: the whole view per role room when a vote opens, closes,
 * is announced or annulled (at once: the wall must show a result the instant the vote closes), and the
 * turnout while it is open, coalesced so a burst of casts costs a few messages a second, not one each.
 */
import { ROLES } from '../../shared/roles';
import { type AppServer, emitInSlices, rooms } from '../socket/socket.server';
import { type VoteService, viewOf } from './vote.service';
import type { Role } from '../../shared/roles';

/** Who is sent the running turnout. */
const TURNOUT_ROLES: readonly Role[] = ['screen', 'public', 'host', 'clerk'];

/** Sent first, and without receipts: the hall's screens and the public. */
const FIRST: readonly Role[] = ['screen', 'public'];

/** At most twice a second: a wall needs no more, and each message is a write to every screen. */
const TURNOUT_EVERY_MS = 500;

export function voteBroadcaster(io: AppServer, votes: VoteService): { changed: (meetingId: string, voteId: string) => void; cast: (meetingId: string, voteId: string) => void } {
	const pending = new Map<string, ReturnType<typeof setTimeout>>();
	const gaps = new Map<string, number>();
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
			// A pause between turnout messages (not a deadline: nothing is lost if it never fires), at least
			// ten times as long as the last one took to send, so the turnout never takes more than a tenth
			// of the server's time from the casts themselves.
			pending.set(
				key,
				setTimeout(() => {
					void votes
						.turnout(meetingId, voteId)
						.then(async (turnout) => {
							// Walls, phones and staff show the running turnout; a tablet has its own from its cast's answer.
							// In slices, so the casts arriving meanwhile are answered between them.
							let busy = 0;
							for (const role of TURNOUT_ROLES) busy += await emitInSlices(io, rooms.meetingRole(meetingId, role), 'vote:turnout', turnout);
							gaps.set(key, Math.max(TURNOUT_EVERY_MS, 10 * busy));
						})
						.catch((err) => console.error(`[votes] turnout of ${voteId} failed:`, err))
						.finally(() => pending.delete(key));
				}, gaps.get(key) ?? TURNOUT_EVERY_MS)
			);
		}
	};
}
