/** The vote commands on a socket: each acts on the meeting the connection joined. */
import type { Principal } from '../../shared/identity.schema';
import {
	VoteAnnounceSchema,
	VoteAnnulSchema,
	VoteCastSchema,
	VoteCloseSchema,
	VoteManualSchema,
	VoteOpenSchema,
	VoteSyncSchema
} from '../../shared/vote.schema';
import { type AppSocket, joinedMeeting, onCommand } from '../socket/socket.server';
import type { VoteService } from './vote.service';

export function registerVoteHandlers(socket: AppSocket, votes: VoteService): void {
	const meeting = (): string => joinedMeeting(socket);
	const who = (): Principal => socket.data.principal!;

	onCommand(socket, 'vote:sync', VoteSyncSchema, () => votes.list(meeting(), socket.data.role, socket.data.principal));
	onCommand(socket, 'vote:open', VoteOpenSchema, (r) => votes.open(meeting(), who(), r));
	onCommand(socket, 'vote:cast', VoteCastSchema, (r) => votes.cast(meeting(), who(), r));
	onCommand(socket, 'vote:close', VoteCloseSchema, ({ voteId }) => votes.close(meeting(), voteId, 'host', who()));
	onCommand(socket, 'vote:announce', VoteAnnounceSchema, async ({ voteId }) => {
		await votes.announce(meeting(), who(), voteId);
		return { voteId };
	});
	onCommand(socket, 'vote:annul', VoteAnnulSchema, async ({ voteId, reason }) => {
		await votes.annul(meeting(), who(), voteId, reason);
		return { voteId };
	});
	onCommand(socket, 'vote:manual', VoteManualSchema, async ({ voteId, reason, counts }) => {
		await votes.manual(meeting(), who(), voteId, reason, counts);
		return { voteId };
	});
}
