/**
 * The real server for a bench, started as production starts it: `realtime/main.ts` in its own
 * process, with a fresh data directory, its managed Redis, a free port and the demo meeting. Also the
 * REST calls a bench needs (the administrator's log-in, the wall screen's token) and what the kernel
 * says about the processes (memory, CPU time).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AccessView } from '../../shared/api';
import { SESSION_COOKIE } from '../../shared/identity.schema';
import type { Result } from '../../shared/result';
import { DEMO_MEETING_ID } from '../../realtime/meeting/demo-meeting';
import { isRunning } from '../../realtime/testing/server-process';

/** Chosen here, so the bench can log in as the first administrator the server creates. */
const ADMIN_PASSWORD = 'bench-admin-pass';
const STOP_GRACE_MS = 10_000;
const START_TIMEOUT_MS = 30_000;
const ROOT = path.resolve(import.meta.dirname, '../..');

export interface BenchServer {
	baseUrl: string;
	meetingId: string;
	pid: number;
	redisPid: number | null;
	/** Everything the server printed so far. */
	output(): string;
	/** Calls `/api<route>`; throws unless the answer is `{ ok: true }`. */
	api<T>(method: string, route: string, init?: ApiInit): Promise<{ data: T; setCookie: string | null }>;
	/** Logs in as the administrator (a host); returns the session cookie `name=value`. */
	loginAdmin(): Promise<string>;
	/** The wall screens' token of a meeting (the demo meeting unless told). */
	screenToken(adminCookie: string, meetingId?: string): Promise<string>;
	/** Stops the server (SIGTERM, then SIGKILL), makes sure its Redis is gone, removes the data directory. */
	stop(): Promise<void>;
}

export interface ApiInit {
	cookie?: string;
	/** Sent as JSON. */
	json?: unknown;
	/** Sent as is with its own Content-Type (a roster file). */
	raw?: { body: string; type: string };
}

export interface BenchServerOptions {
	/**
	 * Flags for the server's `node`, e.g. `--cpu-prof`. (Not through NODE_OPTIONS, which refuses
	 * `--cpu-prof`: hence this spawn of our own rather than `realtime/testing/server-process.ts`'s.)
	 */
	nodeFlags?: string[];
}

/** `node realtime/main.ts` as `realtime/testing/server-process.ts` runs it; resolves once it listens. */
async function spawnServer(env: Record<string, string>, nodeFlags: string[]): Promise<{ proc: ChildProcess; port: number; output: () => string; exited: Promise<void> }> {
	const proc = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', 'realtime/main.ts'], {
		cwd: ROOT,
		env: { ...process.env, WEB_BUILD: 'none', HOST: '127.0.0.1', PORT: '0', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`the server did not start within ${START_TIMEOUT_MS} ms:\n${out}`)), START_TIMEOUT_MS);
		const onData = (chunk: Buffer) => {
			out += chunk.toString();
			const match = out.match(/is running on port (\d+)/);
			if (match) {
				clearTimeout(timer);
				resolve(Number(match[1]));
			}
		};
		proc.stdout!.on('data', onData);
		proc.stderr!.on('data', onData);
		void exited.then(() => {
			clearTimeout(timer);
			reject(new Error(`the server exited while starting:\n${out}`));
		});
	});
	return { proc, port, output: () => out, exited };
}

export async function startBenchServer(options: BenchServerOptions = {}): Promise<BenchServer> {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wzt-bench-'));
	// The bench measures the managed Redis, as `npm start` runs it, whatever the caller's shell says.
	delete process.env.REDIS_URL;
	let server: Awaited<ReturnType<typeof spawnServer>>;
	try {
		server = await spawnServer({ DATA_DIR: dataDir, ADMIN_PASSWORD, DEMO: '1' }, options.nodeFlags ?? []);
	} catch (err) {
		rmSync(dataDir, { recursive: true, force: true });
		throw err;
	}
	const baseUrl = `http://127.0.0.1:${server.port}`;
	const redisPids = [...server.output().matchAll(/embedded redis-server \(pid (\d+)\)/g)];
	const redisPid = redisPids.length ? Number(redisPids.at(-1)![1]) : null;

	async function api<T>(method: string, route: string, init: ApiInit = {}): Promise<{ data: T; setCookie: string | null }> {
		const headers: Record<string, string> = {};
		if (init.cookie) headers.cookie = init.cookie;
		let sent: string | undefined;
		if (init.raw) {
			headers['content-type'] = init.raw.type;
			sent = init.raw.body;
		} else if (init.json !== undefined) {
			headers['content-type'] = 'application/json';
			sent = JSON.stringify(init.json);
		}
		const res = await fetch(`${baseUrl}/api${route}`, { method, headers, body: sent });
		const body = (await res.json()) as Result<T>;
		if (!body.ok) throw new Error(`${method} ${route}: ${res.status} ${body.error.code} ${body.error.message.en}`);
		return { data: body.data, setCookie: res.headers.get('set-cookie') };
	}

	let stopping: Promise<void> | null = null;
	const stopAll = async () => {
		const { proc } = server;
		if (proc.exitCode === null && proc.signalCode === null) {
			proc.kill('SIGTERM');
			const killer = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
			await server.exited;
			clearTimeout(killer);
		}
		// A server that had to be killed leaves its Redis behind: end that one too (by its pid, nothing else).
		if (redisPid !== null && isRunning(redisPid)) process.kill(redisPid, 'SIGKILL');
		rmSync(dataDir, { recursive: true, force: true });
	};

	return {
		baseUrl,
		meetingId: DEMO_MEETING_ID,
		pid: server.proc.pid!,
		redisPid,
		output: server.output,
		api,
		async loginAdmin() {
			const { setCookie } = await api('POST', '/auth/login', { json: { username: 'admin', password: ADMIN_PASSWORD } });
			const cookie = setCookie?.split(';')[0]?.trim();
			if (!cookie?.startsWith(`${SESSION_COOKIE}=`)) throw new Error('log-in set no session cookie');
			return cookie;
		},
		async screenToken(adminCookie, meetingId = DEMO_MEETING_ID) {
			return (await api<AccessView>('GET', `/meetings/${meetingId}/access`, { cookie: adminCookie })).data.screenToken;
		},
		stop: () => (stopping ??= stopAll())
	};
}

/** Resident memory of a process in MB (VmRSS), or its peak (VmHWM); NaN once it is gone. */
export function rssMb(pid: number, which: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
	try {
		const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${which}:\\s+(\\d+) kB`, 'm'));
		return match ? Number(match[1]) / 1024 : Number.NaN;
	} catch {
		return Number.NaN;
	}
}
