/**
 * Background jobs, named in one map with the schema of their data. Job data crosses a trust boundary
 * (anything that can write to Redis can enqueue), so every job is parsed before it is handled.
 */
import * as z from 'zod';

export const JOB_SCHEMAS = {
	/** Recurring: proves a worker is alive; /healthz reports when it last ran. */
	'system:heartbeat': z.object({}).strict(),
	/** At a vote's deadline: close it and publish its result. Idempotent: a closed vote is left as it is. */
	'vote:close': z.object({ meetingId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), voteId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict()
} as const;

export type JobName = keyof typeof JOB_SCHEMAS;
export type JobData<N extends JobName> = z.infer<(typeof JOB_SCHEMAS)[N]>;
