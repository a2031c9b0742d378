/**
 * Runs the real server entry point (`realtime/main.ts`) as a child process, the way `npm start` does,
 * for tests of start-up, shutdown and crashes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
	proc: ChildProcess;
	/** Everything written to stdout and stderr so far. */
	output(): string;
	/** Resolves with the first match of `pattern` in the output, or rejects when the process exits first. */
	waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnServer(env: Record<string, string>): ServerProcess {
	const proc = spawn(process.execPath, ['--import', 'tsx', 'realtime/main.ts'], {
		cwd: ROOT,
		env: { ...process.env, WEB_BUILD: 'none', HOST: '127.0.0.1', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	const waiters = new Set<() => void>();
	const onData = (chunk: Buffer) => {
		out += chunk.toString();
		for (const w of waiters) w();
	};
	proc.stdout!.on('data', onData);
	proc.stderr!.on('data', onData);
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		proc.once('exit', (code, signal) => {
			for (const w of waiters) w();
			resolve({ code, signal });
		})
	);
	return {
		proc,
		output: () => out,
		exited,
		waitFor(pattern, timeoutMs = 15_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					const match = out.match(pattern);
					if (match) return done(() => resolve(match));
					if (proc.exitCode !== null || proc.signalCode !== null) return done(() => reject(new Error(`server exited before ${pattern}:\n${out}`)));
				};
				const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${pattern}:\n${out}`))), timeoutMs);
				const done = (finish: () => void) => {
					clearTimeout(timer);
					waiters.delete(check);
					finish();
				};
				waiters.add(check);
				check();
			});
		}
	};
}

/** Starts the server and waits until it listens; returns its port. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess & { port: number }> {
	const server = spawnServer({ PORT: '0', ...env });
	const match = await server.waitFor(/is running on port (\d+)/);
	return { ...server, port: Number(match[1]) };
}

/** The pid of the managed redis-server this server started (the latest, if it restarted it). */
export function managedRedisPid(server: ServerProcess): number | null {
	const all = [...server.output().matchAll(/embedded redis-server \(pid (\d+)\)/g)];
	return all.length ? Number(all.at(-1)![1]) : null;
}

/** Whether a process is running (a zombie awaiting its reaper counts as gone). */
export function isRunning(pid: number): boolean {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return !/^State:\s+Z/m.test(status);
	} catch {
		return false;
	}
}

/** Polls `condition` until it holds, for conditions no event announces (another process exiting). */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 25));
	}
}
