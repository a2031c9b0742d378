/**
 * The live state of a meeting while it runs (DESIGN.md §3, Roster and quorum, Inquiry): sign-in, the
 * active agenda item, each inquiry's question queue with the deputies' requests to ask (举手), and the
 * run of every called question with its phase clock. Stored in Redis as one document plus the roll of
 * attendance; changed only by the commands below, each one atomic step.
 */
import * as z from 'zod';
import { QUESTION_PHASES, type QuestionRun } from './inquiry.rules';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64');

export interface SignInState {
	open: boolean;
	openedAt: number | null;
	closedAt: number | null;
}

/** One member's line in the roll. */
export interface RollEntry {
	signedInAt: number;
	/** `self`: from their tablet while sign-in was open; `clerk`: recorded by staff (a late sign-in). */
	by: 'self' | 'clerk';
	departedAt: number | null;
}

export type ItemStatus = 'pending' | 'active' | 'done' | 'skipped';

/** A deputy's request to ask a question not on the list. */
export interface HandRequest {
	id: string;
	itemId: string;
	memberId: string;
	topic: string;
	respondentIds: string[];
	text: string;
	status: 'pending' | 'accepted' | 'rejected' | 'withdrawn';
	raisedAt: number;
	decidedAt: number | null;
	/** Why the host rejected it, if they said. */
	reason: string | null;
}

export interface LiveState {
	signIn: SignInState;
	activeItemId: string | null;
	/** Items not listed are pending. */
	items: Record<string, ItemStatus>;
	/** Per inquiry item, the queue's entry ids in order (prepared questions by id, accepted requests as `r-<id>`). */
	order: Record<string, string[]>;
	requests: HandRequest[];
	/** The run of every question called or skipped, by entry id. */
	runs: Record<string, QuestionRun>;
	/** The question called last (running, or just finished). */
	currentEntryId: string | null;
	/** When the host closed the session (闭幕); nothing changes after. Absent in documents saved before it existed. */
	closedAt?: number | null;
}

export function emptyLiveState(): LiveState {
	return { signIn: { open: false, openedAt: null, closedAt: null }, activeItemId: null, items: {}, order: {}, requests: [], runs: {}, currentEntryId: null, closedAt: null };
}

/** The entry id of an accepted request in the queue. */
export function requestEntryId(requestId: string): string {
	return `r-${requestId}`;
}

// Command payloads. Each acts on the meeting the connection has joined (`meeting:join`).

export const LiveSyncSchema = z.object({}).strict();
export const SignInToggleSchema = z.object({ open: z.boolean() }).strict();
export const SignInSelfSchema = z.object({}).strict();
/** The host closes the session: its follow-up items are created and its record is final. */
export const MeetingCloseSchema = z.object({ confirm: z.literal(true) }).strict();
export const RollRecordSchema = z.object({ memberId: id, action: z.enum(['sign-in', 'depart']) }).strict();

export const AgendaControlSchema = z.object({ itemId: id, action: z.enum(['activate', 'close', 'skip']) }).strict();

export const RequestRaiseSchema = z
	.object({
		itemId: id,
		topic: z.string().trim().min(1).max(100),
		respondentIds: z.array(id).min(1).max(10),
		text: z.string().trim().max(2000).default('')
	})
	.strict();
export const RequestWithdrawSchema = z.object({ requestId: id }).strict();
export const RequestDecideSchema = z
	.object({ requestId: id, decision: z.enum(['accept', 'reject']), reason: z.string().trim().max(200).optional() })
	.strict();

export const QueueMoveSchema = z.object({ itemId: id, entryId: id, toIndex: z.number().int().min(0).max(1000) }).strict();

export const QuestionActionSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('call') }).strict(),
	z.object({ type: z.literal('answer') }).strict(),
	z.object({ type: z.literal('follow-up'), askerId: id }).strict(),
	z.object({ type: z.literal('follow-up-answer') }).strict(),
	z.object({ type: z.literal('rate') }).strict(),
	z.object({ type: z.literal('finish') }).strict(),
	z.object({ type: z.literal('skip') }).strict(),
	z.object({ type: z.literal('requeue') }).strict()
]);

/** `from`: the phase the console saw; if the question has moved on since, the step is refused. */
export const QuestionStepSchema = z.object({ entryId: id, from: z.enum(QUESTION_PHASES), action: QuestionActionSchema }).strict();

export const ClockControlSchema = z
	.object({
		entryId: id,
		from: z.enum(QUESTION_PHASES),
		op: z.enum(['pause', 'resume', 'extend', 'end']),
		/** For `extend`: whole seconds, 1 s to 30 min. */
		bySeconds: z.number().int().min(1).max(1800).optional()
	})
	.strict()
	.refine((c) => c.op !== 'extend' || c.bySeconds !== undefined, { message: 'extend needs bySeconds', path: ['bySeconds'] });

export type RollRecord = z.infer<typeof RollRecordSchema>;
export type AgendaControl = z.infer<typeof AgendaControlSchema>;
export type RequestRaise = z.input<typeof RequestRaiseSchema>;
export type RequestDecide = z.infer<typeof RequestDecideSchema>;
export type QueueMove = z.infer<typeof QueueMoveSchema>;
export type QuestionStep = z.infer<typeof QuestionStepSchema>;
export type ClockControl = z.infer<typeof ClockControlSchema>;

/** What a live command answers: the live version its change was saved at. */
export interface LiveAck {
	version: number;
}
