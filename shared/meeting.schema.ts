/**
 * Meetings, bodies and their rosters: the schemas every boundary parses with, and the types inferred
 * from them. Defaults follow DESIGN.md §3 (national law or the seeds; "local" ones are settings).
 */
import * as z from 'zod';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64');
const text = (max: number) => z.string().trim().min(1).max(max);

/** A congress (人大) or its standing committee (常委会): the body whose members attend and vote. */
export const BodySchema = z.object({
	id,
	name: text(100),
	kind: z.enum(['congress', 'standing-committee'])
});
export type Body = z.infer<typeof BodySchema>;

/** A deputy (代表) or committee member (委员) of a body. */
export const MemberSchema = z.object({
	id,
	name: text(40),
	/** 代表小组 or 代表团. */
	group: text(60),
	seat: text(16),
	/** 代表证号, optional. */
	deputyNumber: z.string().trim().max(32).optional(),
	/** A member who left the body: kept for the record, no longer counted, paired or eligible. */
	retired: z.boolean().optional()
});
export type Member = z.infer<typeof MemberSchema>;

/** A member as the console adds or edits one: the server assigns the id. */
export const MemberInputSchema = MemberSchema.omit({ id: true, retired: true }).strict();
export type MemberInput = z.infer<typeof MemberInputSchema>;

/** A new body, from the console. */
export const BodyInputSchema = BodySchema.omit({ id: true }).extend({ id: id.optional() }).strict();
export type BodyInput = z.infer<typeof BodyInputSchema>;

/** An official who answers questions (应询人), with the department that owns the follow-up (承办单位). */
export const RespondentSchema = z.object({
	id,
	name: text(40),
	title: text(60),
	department: text(80)
});
export type Respondent = z.infer<typeof RespondentSchema>;

export const QuestionSchema = z.object({
	id,
	askerId: id,
	respondentIds: z.array(id).min(1).max(10),
	topic: text(100),
	text: text(2000)
});
export type Question = z.infer<typeof QuestionSchema>;

const itemBase = { id, title: text(200) };

export const AgendaItemSchema = z.discriminatedUnion('kind', [
	z.object({ ...itemBase, kind: z.literal('report'), presenter: z.string().trim().max(80).optional() }),
	z.object({ ...itemBase, kind: z.literal('inquiry'), questions: z.array(QuestionSchema).max(200) }),
	z.object({ ...itemBase, kind: z.literal('vote'), motion: text(4000) }),
	z.object({
		...itemBase,
		kind: z.literal('ballot'),
		seats: z.number().int().min(1).max(100),
		candidates: z.array(z.object({ id, name: text(100), summary: z.string().trim().max(1000).optional() })).min(2).max(200)
	}),
	z.object({
		...itemBase,
		kind: z.literal('rating'),
		target: z.enum(['answer', 'department', 'report', 'project']),
		subject: text(200)
	})
]);
export type AgendaItem = z.infer<typeof AgendaItemSchema>;
export type AgendaItemKind = AgendaItem['kind'];

/** Quorum: congress session ≥ 2/3 of all members present; standing committee > 1/2. */
export const QuorumRuleSchema = z.enum(['two-thirds-of-all', 'more-than-half-of-all']);
/** Passing: default more than half of all members (地方组织法 art. 25). */
export const PassingRuleSchema = z.enum(['more-than-half-of-all', 'two-thirds-of-all', 'majority-of-cast']);

export const TimerSettingsSchema = z.object({
	askSeconds: z.number().int().min(10).max(3600).default(180),
	answerSeconds: z.number().int().min(10).max(3600).default(300),
	followUpAskSeconds: z.number().int().min(10).max(3600).default(60),
	followUpAnswerSeconds: z.number().int().min(10).max(3600).default(180)
});

/** The file types deputies can open on a tablet without a plug-in. */
export const MATERIAL_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const;
export const MATERIAL_MAX_BYTES = 20 * 1024 * 1024;

