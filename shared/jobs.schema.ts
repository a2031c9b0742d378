/**
 * Background jobs, named in one map with the schema of their data. Job data crosses a trust boundary
 * (anything that can write to Redis can enqueue), so every job is parsed before it is handled.
 */
import * as z from 'zod';

export const JOB_SCHEMAS = {
	/** Recurring: proves a worker is alive; /healthz reports when it last ran. */
	'system:heartbeat': z.object({}).strict(),
	/** At a vote's deadline: close it and publish its result. Idempotent: a closed vote is left as it is. */
	'vote:close': z.object({ meetingId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), voteId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict(),
	/** Recurring, and after the clock moves: fire the follow-up reminders, escalations and checkpoints now due. */
	'followup:sweep': z.object({}).strict(),
	/** Daily at 08:00 (China): the digest of open and overdue items, to the clerks. */
	'followup:digest': z.object({}).strict(),
	/** Right after a session closes: create its follow-up items (a sweep does it too, should this be lost). */
	'followup:create': z.object({ meetingId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict(),
	/** Hand new notifications in the outbox to the webhooks. */
	'outbox:dispatch': z.object({}).strict(),
	/** Post one notification to one webhook; retried with backoff, each attempt recorded. */
	'webhook:deliver': z.object({ noticeId: z.string().regex(/^\d{1,20}-\d{1,20}$/), url: z.url({ protocol: /^https?$/ }).max(500) }).strict()
} as const;

export type JobName = keyof typeof JOB_SCHEMAS;
export type JobData<N extends JobName> = z.infer<(typeof JOB_SCHEMAS)[N]>;
