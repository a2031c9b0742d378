/**
 * Question collection (征集) and the project pool (项目库), before a meeting: what deputy groups propose
 * from their tablets, what the public suggests from a phone, what the presidium / 主任会议 selects. The
 * schemas every boundary parses with, the stored shapes and the views each role is sent.
 *
 * The rules that act on them are in `collection.rules.ts`; the server keeps one collection document per
 * meeting beside its plan, with a version of its own, so collecting never disturbs the agenda editor.
 */
import * as z from 'zod';
import type { Question } from './meeting.schema';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64');
const text = (max: number) => z.string().trim().min(1).max(max);
const version = z.number().int().min(0);

/**
 * Limits and windows of the collection, per meeting. The quota of two questions per group follows seed
 * 001 (six groups each propose 2, the presidium picks 6); the rest are local choices.
 */
export const CollectionSettingsSchema = z.object({
	/** Deputy groups may propose questions (closed once the list is being settled). */
	questionsOpen: z.boolean().default(true),
	/** Questions each 代表小组 may have proposed (withdrawn ones do not count). */
	questionsPerGroup: z.number().int().min(0).max(50).default(2),
	/** Deputies may propose candidate projects. */
	projectsOpen: z.boolean().default(true),
	/** Candidate projects each deputy may propose. */
	projectsPerDeputy: z.number().int().min(0).max(50).default(2),
	/** The public form accepts suggestions. */
	suggestionsOpen: z.boolean().default(true),
	/** Longest title of a public suggestion, in characters. */
	suggestionTitleMax: z.number().int().min(10).max(100).default(40),
	/** Shortest and longest text of a public suggestion, in characters. */
	suggestionTextMin: z.number().int().min(1).max(200).default(10),
	suggestionTextMax: z.number().int().min(50).max(1000).default(500),
	/** Suggestions one address may send per hour: more is flooding. */
	suggestionsPerHour: z.number().int().min(1).max(100).default(3)
}).refine((s) => s.suggestionTextMin <= s.suggestionTextMax, {
	// A shortest text above the longest would make the public form refuse every suggestion.
	path: ['suggestionTextMin'],
	message: '最短字数不能大于最长字数 / The shortest text cannot be longer than the longest'
});
export type CollectionSettings = z.infer<typeof CollectionSettingsSchema>;

/** The defaults, as a meeting starts with them. */
export const DEFAULT_COLLECTION_SETTINGS: CollectionSettings = CollectionSettingsSchema.parse({});

/**
 * A question a deputy proposed for their group. Merging never rewrites it: a merged proposal points at
 * the one it was merged into (`mergedInto`), and the target's groups and co-signers are derived from
 * everything merged into it, so a merge can be undone exactly.
 */
export const QuestionProposalSchema = z.object({
	id,
	/** The proposing group: the proposer's 代表小组 when proposed. */
	group: text(60),
	proposerId: id,
	topic: text(100),
	respondentIds: z.array(id).min(1).max(3),
	text: text(2000),
	coSignerIds: z.array(id).max(30),
	status: z.enum(['proposed', 'withdrawn']),
	/** Set when staff merged this proposal into another, as a duplicate. */
	mergedInto: id.nullable(),
	proposedAt: z.number().int()
});
export type QuestionProposal = z.infer<typeof QuestionProposalSchema>;

/** One line of the final list: which proposal, put by whom (one asker per question). */
export const SelectionEntrySchema = z.object({ proposalId: id, askerId: id });
export type SelectionEntry = z.infer<typeof SelectionEntrySchema>;

/**
 * Where a candidate project stands: a deputy's proposal enters the pool at once; a public suggestion
 * waits, unseen by anyone but staff, until a clerk approves (into the pool) or rejects it with a reason.
 */
