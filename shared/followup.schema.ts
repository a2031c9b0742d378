/**
 * Follow-up tracking (跟踪督办, DESIGN.md §3 "Follow-up"): what a closed session leaves to be done. Every
 * inquiry question, every 不满意 rating and every elected project becomes an item with an owner (the
 * department), deadlines (milestones), a status and a timeline, chased by reminders and escalation until
 * it is closed, in public.
 */
import * as z from 'zod';
import type { LocalizedText } from './result';
import type { Role } from './roles';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64');

/** What an item came from. */
export const FOLLOWUP_KINDS = ['question', 'rectification', 'project'] as const;
export type FollowupKind = (typeof FOLLOWUP_KINDS)[number];

export const KIND_LABELS: Record<FollowupKind, LocalizedText> = {
	question: { zh: '询问问题办理', en: 'Inquiry question' },
	rectification: { zh: '不满意整改', en: 'Rectification (rated unsatisfied)' },
	project: { zh: '民生实事项目', en: 'Livelihood project' }
};

/**
 * 交办 → 办理中 → 已答复 → 评价 → 办结; a department may send a wrongly assigned item back (退回) and the
 * clerk assigns it again; an answer rated 不满意 reopens it (重新办理), to be answered again.
 */
export const FOLLOWUP_STATUSES = ['assigned', 'in-progress', 'answered', 'evaluating', 'closed', 'returned', 'reopened'] as const;
export type FollowupStatus = (typeof FOLLOWUP_STATUSES)[number];

export const STATUS_LABELS: Record<FollowupStatus, LocalizedText> = {
	assigned: { zh: '交办', en: 'Assigned' },
	'in-progress': { zh: '办理中', en: 'In progress' },
	answered: { zh: '已答复', en: 'Answered' },
	evaluating: { zh: '评价', en: 'Being rated' },
	closed: { zh: '办结', en: 'Closed' },
	returned: { zh: '退回', en: 'Returned' },
	reopened: { zh: '重新办理', en: 'Reopened' }
};

