/**
 * The socket protocol, written once for the server, the web app and any other client (a hardware
 * voting terminal, say). docs/PROTOCOL.md describes it in prose and must change with this file.
 *
 * Commands are `domain:verb` and always answered through the Socket.io acknowledgement with a
 * {@link Result}; broadcasts are past tense or nouns and carry no acknowledgement.
 */
import * as z from 'zod';
import type { Principal } from './identity.schema';
import type {
	AgendaControlSchema,
	ClockControlSchema,
	LiveAck,
	LiveSyncSchema,
	MeetingCloseSchema,
	QueueMoveSchema,
	QuestionStepSchema,
	RequestDecideSchema,
	RequestRaiseSchema,
	RequestWithdrawSchema,
	RollRecordSchema,
	SignInSelfSchema,
	SignInToggleSchema
} from './live.schema';
import type { LiveView } from './live.view';
import type { FollowupNotice, FollowupView, FollowupWatchReply, FollowupWatchSchema } from './followup.schema';
import type {
	VoteAnnounceSchema,
	VoteAnnulSchema,
	VoteCastReply,
	VoteCastSchema,
	VoteCloseSchema,
	VoteManualSchema,
	VoteOpenSchema,
	VoteSyncSchema,
	VoteTurnout,
	VoteView
} from './vote.schema';
import type { MeetingView } from './meeting.view';
import type { LocalizedText, Result } from './result';
import type { Role } from './roles';

/** Bumped on any incompatible change; the handshake refuses a client that speaks another version. */
export const PROTOCOL_VERSION = 1;

/** Sent as Socket.io `auth` on connect. */
export const HandshakeAuthSchema = z.object({
	protocol: z.number().int(),
	/** Lets a reconnecting client be told what it missed; opaque to clients. */
	clientId: z.string().max(64).optional(),
	/** A wall screen's read-only token, from its link; everyone else is identified by the cookie. */
	token: z.string().max(128).optional()
});
export type HandshakeAuth = z.infer<typeof HandshakeAuthSchema>;

/** `clock:sync` request: the client's clock when it sent it. */
export const ClockSyncSchema = z.object({ sentAt: z.number().finite() });
export type ClockSyncRequest = z.infer<typeof ClockSyncSchema>;
export interface ClockSyncReply {
	/** Server clock (ms since the epoch) when it answered. */
	serverTime: number;
}

