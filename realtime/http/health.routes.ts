/** GET /healthz: is Redis reachable, would it keep acknowledged writes, is a worker alive, which version. */
import { Router } from 'express';
import type { Durability, RedisClient } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';

export interface HealthDeps {
	redis: RedisClient;
	durability: () => Durability;
	version: string;
	redisManaged: boolean;
	startedAt: number;
}

export interface HealthReport {
	status: 'ok' | 'degraded' | 'down';
	version: string;
	uptimeS: number;
	redis: {
		reachable: boolean;
		managed: boolean;
		latencyMs: number | null;
		persistence: Durability['mode'];
		durable: boolean;
		warning: Durability['warning'];
	};
	worker: { lastHeartbeat: string | null };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
	} finally {
		clearTimeout(timer);
	}
}

export function healthRoutes(deps: HealthDeps): Router {
	const router = Router();
	router.get('/healthz', async (_req, res) => {
		let reachable = false;
		let latencyMs: number | null = null;
		let lastHeartbeat: string | null = null;
		try {
			const started = performance.now();
			const beat = await withTimeout(deps.redis.get(keys.workerHeartbeat()), 1000);
			latencyMs = Math.round((performance.now() - started) * 10) / 10;
			reachable = true;
			lastHeartbeat = beat ? new Date(Number(beat)).toISOString() : null;
		} catch {
			reachable = false;
		}
		const durability = deps.durability();
		const report: HealthReport = {
			status: !reachable ? 'down' : durability.safe ? 'ok' : 'degraded',
			version: deps.version,
			uptimeS: Math.round((Date.now() - deps.startedAt) / 1000),
			redis: {
				reachable,
				managed: deps.redisManaged,
				latencyMs,
				persistence: durability.mode,
				durable: durability.safe,
				warning: durability.warning
			},
			worker: { lastHeartbeat }
		};
		res.status(reachable ? 200 : 503).json(report);
	});
	return router;
}