export const PROJECT_STATUSES = ['pending', 'in-pool', 'rejected'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const ProjectEntrySchema = z.object({
	id,
	source: z.enum(['deputy', 'public']),
	title: text(100),
	summary: text(1000),
	/** The proposing deputy and their group; absent for a public suggestion. */
	proposerId: id.optional(),
	group: text(60).optional(),
	status: z.enum(PROJECT_STATUSES),
	/** Why a clerk rejected it (shown to staff only). */
	reason: z.string().max(200).optional(),
	createdAt: z.number().int(),
	decidedAt: z.number().int().optional(),
	decidedBy: z.string().max(100).optional()
});
export type ProjectEntry = z.infer<typeof ProjectEntrySchema>;

/** The collection document of one meeting, as stored. */
export const CollectionStateSchema = z.object({
	settings: CollectionSettingsSchema,
	questions: z.array(QuestionProposalSchema).max(1000),
	/** The selected questions in their order. */
	selection: z.array(SelectionEntrySchema).max(200),
	projects: z.array(ProjectEntrySchema).max(2000),
	/** The last adoption of the selection into an inquiry item. */
	adopted: z.object({ itemId: id, at: z.number().int(), count: z.number().int() }).nullable(),
	/** The last pick of pool projects into a ballot item. */
	picked: z.object({ itemId: id, at: z.number().int(), count: z.number().int() }).nullable()
});
export type CollectionState = z.infer<typeof CollectionStateSchema>;

// Requests -------------------------------------------------------------------------------------------

/**
 * A deputy proposes a question for their group; the group is theirs, not chosen. Staff may enter a
 * proposal handed in on paper for a deputy, naming them in `memberId` (a tablet never sends it).
 */
export const QuestionProposeSchema = z
	.object({
		memberId: id.optional(),
		topic: text(100),
		respondentIds: z.array(id).min(1).max(3),
		text: text(2000),
		coSignerIds: z.array(id).max(30).default([])
	})
	.strict();
export type QuestionPropose = z.input<typeof QuestionProposeSchema>;

/** A deputy proposes a candidate livelihood project (staff: for the deputy named in `memberId`). */
export const ProjectProposeSchema = z.object({ memberId: id.optional(), title: text(100), summary: text(1000) }).strict();

/** The proposer (or staff) withdraws a question not yet merged nor selected. */
export const QuestionWithdrawSchema = z.object({ proposalId: id }).strict();
export type ProjectPropose = z.infer<typeof ProjectProposeSchema>;

export const CollectionSettingsSaveSchema = z.object({ baseVersion: version, settings: CollectionSettingsSchema }).strict();
export type CollectionSettingsSave = z.input<typeof CollectionSettingsSaveSchema>;

/** Staff: `sourceId` is a duplicate of `targetId`; the target keeps both groups and every co-signer. */
export const QuestionMergeSchema = z.object({ baseVersion: version, sourceId: id, targetId: id }).strict();
export type QuestionMerge = z.infer<typeof QuestionMergeSchema>;

/** Staff: undo a merge; the proposal stands on its own again. */
export const QuestionUnmergeSchema = z.object({ baseVersion: version, proposalId: id }).strict();
export type QuestionUnmerge = z.infer<typeof QuestionUnmergeSchema>;

/** Staff: rewrite a proposal (usually the target of a merge) before it is adopted. */
export const QuestionEditSchema = z
	.object({ baseVersion: version, proposalId: id, topic: text(100), respondentIds: z.array(id).min(1).max(3), text: text(2000) })
	.strict();
export type QuestionEdit = z.infer<typeof QuestionEditSchema>;

/** Staff: the final list, in order, one asker each. */
export const SelectionSaveSchema = z.object({ baseVersion: version, selection: z.array(SelectionEntrySchema).max(200) }).strict();
export type SelectionSave = z.infer<typeof SelectionSaveSchema>;

/**
 * Staff: write the selection as the inquiry item's prepared questions. `meetingVersion` is the plan's
 * version the console showed: the agenda is saved through the same versioned path as the agenda editor.
 */
export const AdoptSchema = z.object({ baseVersion: version, meetingVersion: version, itemId: id }).strict();
export type AdoptRequest = z.infer<typeof AdoptSchema>;

/** Staff: approve a suggestion into the pool, or reject (or take out of the pool) with a reason. */
export const ModerateSchema = z
	.object({ projectId: id, decision: z.enum(['approve', 'reject']), reason: z.string().trim().max(200).optional() })
	.strict()
	.refine((m) => m.decision === 'approve' || (m.reason ?? '').length > 0, { message: '驳回须写明理由 / a rejection needs a reason', path: ['reason'] });
export type ModerateRequest = z.infer<typeof ModerateSchema>;

/** Staff: make these pool projects the ballot item's candidates (replacing its list). */
export const BallotPickSchema = z.object({ meetingVersion: version, itemId: id, projectIds: z.array(id).min(2).max(200) }).strict();
export type BallotPick = z.infer<typeof BallotPickSchema>;

/**
 * The public form as it arrives: only shapes and an outer bound here, so that the lengths can be told to
 * a person in words (`checkSuggestion` in the rules) rather than as a schema error.
 */
export const SuggestionSubmitSchema = z
	.object({ title: z.string().max(5000).default(''), text: z.string().max(20000).default('') })
	.strict();
export type SuggestionSubmit = z.input<typeof SuggestionSubmitSchema>;

// Views ----------------------------------------------------------------------------------------------

/** A question proposal with what merges gave it: every proposing group, proposer and co-signer. */
export interface QuestionProposalView extends QuestionProposal {
	/** Own group first, then the groups of proposals merged into it. */
	groups: string[];
	proposerIds: string[];
	/** Co-signers of it and of everything merged into it, proposers of merged ones included. */
	allCoSignerIds: string[];
	/** Proposals merged into this one. */
	mergedFrom: string[];
}

export interface GroupQuota {
	group: string;
	used: number;
	limit: number;
}

/** Staff see all of it. */
export interface CollectionStaffView {
	meetingId: string;
	version: number;
	settings: CollectionSettings;
	questions: QuestionProposalView[];
	selection: SelectionEntry[];
	/** The selection as the prepared questions it would become. */
	preview: Question[];
	projects: ProjectEntry[];
	quotas: GroupQuota[];
	adopted: CollectionState['adopted'];
	picked: CollectionState['picked'];
}

/** A deputy sees their group's proposals and quota, their own projects, and whom they can name. */
export interface CollectionDeputyView {
	meetingId: string;
	version: number;
	settings: Pick<CollectionSettings, 'questionsOpen' | 'questionsPerGroup' | 'projectsOpen' | 'projectsPerDeputy'>;
	group: string;
	groupQuota: { used: number; limit: number };
	projectQuota: { used: number; limit: number };
	questions: (QuestionProposalView & { selected: boolean })[];
	projects: ProjectEntry[];
	/** Current members (id, name, group), to name co-signers. */
	members: { id: string; name: string; group: string }[];
}

/** The public form's page: what it accepts, and nothing anyone sent. */
export interface CollectionPublicView {
	meetingId: string;
	title: string;
	bodyName: string;
	open: boolean;
	limits: { titleMax: number; textMin: number; textMax: number; perHour: number };
	/**
	 * The project pool as the public may see it: what a clerk approved and what deputies proposed, never
	 * a suggestion still waiting or one rejected, and never who sent it.
	 */
	pool: { title: string; summary: string; source: 'deputy' | 'public'; group: string | null }[];
}

/** `suggest.submit` answer: a receipt number, nothing of the content. */
export interface SuggestionReceipt {
	receipt: string;
}
