/**
 * The floor for the vote bench: the least a server can do for a vote, measured under the same load as
 * the real one, so the real figures can be read as ratios on a noisy machine. A bare Socket.io server
 * (default options) and one Redis of its own, started as the real server starts its managed Redis (AOF,
 * `appendfsync always`: `startManagedRedis`). A cast runs one Redis script (dedupe by the press's key,
 * count the choice) and acks; a close reads the tally and broadcasts it to every connection that
 * joined, as the real server sends `vote:state` to every role's room. No sessions, no validation, no
 * sign-in check, no log, no receipts: what is left is sockets, one script and one fsync per batch.
 *
 * Forked by `vote.bench.ts` with an IPC channel: it sends `{ type: 'listening', port, redisPid }`, and
 * stops (Redis too, and its data directory removed) on SIGTERM or when the bench goes away.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { type ManagedRedis, startManagedRedis } from '../../realtime/redis/managed-redis';

/** KEYS: 1 the vote's presses (key → choice), 2 its tally. ARGV: 1 key, 2 choice. Returns { fresh, voted }. */
const CAST_LUA = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return { 0, redis.call('HLEN', KEYS[1]) } end
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
return { 1, redis.call('HLEN', KEYS[1]) }
`;

type Ack = (reply: unknown) => void;

export interface FloorListening {
	type: 'listening';
	port: number;
	redisPid: number;
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wzt-bench-floor-'));
const managed: ManagedRedis = await startManagedRedis({ dataDir, supervise: false }).catch((err: unknown) => {
	rmSync(dataDir, { recursive: true, force: true });
	const failed = { type: 'failed', message: `its redis-server did not start: ${err instanceof Error ? err.message : String(err)}` };
	// Ends once the bench has the reason.
	return new Promise<never>(() => process.send!(failed, () => process.exit(1)));
});
const redis = createClient({ url: managed.url });
await redis.connect();
const castSha = await redis.scriptLoad(CAST_LUA);

const http = createServer();
const io = new Server(http, { serveClient: false });
let votes = 0;

io.on('connection', (socket) => {
	socket.on('meeting:join', (_request: unknown, ack: Ack) => {
		void socket.join('hall');
		ack({ ok: true, data: {} });
	});
	socket.on('vote:open', (_request: unknown, ack: Ack) => ack({ ok: true, data: { voteId: `floor${++votes}` } }));
	socket.on('vote:cast', (request: { voteId: string; key: string; choice: string }, ack: Ack) => {
		redis
			.evalSha(castSha, { keys: [`floor:${request.voteId}:presses`, `floor:${request.voteId}:tally`], arguments: [request.key, request.choice] })
			.then((reply) => {
				const [, voted] = reply as [number, number];
				ack({ ok: true, data: { voteId: request.voteId, receipt: '', choice: request.choice, voted, changed: false } });
			})
			.catch((err: Error) => ack({ ok: false, error: { code: 'INTERNAL', message: { zh: err.message, en: err.message } } }));
	});
	socket.on('vote:close', (request: { voteId: string }, ack: Ack) => {
		redis
			.hGetAll(`floor:${request.voteId}:tally`)
			.then((tally) => {
				const count = (choice: string) => Number(tally[choice] ?? 0);
				const motion = { yes: count('yes'), no: count('no'), abstain: count('abstain') };
				const view = { id: request.voteId, status: 'closed', outcome: { result: { kind: 'motion', motion }, voted: motion.yes + motion.no + motion.abstain, receipts: [] } };
				io.to('hall').emit('vote:state', view);
				ack({ ok: true, data: view });
			})
			.catch((err: Error) => ack({ ok: false, error: { code: 'INTERNAL', message: { zh: err.message, en: err.message } } }));
	});
});

await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

let stopped = false;
async function stop(): Promise<void> {
	if (stopped) return;
	stopped = true;
	io.close();
	await redis.quit().catch(() => {});
	await managed.stop();
	rmSync(dataDir, { recursive: true, force: true });
	process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.on('disconnect', () => void stop());

const listening: FloorListening = { type: 'listening', port: (http.address() as { port: number }).port, redisPid: managed.pid()! };
process.send!(listening);
