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
	deputyNumber: z.string().trim().max(32).optional()
});
export type Member = z.infer<typeof MemberSchema>;

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
	agenda: z.array(AgendaItemSchema).max(100)
});
export type Meeting = z.infer<typeof MeetingSchema>;

/** The quorum rule a meeting of this kind starts with. */
export function defaultQuorumRule(kind: MeetingKind): z.infer<typeof QuorumRuleSchema> {
	return kind === 'standing-committee' ? 'more-than-half-of-all' : 'two-thirds-of-all';
}

/** What anyone may see of a meeting: the public view every role's snapshot starts from. */
export interface PublicMeetingView {
	id: string;
	title: string;
	kind: MeetingKind;
	date: string;
	venue: string;
	body: { name: string; memberCount: number };
	agenda: { id: string; kind: AgendaItemKind; title: string }[];
	/** Bumped by every change; clients apply patches in order and ask for a snapshot on a gap. */
	version: number;
}

export interface MeetingSummary {
	id: string;
	title: string;
	date: string;
}
