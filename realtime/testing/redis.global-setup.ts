/**
 * Vitest global setup: one real redis-server for the whole run, on a free port, in a temporary folder,
 * isolated from any other Redis on the machine. Each test file takes a database of its own
 * (see `testRedisUrl`), so files run in parallel without seeing each other's keys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { type ManagedRedis, startManagedRedis } from '../redis/managed-redis';

declare module 'vitest' {
	export interface ProvidedContext {
		redisBaseUrl: string;
	}
}

let redis: ManagedRedis | undefined;
let dir: string | undefined;

export async function setup(project: TestProject) {
	dir = mkdtempSync(path.join(os.tmpdir(), 'wzt-test-redis-'));
	redis = await startManagedRedis({ dataDir: dir, supervise: false, extraArgs: ['--databases', '1024'] });
	project.provide('redisBaseUrl', redis.url);
}

export async function teardown() {
	await redis?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
}
