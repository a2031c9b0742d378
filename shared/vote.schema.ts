/**
 * Votes of a session (DESIGN.md §3, Votes, Project ballot, Satisfaction rating; §4 Integrity): a motion
 * (表决), a project ballot (票决) or a satisfaction rating (满意度测评), opened by the host on an agenda item
 * (or on an inquiry question, for rating an answer), cast from the paired tablets of signed-in deputies,
 * closed by the host or at its deadline, and published with every receipt so each deputy can check theirs.
 */
import * as z from 'zod';
import { type BallotResult, type MotionResult, type PassingRule, type RatingResult, MOTION_CHOICES, RATING_CHOICES } from './vote.rules';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64');

export const VOTE_KINDS = ['motion', 'ballot', 'rating'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];

/** Per vote, after GB 50799-2012 §6.2.2; the defaults are those of an electronic 无记名 vote. */
export const VoteSettingsSchema = z
	.object({
		/** 无记名 (anonymous, the default) or 记名 (named: who chose what is published). */
		anonymous: z.boolean().default(true),
		/** First press counts, or the last press before the close (a deputy may change their mind). */
		press: z.enum(['first', 'last']).default('first'),
		/** Closes by itself this long after opening; null: the host closes it. */
		durationSeconds: z.number().int().min(10).max(3600).nullable().default(null),
		/** The result is shown to everyone at the close, or only when the host announces it. */
		reveal: z.enum(['at-close', 'on-announce']).default('at-close'),
		/** A rating's grade is measured against all members (default), those present, or ballots cast. */
		ratingBasis: z.enum(['all-members', 'present', 'cast']).default('all-members')
	})
	.strict();
export type VoteSettings = z.output<typeof VoteSettingsSchema>;

/** A deputy's choice: one of three on a motion, one mark per candidate on a ballot, one grade on a rating. */
export const MotionChoiceSchema = z.enum(MOTION_CHOICES);
export const BallotMarksSchema = z.record(id, z.enum(['yes', 'no', 'abstain']));
export const RatingChoiceSchema = z.enum(RATING_CHOICES);
export const VoteChoiceSchema = z.union([MotionChoiceSchema, RatingChoiceSchema, z.object({ marks: BallotMarksSchema }).strict()]);
export type VoteChoice = z.infer<typeof VoteChoiceSchema>;

export const VoteOpenSchema = z
	.object({
		itemId: id,
		/** For rating an answer: the inquiry question (queue entry) it rates. */
		entryId: id.optional(),
		settings: VoteSettingsSchema.partial().default({}),
		/** Re-running an annulled or tied vote: the vote it replaces. */
		rerunOf: id.optional(),
		/** A re-vote among tied candidates: only these stand. */
		candidateIds: z.array(id).min(2).max(200).optional()
	})
	.strict();

export const VoteCastSchema = z
	.object({
		voteId: id,
		/** Made by the tablet for this press; a retry with the same key gets the first answer. */
		key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, _ or -'),
		/**
		 * Made by the tablet once per vote and kept on it: the receipt is derived from it, and under
		 * "last press counts" it is how an anonymous deputy changes their own ballot, as nothing else
		 * connects a deputy to a choice.
		 */
		secret: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, '22–64 letters, digits, _ or -'),
		choice: VoteChoiceSchema
	})
	.strict();

export const VoteIdSchema = z.object({ voteId: id }).strict();
export const VoteCloseSchema = VoteIdSchema;
export const VoteAnnounceSchema = VoteIdSchema;
export const VoteAnnulSchema = z.object({ voteId: id, reason: z.string().trim().min(2).max(300) }).strict();

/** When devices fail: the host records a show-of-hands count by hand, with the reason. */
export const VoteManualSchema = z
	.object({
		voteId: id,
		reason: z.string().trim().min(2).max(300),
		counts: z.union([
			z.object({ yes: z.number().int().min(0), no: z.number().int().min(0), abstain: z.number().int().min(0) }).strict(),
			z.object({ satisfied: z.number().int().min(0), basicallySatisfied: z.number().int().min(0), unsatisfied: z.number().int().min(0), abstain: z.number().int().min(0) }).strict(),
			z.object({ candidates: z.record(id, z.object({ yes: z.number().int().min(0), no: z.number().int().min(0), abstain: z.number().int().min(0) }).strict()) }).strict()
		])
	})
	.strict();

export const VoteSyncSchema = z.object({}).strict();

export type VoteStatus = 'open' | 'closed' | 'annulled';

export type VoteResult =
	| { kind: 'motion'; motion: MotionResult }
	| { kind: 'ballot'; ballot: BallotResult }
	| { kind: 'rating'; rating: RatingResult };

/** A published receipt: the code a deputy was given and what it stands for. */
export interface Receipt {
	receipt: string;
	choice: VoteChoice;
}

/** What a closed vote stores and publishes. */
export interface VoteOutcome {
	result: VoteResult;
	/** Present when the vote closed; 未按 are those present who did not vote. */
	present: number;
	voted: number;
	/** Every receipt with its choice, in receipt order (so the order says nothing of who cast it). */
	receipts: Receipt[];
	/** Named votes only: who chose what. */
	named?: { memberId: string; choice: VoteChoice }[];
	/** A count recorded by hand instead (show of hands), with its reason. */
	manual?: { reason: string; at: number };
}

/** A vote as opened, stored once and never changed; its status and ballots are kept apart. */
export interface VoteRecord {
	id: string;
	meetingId: string;
	itemId: string;
	entryId: string | null;
	kind: VoteKind;
	title: string;
	/** Motion text, rating subject, or the ballot's title. */
	subject: string;
	candidates: { id: string; name: string }[];
	seats: number | null;
	settings: VoteSettings;
	openedAt: number;
	deadline: number | null;
	rerunOf: string | null;
	/** Members counted for the thresholds (all current members when it opened). */
	members: number;
	/** The meeting's passing rule when the vote opened (motions). */
	passing: PassingRule;
}

/** A vote as a role sees it (`vote:sync`, `vote:state`). */
export interface VoteView extends VoteRecord {
	status: VoteStatus;
	/** Bumped by every change to the vote, casts included: a client keeps the view with the highest. */
	version: number;
	closedAt: number | null;
	closedBy: 'host' | 'deadline' | null;
	announcedAt: number | null;
	annulled: { reason: string; at: number } | null;
	/** 已投 / 应投: ballots cast, and members present (now while open; at the close once closed). */
	turnout: { voted: number; present: number };
	/** The result may be shown: closed, and either revealed at the close or announced. */
	revealed: boolean;
	/** Once revealed; staff see it from the close, to announce it. Never while open. */
	outcome?: VoteOutcome;
	/** A count by hand that replaced the electronic one, with its reason; shown with it. */
	manual?: VoteOutcome;
	/** For a deputy: whether they have voted (what they chose stays on their tablet). */
	voted?: boolean;
}

/** `vote:turnout`: sent while a vote is open, at most a few times a second. */
export interface VoteTurnout {
	meetingId: string;
	voteId: string;
	voted: number;
	present: number;
}

/** A cast's answer: the receipt to check against the published list, and the choice as recorded. */
export interface VoteCastReply {
	voteId: string;
	receipt: string;
	choice: VoteChoice;
	voted: number;
	/** A press that replaced the deputy's earlier one (last press counts). */
	changed: boolean;
}
