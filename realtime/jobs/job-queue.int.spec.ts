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

	it('runs a deduplicated job once at a time, and once more after it however many asked meanwhile', async () => {
		const url = await testRedisUrl();
		let runs = 0;
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		let started!: () => void;
		const running = new Promise<void>((resolve) => (started = resolve));
		let secondDone!: () => void;
		const second = new Promise<void>((resolve) => (secondDone = resolve));
		jobs = await startJobQueue(
			url,
			{
				'system:heartbeat': async () => {},
				'outbox:dispatch': async () => {
					runs += 1;
					if (runs === 1) {
						started();
						await held;
					}
					if (runs === 2) secondDone();
				}
			},
			{ heartbeatEveryMs: 3_600_000 }
		);
		await jobs.enqueue('outbox:dispatch', {}, { dedupe: 'outbox-dispatch' });
		await running;
		for (let i = 0; i < 20; i++) await jobs.enqueue('outbox:dispatch', {}, { dedupe: 'outbox-dispatch' });
		release();
		await second;
		// Once the second run has finished nothing more waits: the 20 asks made one run. (Delayed jobs are
		// left out: the heartbeat's next run is always there.)
		const pending = async () => Object.values(await jobs!.queue.getJobCounts('waiting', 'active', 'prioritized')).reduce((a, b) => a + b, 0);
		const deadline = Date.now() + 5000;
		while ((await pending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
		expect(await pending()).toBe(0);
		expect(runs).toBe(2);
	});
});