/** A deadline of an item. */
export const MILESTONE_KINDS = ['report', 're-report', 'plan', 'checkpoint', 'midyear-report', 'year-end-rating'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export const MILESTONE_LABELS: Record<MilestoneKind, LocalizedText> = {
	report: { zh: '书面报告办理情况', en: 'Written report' },
	're-report': { zh: '整改情况再报告', en: 'Report on rectification' },
	plan: { zh: '实施方案', en: 'Implementation plan' },
	checkpoint: { zh: '季度进展', en: 'Quarterly progress' },
	'midyear-report': { zh: '年中进展报告', en: 'Mid-year progress report' },
	'year-end-rating': { zh: '年终满意度测评', en: 'Year-end satisfaction rating' }
};

export interface Milestone {
	id: string;
	kind: MilestoneKind;
	dueAt: number;
	doneAt: number | null;
}

/** The deadlines, with the defaults of DESIGN.md §3; a setting of the installation. */
export const FollowupSettingsSchema = z
	.object({
		/** An inquiry question's written report: 3 months, 6 for an item marked complex. */
		reportMonths: z.number().int().min(1).max(24).default(3),
		complexReportMonths: z.number().int().min(1).max(24).default(6),
		/** A 不满意 rating: the rectification is reported again at the next session. */
		reReportMonths: z.number().int().min(1).max(24).default(6),
		/** An elected project: its plan 1 month after the ballot, progress every quarter, a mid-year report, a year-end rating. */
		planMonths: z.number().int().min(1).max(12).default(1),
		checkpointMonths: z.number().int().min(1).max(12).default(3),
		midyearMonths: z.number().int().min(1).max(12).default(6),
		yearEndMonths: z.number().int().min(1).max(24).default(11),
		/** Reminders this many days before each deadline. */
		reminderDays: z.array(z.number().int().min(1).max(90)).max(5).default([7, 1]),
		/** A wrongly assigned item may be sent back within this many working days. */
		returnWorkingDays: z.number().int().min(1).max(30).default(7)
	})
	.strict();
export type FollowupSettings = z.output<typeof FollowupSettingsSchema>;
export const DEFAULT_FOLLOWUP_SETTINGS: FollowupSettings = FollowupSettingsSchema.parse({});

export const RATINGS = ['satisfied', 'basically-satisfied', 'unsatisfied'] as const;
export type FollowupRating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<FollowupRating, LocalizedText> = {
	satisfied: { zh: '满意', en: 'Satisfied' },
	'basically-satisfied': { zh: '基本满意', en: 'Basically satisfied' },
	unsatisfied: { zh: '不满意', en: 'Unsatisfied' }
};

/** What happened to an item; the timeline keeps every one with who and when. */
export const TIMELINE_ACTIONS = [
	'created',
	'accepted',
	'progress',
	'answered',
	'sent-for-rating',
	'rated',
	'closed',
	'returned',
	'reassigned',
	'reminder',
	'escalated',
	'checkpoint-created',
	'milestone-done',
	'attachment'
] as const;
export type TimelineAction = (typeof TIMELINE_ACTIONS)[number];

export const ACTION_LABELS: Record<TimelineAction, LocalizedText> = {
	created: { zh: '交办', en: 'Assigned' },
	accepted: { zh: '开始办理', en: 'Accepted' },
	progress: { zh: '报送进展', en: 'Progress posted' },
	answered: { zh: '书面答复', en: 'Answered in writing' },
	'sent-for-rating': { zh: '提交评价', en: 'Sent for rating' },
	rated: { zh: '评价', en: 'Rated' },
	closed: { zh: '办结', en: 'Closed' },
	returned: { zh: '退回', en: 'Returned' },
	reassigned: { zh: '重新交办', en: 'Reassigned' },
	reminder: { zh: '到期提醒', en: 'Reminder' },
	escalated: { zh: '逾期督办', en: 'Escalated (overdue)' },
	'checkpoint-created': { zh: '新增季度节点', en: 'Checkpoint added' },
	'milestone-done': { zh: '节点完成', en: 'Milestone done' },
	attachment: { zh: '上传附件', en: 'Attachment added' }
};

export interface TimelineEntry {
	at: number;
	action: TimelineAction;
	/** Who: a person's role and name, or the system (reminders, escalation). */
	by: { role: Role | 'system'; name: string };
	note: string | null;
	milestoneId: string | null;
	rating: FollowupRating | null;
	/** The status after this step. */
	status: FollowupStatus;
}

export interface Attachment {
	id: string;
	name: string;
	type: string;
	size: number;
	at: number;
}

export interface FollowupItem {
	id: string;
	bodyId: string;
	meetingId: string;
	meetingTitle: string;
	kind: FollowupKind;
	/** Where it came from: the agenda item, and the question, vote or candidate; makes creation idempotent. */
	sourceKey: string;
	title: string;
	/** The question's text, the rating's subject, the project's summary. */
	detail: string;
	/** 承办单位: the department that must act. */
	department: string;
	/** The deputy who asked (questions): told of every change, rates the answer. */
	askerId: string | null;
	askerName: string | null;
	complex: boolean;
	status: FollowupStatus;
	milestones: Milestone[];
	/** The written reply (书面答复), public once given. */
	reply: string | null;
	rating: FollowupRating | null;
	/** Overdue and escalated (督办) since, until its overdue milestones are met. */
	escalatedAt: number | null;
	attachments: Attachment[];
	timeline: TimelineEntry[];
	createdAt: number;
	updatedAt: number;
	version: number;
}

/** A scheduled event of an item: a reminder before a deadline, escalation after it, a checkpoint's creation. */
export type DueEvent =
	| { type: 'remind'; itemId: string; milestoneId: string; days: number; at: number }
	| { type: 'escalate'; itemId: string; milestoneId: string; at: number }
	| { type: 'checkpoint'; itemId: string; index: number; at: number };

// Commands, each parsed at the boundary.

const note = (max: number) => z.string().trim().min(2, '至少 2 个字 / at least 2 characters').max(max);

export const FollowupCommandSchema = z.discriminatedUnion('type', [
	/** The department starts work on an assigned (or reopened) item. */
	z.object({ type: z.literal('accept') }).strict(),
	/** The department sends it back as wrongly assigned, within the allowed working days. */
	z.object({ type: z.literal('return'), reason: note(500) }).strict(),
	/** The clerk assigns a returned item again, to another department. */
	z.object({ type: z.literal('reassign'), department: z.string().trim().min(1).max(80), note: z.string().trim().max(500).optional() }).strict(),
	/** The department posts progress, optionally meeting a milestone (a plan, a checkpoint). */
	z.object({ type: z.literal('progress'), note: note(4000), milestoneId: id.optional() }).strict(),
	/** The department gives its written reply and marks the item answered. */
	z.object({ type: z.literal('answer'), reply: note(20000) }).strict(),
	/** The clerk sends an answered item to be rated (by its asker, or recorded by the clerk). */
	z.object({ type: z.literal('send-for-rating') }).strict(),
	/** The asker (or the clerk, for an item without one) rates the answer. */
	z.object({ type: z.literal('rate'), rating: z.enum(RATINGS), note: z.string().trim().max(500).optional() }).strict(),
	/** The clerk closes an item (办结). */
	z.object({ type: z.literal('close'), note: z.string().trim().max(500).optional() }).strict(),
	/** The clerk marks an item complex: its report deadline moves to the longer one. */
	z.object({ type: z.literal('mark-complex'), complex: z.boolean() }).strict()
]);
export type FollowupCommand = z.infer<typeof FollowupCommandSchema>;

export const FollowupActSchema = z.object({ itemId: id, baseVersion: z.number().int().min(0), command: FollowupCommandSchema }).strict();
export type FollowupAct = z.infer<typeof FollowupActSchema>;

export const FollowupListQuerySchema = z
	.object({
		bodyId: id.optional(),
		meetingId: id.optional(),
		department: z.string().trim().min(1).max(80).optional(),
		status: z.enum(FOLLOWUP_STATUSES).optional(),
		overdue: z.enum(['1', '0']).optional()
	})
	.strict();

/** A notification: who is told what about which item. */
export interface FollowupNotice {
	id: string;
	at: number;
	itemId: string;
	kind: 'created' | 'changed' | 'reminder' | 'escalated' | 'digest';
	/** Recipients: 'clerk', `department:<name>`, `member:<id>`, 'public'. */
	to: string[];
	message: LocalizedText;
}

/** An item as a role may see it (`followupViewFor`: the public gets no attachments). */
export type FollowupView = FollowupItem & {
	overdue: boolean;
	nextDue: Milestone | null;
	/** While assigned: until when the department may send it back (退回). */
	returnBy: number | null;
};

/** The webhooks notifications are posted to (JSON), set by an administrator. */
export const WebhookSettingsSchema = z
	.object({
		urls: z
			.array(z.url({ protocol: /^https?$/ }).max(500))
			.max(10)
			.refine((urls) => new Set(urls).size === urls.length, '网址重复 / duplicate address')
	})
	.strict();
export type WebhookSettings = z.infer<typeof WebhookSettingsSchema>;

export interface WebhookDelivery {
	noticeId: string;
	url: string;
	status: 'delivered' | 'failed' | 'pending';
	attempts: number;
	httpStatus: number | null;
	at: number;
	error: string | null;
}

/** The test clock: how far the follow-up clock is moved ahead of the machine's (only where allowed). */
export const ClockMoveSchema = z.object({ byMs: z.number().int().min(0).max(5 * 365 * 24 * 3600 * 1000) }).strict();

export const FollowupWatchSchema = z.object({}).strict();

/** The answer to `followup:watch`: every item, and who the watcher is to them. */
export interface FollowupWatchReply {
	items: FollowupView[];
	/** A respondent's department, a deputy's member id: what "my items" means on their screen. */
	me: { department: string | null; memberId: string | null };
	/** The follow-up clock's offset from the machine's (non-zero only where a test moved it). */
	clockOffsetMs: number;
}