/** `meeting:join` request: which meeting this connection follows. */
export const MeetingJoinSchema = z.object({ meetingId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
export type MeetingJoinRequest = z.infer<typeof MeetingJoinSchema>;

/** Every acknowledgement callback has this shape. */
export type Ack<T> = (result: Result<T>) => void;

export interface ClientToServerEvents {
	/** Round trip for clock-offset estimation; answered at once with the server's time. */
	'clock:sync': (request: ClockSyncRequest, ack: Ack<ClockSyncReply>) => void;
	/** Follow a meeting: answered with a snapshot filtered for the caller's role. */
	'meeting:join': (request: MeetingJoinRequest, ack: Ack<MeetingView>) => void;

	// The live meeting: each acts on the meeting this connection joined, and answers with the live
	// version its change was saved at. Every change is also broadcast as `live:state`.

	/** The live snapshot for the caller's role, at once (after joining, and after any gap). */
	'live:sync': (request: z.input<typeof LiveSyncSchema>, ack: Ack<LiveView>) => void;
	/** Host: open or close sign-in (签到). */
	'sign-in:toggle': (request: z.input<typeof SignInToggleSchema>, ack: Ack<LiveAck>) => void;
	/** Deputy: sign in from the paired tablet while sign-in is open. */
	'sign-in:self': (request: z.input<typeof SignInSelfSchema>, ack: Ack<LiveAck>) => void;
	/** Staff: sign a member in late, or record a departure. */
	'roll:record': (request: z.input<typeof RollRecordSchema>, ack: Ack<LiveAck>) => void;
	/** Host: make an agenda item current, close it, or skip it. */
	'agenda:control': (request: z.input<typeof AgendaControlSchema>, ack: Ack<LiveAck>) => void;
	/** Deputy: ask to put a question (举手), with its topic and respondent. */
	'request:raise': (request: z.input<typeof RequestRaiseSchema>, ack: Ack<LiveAck & { requestId: string }>) => void;
	/** Deputy: withdraw their own pending request. */
	'request:withdraw': (request: z.input<typeof RequestWithdrawSchema>, ack: Ack<LiveAck>) => void;
	/** Host: accept a request into the queue, or reject it. */
	'request:decide': (request: z.input<typeof RequestDecideSchema>, ack: Ack<LiveAck>) => void;
	/** Host: move a queued question to another place in its queue. */
	'queue:move': (request: z.input<typeof QueueMoveSchema>, ack: Ack<LiveAck>) => void;
	/** Host: move a question to its next phase (call, answer, follow-up, rate, finish, skip, requeue). */
	'question:step': (request: z.input<typeof QuestionStepSchema>, ack: Ack<LiveAck>) => void;
	/** Host: pause, resume, extend or end the current phase's clock. */
	'clock:control': (request: z.input<typeof ClockControlSchema>, ack: Ack<LiveAck>) => void;

	// Votes, project ballots and ratings of the joined meeting.

	/** Every vote of the meeting as the caller may see it (after joining, and after any gap). */
	'vote:sync': (request: z.input<typeof VoteSyncSchema>, ack: Ack<VoteView[]>) => void;
	/** Host: open a vote on an agenda item (or rate an inquiry question's answer), with its settings. */
	'vote:open': (request: z.input<typeof VoteOpenSchema>, ack: Ack<{ voteId: string }>) => void;
	/** Deputy: cast (or, when the last press counts, change) a ballot; answered with a receipt. */
	'vote:cast': (request: z.input<typeof VoteCastSchema>, ack: Ack<VoteCastReply>) => void;
	/** Host: close the vote now; the result is computed, stored and sent to every screen. */
	'vote:close': (request: z.input<typeof VoteCloseSchema>, ack: Ack<VoteView>) => void;
	/** Host: announce a result kept back until now (reveal on announcement). */
	'vote:announce': (request: z.input<typeof VoteAnnounceSchema>, ack: Ack<{ voteId: string }>) => void;
	/** Host: annul a vote (it stays in the record, marked, with the reason); it can then be run again. */
	'vote:annul': (request: z.input<typeof VoteAnnulSchema>, ack: Ack<{ voteId: string }>) => void;
	/** Host: record a count by hand (show of hands) when devices fail, with the reason. */
	'vote:manual': (request: z.input<typeof VoteManualSchema>, ack: Ack<{ voteId: string }>) => void;

	/** Host: close the session (闭幕). Refused while a question runs or a vote is open; its follow-up items are then created. */
	'meeting:close': (request: z.input<typeof MeetingCloseSchema>, ack: Ack<LiveAck>) => void;

	// Follow-up tracking (not tied to a joined meeting).

	/** Follow the follow-up items: the answer lists them all, then `followup:changed` and `followup:notice` follow. */
	'followup:watch': (request: z.input<typeof FollowupWatchSchema>, ack: Ack<FollowupWatchReply>) => void;
}

/** Why the server is about to drop connections; screens show it instead of a bare "disconnected". */
export interface ServerNotice {
	kind: 'shutting-down';
	message: LocalizedText;
}

/** A meeting's plan changed: clients following it ask for a fresh snapshot (`meeting:join`). */
export interface MeetingChanged {
	meetingId: string;
	version: number;
}

/**
 * A meeting's question collection or project pool changed (a proposal, a merge, a moderation): staff
 * and deputies following the meeting fetch their own view again over REST. It carries no data.
 */
export interface CollectionChanged {
	meetingId: string;
	version: number;
}

/** Why this device's session ended; the device shows it and returns to pairing or log-in. */
export interface SessionEnded {
	reason: 'replaced' | 'revoked' | 'logged-out';
	message: LocalizedText;
}

export interface ServerToClientEvents {
	/** Sent to every client just before a planned shutdown or restart. */
	'server:notice': (notice: ServerNotice) => void;
	/** Sent to the meeting's room after every change to its plan. */
	'meeting:changed': (change: MeetingChanged) => void;
	/** Sent to staff and deputies following the meeting after every change to its collection (征集). */
	'collection:changed': (change: CollectionChanged) => void;
	/** Sent to a device just before the server disconnects it for good. */
	'session:ended': (ended: SessionEnded) => void;
	/** The live state after a change, filtered for the receiver's role (and, for a deputy, for them). */
	'live:state': (view: LiveView) => void;
	/** A vote opened, closed, was announced, counted by hand or annulled: its view for the receiver's role. */
	'vote:state': (view: VoteView) => void;
	/** While a vote is open: 已投 / 应投, coalesced to a few a second. */
	'vote:turnout': (turnout: VoteTurnout) => void;
	/** A follow-up item was created or changed (to everyone watching: the board is public). */
	'followup:changed': (item: FollowupView) => void;
	/** A notification for the receiver: a new item, a change, a reminder, an escalation, the daily digest. */
	'followup:notice': (notice: FollowupNotice) => void;
}

/** Events between server processes (through the Redis adapter). None yet. */
export type InterServerEvents = Record<never, never>;

/** The request payload of a command. */
export type CommandRequest<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
/** What a command's successful Result carries. */
export type CommandReply<E extends keyof ClientToServerEvents> =
	Parameters<ClientToServerEvents[E]>[1] extends Ack<infer T> ? T : never;

/** What the server knows of a connection after the handshake. */
export interface SocketData {
	role: Role;
	/** Who is connected; null for a public viewer. */
	principal: Principal | null;
	/** The session behind the connection, so ending the session can disconnect it. */
	sessionId: string | null;
	/** The meeting this connection follows, once joined. */
	meetingId: string | null;
}

/** The error attached to a refused handshake (`connect_error`'s `data`). */
export interface HandshakeRefusal {
	code: 'PROTOCOL_MISMATCH' | 'UNAUTHENTICATED' | 'UNAVAILABLE';
	message: LocalizedText;
	serverProtocol: number;
}
