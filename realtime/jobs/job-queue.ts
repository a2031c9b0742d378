/**
 * BullMQ on the node-redis client: one queue and one worker for every job in shared/jobs.schema.ts.
 * Deadlines live in Redis as delayed jobs, never in setTimeout, so they fire even if the process that
 * scheduled them died. Later features add a name to JOB_SCHEMAS and a handler here, nothing else.
 */
import { type Job, Queue, UnrecoverableError, Worker, createNodeRedisClient } from 'bullmq';
import { createClient } from 'redis';
import { JOB_SCHEMAS, type JobData, type JobName } from '../../shared/jobs.schema';
import { BULLMQ_PREFIX } from '../redis/redis-keys';

export const QUEUE_NAME = 'jobs';

export type JobHandlers = { [N in JobName]: (data: JobData<N>, job: Job) => Promise<void> };

export interface JobQueue {
	queue: Queue;
	worker: Worker;
	/**
	 * `dedupe`: jobs with this id are one run at a time, and any number asked for while one runs make
	 * one more run after it (BullMQ's deduplication with keepLastIfActive): for "do it again soon" jobs.
	 */
	enqueue<N extends JobName>(name: N, data: JobData<N>, opts?: { delayMs?: number; jobId?: string; attempts?: number; dedupe?: string }): Promise<void>;
	close(): Promise<void>;
}

/**
 * A node-redis client wrapped for BullMQ. BullMQ treats a client it is given as shared and never closes
 * it, so the caller keeps `raw` and closes it after the queue and worker.
 */
function nodeRedisConnection(url: string) {
	const raw = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) } });
	raw.on('error', () => {}); // reported by the main client; BullMQ retries by itself
	const adapted = createNodeRedisClient(raw);
	adapted.on('error', () => {});
	return { raw, adapted };
}

function isJobName(name: string): name is JobName {
	return Object.hasOwn(JOB_SCHEMAS, name);
}

/**
 * `handlers` may leave jobs out (tests that run only some): a job without a handler fails and is
 * retried, so it waits for a process that has one.
 */
export async function startJobQueue(redisUrl: string, handlers: Partial<JobHandlers>, options: { heartbeatEveryMs?: number } = {}): Promise<JobQueue> {
	const queueConnection = nodeRedisConnection(redisUrl);
	const workerConnection = nodeRedisConnection(redisUrl);
	const queue = new Queue(QUEUE_NAME, { connection: queueConnection.adapted, prefix: BULLMQ_PREFIX });
	const worker = new Worker(
		QUEUE_NAME,
		async (job) => {
			if (!isJobName(job.name)) throw new UnrecoverableError(`unknown job ${job.name}`);
			const parsed = JOB_SCHEMAS[job.name].safeParse(job.data);
			if (!parsed.success) throw new UnrecoverableError(`bad data for ${job.name}: ${parsed.error.message}`);
			const handler = handlers[job.name] as ((data: unknown, job: Job) => Promise<void>) | undefined;
			if (!handler) throw new Error(`no handler for ${job.name} in this process`);
			await handler(parsed.data, job);
		},
		{ connection: workerConnection.adapted, prefix: BULLMQ_PREFIX, concurrency: 4 }
	);
	// Connection errors while Redis restarts are expected and retried; they must not crash the process.
	queue.on('error', (err) => console.error(`[jobs] queue: ${err.message}`));
	worker.on('error', (err) => console.error(`[jobs] worker: ${err.message}`));
	await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
	await queue.upsertJobScheduler(
		'system:heartbeat',
		{ every: options.heartbeatEveryMs ?? 30_000 },
		{ name: 'system:heartbeat', data: {}, opts: { removeOnComplete: 10, removeOnFail: 50 } }
	);

	return {
		queue,
		worker,
		async enqueue(name, data, opts = {}) {
			const parsed = JOB_SCHEMAS[name].parse(data);
			await queue.add(name, parsed, {
				delay: opts.delayMs,
				jobId: opts.jobId,
				attempts: opts.attempts ?? 1,
				...(opts.dedupe ? { deduplication: { id: opts.dedupe, keepLastIfActive: true } } : {}),
				backoff: { type: 'exponential', delay: 500 },
				removeOnComplete: 1000,
				removeOnFail: 5000
			});
		},
		async close() {
			await worker.close();
			await queue.close();
			for (const { raw } of [workerConnection, queueConnection]) if (raw.isOpen) await raw.close();
		}
	};
}
