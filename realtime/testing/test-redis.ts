/** For integration tests: a database of the run's real Redis that no other test file uses. */
import { createClient } from 'redis';
import { inject } from 'vitest';
import { connectRedis, type RedisClient } from '../redis/redis-connection';

/** Claims an unused database number (atomically, across parallel test files) and empties it. */
export async function testRedisUrl(): Promise<string> {
	const base = inject('redisBaseUrl');
	const admin = createClient({ url: base });
	await admin.connect();
	const db = await admin.incr('test:next-db');
	await admin.close();
	if (db >= 1024) throw new Error('test harness ran out of Redis databases');
	const url = `${base}/${db}`;
	const client = createClient({ url });
	await client.connect();
	await client.flushDb();
	await client.close();
	return url;
}

export async function testRedis(): Promise<{ url: string; redis: RedisClient }> {
	const url = await testRedisUrl();
	return { url, redis: await connectRedis(url, 'wzt-test') };
}