/** A document attached to an agenda item (a report, a project list); the bytes are stored apart. */
export const MaterialSchema = z.object({
	id,
	itemId: id,
	name: text(200),
	type: z.enum(MATERIAL_TYPES),
	size: z.number().int().min(1).max(MATERIAL_MAX_BYTES)
});
export type Material = z.infer<typeof MaterialSchema>;

export const MeetingKindSchema = z.enum(['congress-session', 'standing-committee', 'inquiry']);
export type MeetingKind = z.infer<typeof MeetingKindSchema>;

export const MeetingSchema = z.object({
	id,
	bodyId: id,
	kind: MeetingKindSchema,
	title: text(200),
	date: z.iso.date(),
	venue: text(200),
	rules: z.object({
		quorum: QuorumRuleSchema,
		passing: PassingRuleSchema.default('more-than-half-of-all'),
		timers: TimerSettingsSchema.prefault({})
	}),
	respondents: z.array(RespondentSchema).max(200),
	agenda: z.array(AgendaItemSchema).max(100),
	materials: z.array(MaterialSchema).max(500).default([])
});
export type Meeting = z.infer<typeof MeetingSchema>;

const RulesInputSchema = z
	.object({
		quorum: QuorumRuleSchema.optional(),
		passing: PassingRuleSchema.optional(),
		timers: TimerSettingsSchema.partial().optional()
	})
	.strict();

/** The console's "new meeting" form; rules left out take the defaults for the meeting's kind. */
export const MeetingCreateSchema = z
	.object({
		id: id.optional(),
		bodyId: id,
		kind: MeetingKindSchema,
		title: text(200),
		date: z.iso.date(),
		venue: text(200),
		rules: RulesInputSchema.optional()
	})
	.strict();
export type MeetingCreate = z.infer<typeof MeetingCreateSchema>;

/** Editing a meeting's settings; `baseVersion` is the version the editor started from. */
export const MeetingSettingsSaveSchema = z
	.object({
		baseVersion: z.number().int().min(0),
		kind: MeetingKindSchema,
		title: text(200),
		date: z.iso.date(),
		venue: text(200),
		rules: MeetingSchema.shape.rules
	})
	.strict();
export type MeetingSettingsSave = z.infer<typeof MeetingSettingsSaveSchema>;

/** Saving the agenda built in the console, whole, against the version it was built on. */
export const AgendaSaveSchema = z.object({ baseVersion: z.number().int().min(0), agenda: MeetingSchema.shape.agenda }).strict();
export type AgendaSave = z.infer<typeof AgendaSaveSchema>;

export const RespondentsSaveSchema = z.object({ baseVersion: z.number().int().min(0), respondents: MeetingSchema.shape.respondents }).strict();
export type RespondentsSave = z.infer<typeof RespondentsSaveSchema>;

export const MEETING_PLAN_FORMAT = 'wenzhengtai.meeting-plan';

/**
 * A meeting plan as a file: the meeting with its body and roster, so it can be prepared on one
 * machine, rehearsed on a copy and loaded on another. Materials travel as their descriptions only.
 */
export const MeetingPlanSchema = z
	.object({
		format: z.literal(MEETING_PLAN_FORMAT),
		formatVersion: z.literal(1),
		exportedAt: z.string().max(40),
		body: BodySchema,
		members: z.array(MemberSchema).max(5000),
		meeting: MeetingSchema
	})
	.strict();
export type MeetingPlan = z.infer<typeof MeetingPlanSchema>;

/**
 * The quorum rule a meeting starts with: a congress session needs 2/3 of all deputies present, a
 * standing-committee meeting more than half; an inquiry meeting follows the body that holds it.
 */
export function defaultQuorumRule(kind: MeetingKind, bodyKind: Body['kind']): z.infer<typeof QuorumRuleSchema> {
	if (kind === 'congress-session') return 'two-thirds-of-all';
	if (kind === 'standing-committee') return 'more-than-half-of-all';
	return bodyKind === 'standing-committee' ? 'more-than-half-of-all' : 'two-thirds-of-all';
}

export interface MeetingSummary {
	id: string;
	title: string;
	date: string;
	kind: MeetingKind;
	bodyId: string;
}
