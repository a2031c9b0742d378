/**
 * The one Redis client (node-redis) and the start-up checks made on it: that it answers, and whether
 * its persistence would keep an acknowledged write through a crash.
 */
import { createClient } from 'redis';
import type { LocalizedText } from '../../shared/result';
import { StartupError } from '../startup-error';

function createAppClient(url: string, name: string) {
	return createClient({
		url,
		name,
		socket: { connectTimeout: 3000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) }
	});
}

export type RedisClient = ReturnType<typeof createAppClient>;

function redactUrl(url: string): string {
	return url.replace(/\/\/([^@/]*)@/, '//***@');
}

/**
 * Connects, failing fast with a clear StartupError when nothing answers at `url`. After this first
 * connection the client reconnects by itself for as long as the server runs.
 */
export async function connectRedis(url: string, name = 'wzt'): Promise<RedisClient> {
	const probe = createClient({ url, socket: { connectTimeout: 3000, reconnectStrategy: false } });
	probe.on('error', () => {});
	try {
		await probe.connect();
		await probe.ping();
	} catch (err) {
		throw new StartupError(
			`Redis at ${redactUrl(url)} does not answer (${(err as Error).message || (err as Error).name})`,
			'start Redis there, correct REDIS_URL, or unset REDIS_URL to use the embedded Redis'
		);
	} finally {
		probe.destroy();
	}
	const client = createAppClient(url, name);
	let lastReported = 0;
	client.on('error', (err: Error) => {
		// Reconnection errors repeat every few hundred ms while Redis is down; say it once a few seconds.
		const now = Date.now();
		if (now - lastReported > 5000) {
			lastReported = now;
			console.error(`[redis] ${err.message}`);
		}
	});
	await client.connect();
	return client;
}

export type PersistenceMode = 'aof-always' | 'aof-everysec' | 'aof-no' | 'rdb-only' | 'none' | 'unknown';

export interface Durability {
	mode: PersistenceMode;
	/** True only when every acknowledged write is on disk before the ack (AOF, appendfsync always). */
	safe: boolean;
	warning: LocalizedText | null;
}

export function describeDurability(appendonly: string | null, appendfsync: string | null, save: string | null): Durability {
	let mode: PersistenceMode;
	if (appendonly === null) mode = 'unknown';
	else if (appendonly === 'yes') mode = appendfsync === 'always' ? 'aof-always' : appendfsync === 'no' ? 'aof-no' : 'aof-everysec';
	else mode = save ? 'rdb-only' : 'none';

	const warnings: Record<Exclude<PersistenceMode, 'aof-always'>, LocalizedText> = {
		'aof-everysec': {
			zh: 'Redis 的 appendfsync 为 everysec：崩溃时可能丢失最近 1 秒内已确认的写入。请设置 appendfsync always。',
			en: 'Redis uses appendfsync everysec: a crash can lose up to 1 s of acknowledged writes. Set appendfsync always.'
		},
		'aof-no': {
			zh: 'Redis 的 appendfsync 为 no：崩溃时可能丢失已确认的写入。请设置 appendfsync always。',
			en: 'Redis uses appendfsync no: a crash can lose acknowledged writes. Set appendfsync always.'
		},
		'rdb-only': {
			zh: 'Redis 未开启 AOF，只有定时快照：崩溃时会丢失上次快照后的所有写入。请设置 appendonly yes 与 appendfsync always。',
			en: 'Redis has no AOF, only snapshots: a crash loses every write since the last one. Set appendonly yes and appendfsync always.'
		},
		none: {
			zh: 'Redis 未开启任何持久化：重启即丢失全部数据。请设置 appendonly yes 与 appendfsync always。',
			en: 'Redis persists nothing: a restart loses all data. Set appendonly yes and appendfsync always.'
		},
		unknown: {
			zh: '无法读取 Redis 的持久化设置（CONFIG 命令不可用），无法确认已确认的写入不会丢失。',
			en: 'Cannot read Redis persistence settings (CONFIG is unavailable); acknowledged writes may not be safe.'
		}
	};
	return mode === 'aof-always' ? { mode, safe: true, warning: null } : { mode, safe: false, warning: warnings[mode] };
}

export async function checkDurability(client: RedisClient): Promise<Durability> {
	try {
		const config = await client.configGet(['appendonly', 'appendfsync', 'save']);
		return describeDurability(config.appendonly ?? null, config.appendfsync ?? null, config.save ?? null);
	} catch {
		return describeDurability(null, null, null);
	}
}
