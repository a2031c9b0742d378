/** The server as `npm start` runs it: configuration errors, restarts, signals, crashes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startManagedRedis } from './redis/managed-redis';
import { eventually, isRunning, managedRedisPid, spawnServer, startServerProcess, type ServerProcess } from './testing/server-process';

const dirs: string[] = [];
const servers: ServerProcess[] = [];

function tempDir(): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'wzt-server-'));
	dirs.push(dir);
	return dir;
}

function track<S extends ServerProcess>(server: S): S {
	servers.push(server);
	return server;
}

afterEach(async () => {
	for (const s of servers.splice(0)) {
		if (s.proc.exitCode === null && s.proc.signalCode === null) {
			s.proc.kill('SIGKILL');
			await s.exited;
		}
	}
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The one line a person sees when the server refuses to start. */
async function refusal(server: ServerProcess): Promise<string> {
	const { code } = await server.exited;
	expect(code).toBe(1);
	const lines = server.output().trim().split('\n').filter((l) => l.includes('cannot start'));
	expect(lines).toHaveLength(1);
	return lines[0]!;
}

describe('start-up with bad configuration', () => {
	it('says PORT is busy and how to fix it, and leaves no redis-server behind', async () => {
		const blocker = net.createServer();
		const port = await freePort();
		await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
		const dataDir = tempDir();
		try {
			const server = track(spawnServer({ PORT: String(port), DATA_DIR: dataDir }));
			const line = await refusal(server);
			expect(line).toContain(`PORT ${port} is already in use`);
			expect(line).toMatch(/PORT=\d+/);
			const pid = managedRedisPid(server);
			expect(pid).not.toBeNull();
			await eventually(() => !isRunning(pid!), 5000, 'managed redis-server gone');
		} finally {
			blocker.close();
		}
	});

	it('says a REDIS_URL does not answer', async () => {
		const port = await freePort();
		const line = await refusal(track(spawnServer({ REDIS_URL: `redis://127.0.0.1:${port}`, DATA_DIR: tempDir() })));
		expect(line).toContain(`Redis at redis://127.0.0.1:${port} does not answer`);
		expect(line).toContain('unset REDIS_URL');
	});

	it('says DATA_DIR cannot be written', async () => {
		const file = path.join(tempDir(), 'not-a-folder');
		writeFileSync(file, '');
		const line = await refusal(track(spawnServer({ DATA_DIR: path.join(file, 'data') })));
		expect(line).toContain('is not writable');
		expect(line).toContain('DATA_DIR=');
	});

	it('says which setting is malformed', async () => {
		const line = await refusal(track(spawnServer({ PORT: 'eighty', DATA_DIR: tempDir() })));
		expect(line).toContain('PORT="eighty" is not valid');
	});
});

describe('the embedded Redis lives and dies with the server', () => {
	it('keeps the demo meeting across a kill -9 and a restart, loads it once, and leaves no redis-server running', async () => {
		const dataDir = tempDir();
		const first = track(await startServerProcess({ DATA_DIR: dataDir }));
		expect(first.output()).toContain('loaded the demo meeting');
		expect(first.output()).toMatch(/created the administrator account: user name admin, password \S{8,}/);
		const redisPid = managedRedisPid(first)!;
		expect(isRunning(redisPid)).toBe(true);

		first.proc.kill('SIGKILL');
		await first.exited;
		await eventually(() => !isRunning(redisPid), 5000, 'orphaned redis-server gone');

		const second = track(await startServerProcess({ DATA_DIR: dataDir }));
		expect(second.output()).not.toContain('loaded the demo meeting');
		expect(second.output()).not.toContain('created the administrator account');
		const list = (await (await fetch(`http://127.0.0.1:${second.port}/api/meetings`)).json()) as { data: { id: string }[] };
		expect(list.data.map((m) => m.id)).toEqual(['demo-2026-midyear']);
	});

	it('stops everything on SIGTERM within a few seconds', async () => {
		const dataDir = tempDir();
		const server = track(await startServerProcess({ DATA_DIR: dataDir }));
		const redisPid = managedRedisPid(server)!;
		const started = Date.now();
		server.proc.kill('SIGTERM');
		const { code } = await server.exited;
		expect(code).toBe(0);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(isRunning(redisPid)).toBe(false);
	});

	it('restarts its redis-server when it dies, and keeps the data', async () => {
		const dataDir = tempDir();
		const server = track(await startServerProcess({ DATA_DIR: dataDir }));
		const before = managedRedisPid(server)!;
		process.kill(before, 'SIGKILL');
		await server.waitFor(/redis-server is back/);
		const health = (await (await fetch(`http://127.0.0.1:${server.port}/healthz`)).json()) as { redis: { reachable: boolean } };
		expect(health.redis.reachable).toBe(true);
		const list = (await (await fetch(`http://127.0.0.1:${server.port}/api/meetings`)).json()) as { data: unknown[] };
		expect(list.data).toHaveLength(1);
	});
});

describe('an external Redis given by REDIS_URL', () => {
	it('is reported loudly, at start-up and in /healthz, when it would lose acknowledged writes', async () => {
		const weak = await startManagedRedis({ dataDir: tempDir(), supervise: false, extraArgs: ['--appendfsync', 'everysec'] });
		try {
			const server = track(await startServerProcess({ REDIS_URL: weak.url, DATA_DIR: tempDir() }));
			expect(server.output()).toMatch(/WARNING: Redis uses appendfsync everysec/);
			const health = (await (await fetch(`http://127.0.0.1:${server.port}/healthz`)).json()) as {
				status: string;
				redis: { managed: boolean; persistence: string; durable: boolean; warning: { zh: string } };
			};
			expect(health.status).toBe('degraded');
			expect(health.redis).toMatchObject({ managed: false, persistence: 'aof-everysec', durable: false });
			expect(health.redis.warning.zh).toContain('appendfsync');
		} finally {
			await weak.stop();
		}
	});
});
