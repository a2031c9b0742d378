import { QueueEvents } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../testing/test-redis';
import { type JobQueue, startJobQueue } from './job-queue';

describe('the job queue on node-redis', () => {
	let jobs: JobQueue | undefined;
	afterEach(async () => {
		await jobs?.close();
		jobs = undefined;
	});

	it('runs the heartbeat through the worker on its schedule', async () => {
		const url = await testRedisUrl();
		let beats = 0;
		let resolveTwo!: () => void;
		const twoBeats = new Promise<void>((resolve) => (resolveTwo = resolve));
		jobs = await startJobQueue(
			url,
			{
				'system:heartbeat': async () => {
					beats += 1;
					if (beats === 2) resolveTwo();
				},
				'vote:close': async () => {}
			},
			{ heartbeatEveryMs: 200 }
		);
		await twoBeats;
		// One scheduler however often the server starts: registering it again keeps one.
		const schedulers = await jobs.queue.getJobSchedulers();
		expect(schedulers.map((s) => s.key)).toEqual(['system:heartbeat']);
	});

	it('fails a job whose data does not match its schema without retrying it, and one it does not know', async () => {
		const url = await testRedisUrl();
		const handled: string[] = [];
		jobs = await startJobQueue(url, { 'system:heartbeat': async (_data, job) => void handled.push(job.id!), 'vote:close': async () => {} }, { heartbeatEveryMs: 3_600_000 });
		const events = new QueueEvents(jobs.queue.name, { connection: jobs.queue.opts.connection, prefix: jobs.queue.opts.prefix });
		await events.waitUntilReady();
		try {
			const forged = await jobs.queue.add('system:heartbeat', { injected: '<script>' }, { attempts: 3 });
			const unknown = await jobs.queue.add('system:format-disk', {}, { attempts: 3 });
			await expect(forged.waitUntilFinished(events, 10_000)).rejects.toThrow(/bad data for system:heartbeat/);
			await expect(unknown.waitUntilFinished(events, 10_000)).rejects.toThrow(/unknown job system:format-disk/);
			expect((await jobs.queue.getJob(forged.id!))?.attemptsMade).toBe(1);
			expect(handled).not.toContain(forged.id);
			expect(handled).not.toContain(unknown.id);
		} finally {
			await events.close();
		}
	});
});
