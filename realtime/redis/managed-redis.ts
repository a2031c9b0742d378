/**
 * The embedded default: a `redis-server` child on a free loopback port, its data under DATA_DIR, with
 * AOF and `appendfsync always` so an acknowledged write survives a crash. The child dies with us: on
 * Linux it is started under `setpriv --pdeathsig`, so the kernel stops it even after `kill -9` of this
 * process; elsewhere (and as a second guard) a pid file lets the next start stop a stray one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { StartupError } from '../startup-error';

export interface ManagedRedis {
	url: string;
	port: number;
	/** The redis-server process id (changes if the supervisor restarts it). */
	pid(): number | undefined;
	/** Stops redis-server gracefully (it flushes its AOF), killing it if it does not exit in time. */
	stop(): Promise<void>;
}

export interface ManagedRedisOptions {
	dataDir: string;
	log?: (line: string) => void;
	/** Restart redis-server if it dies on its own; on by default. */
	supervise?: boolean;
	/** More redis-server arguments, e.g. `['--databases', '256']` for the test harness. */
	extraArgs?: string[];
}

const READY_LINE = /Ready to accept connections/;

export function findExecutable(name: string, searchPath = process.env.PATH ?? ''): string | null {
	const dirs = [...searchPath.split(path.delimiter), '/usr/sbin', '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];
	for (const dir of dirs) {
		if (!dir) continue;
		const candidate = path.join(dir, name);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {
			// not here
		}
	}
	return null;
}

/** Makes sure `dir` exists and can be written, or says how to fix it. */
export function ensureWritableDir(dir: string, settingName = 'DATA_DIR'): void {
	try {
		mkdirSync(dir, { recursive: true });
		const probe = path.join(dir, `.write-probe-${process.pid}`);
		writeFileSync(probe, '');
		rmSync(probe);
	} catch (err) {
		const reason = (err as NodeJS.ErrnoException).code ?? String(err);
		throw new StartupError(
			`${settingName} ${dir} is not writable (${reason})`,
			`choose a folder you can write, e.g. ${settingName}=./data, or fix its permissions`
		);
	}
}

export function freePort(host = '127.0.0.1'): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, host, () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Stops a redis-server left running from a previous start of ours with the same data folder. */
async function stopStray(pidFile: string, log: (line: string) => void): Promise<void> {
	if (!existsSync(pidFile)) return;
	const pid = Number(readFileSync(pidFile, 'utf8').trim());
	if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
	let cmdline = '';
	try {
		cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
	} catch {
		return; // cannot tell what it is: leave it alone
	}
	if (!cmdline.includes('redis-server')) return;
	log(`stopping a redis-server (pid ${pid}) left over from an earlier run`);
	process.kill(pid, 'SIGTERM');
	for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
	if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

export async function startManagedRedis(options: ManagedRedisOptions): Promise<ManagedRedis> {
	const log = options.log ?? (() => {});
	const redisDir = path.join(options.dataDir, 'redis');
	ensureWritableDir(options.dataDir);
	mkdirSync(redisDir, { recursive: true });

	const binary = findExecutable('redis-server');
	if (!binary) {
		throw new StartupError(
			'redis-server is not installed',
			'install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis), or set REDIS_URL to a Redis you run'
		);
	}
	const pidFile = path.join(redisDir, 'redis.pid');
	await stopStray(pidFile, log);

	const port = await freePort();
	const setpriv = process.platform === 'linux' ? findExecutable('setpriv') : null;
	const redisArgs = [
		'--port', String(port),
		'--bind', '127.0.0.1',
		'--protected-mode', 'yes',
		'--dir', redisDir,
		'--pidfile', pidFile,
		'--daemonize', 'no',
		'--appendonly', 'yes',
		'--appendfsync', 'always',
		'--save', '',
		'--logfile', '',
		...(options.extraArgs ?? [])
	];
	const [command, args] = setpriv
		? [setpriv, ['--pdeathsig', 'SIGTERM', '--', binary, ...redisArgs]]
		: [binary, redisArgs];

	let child: ChildProcess;
	let stopping = false;
	let restarts = 0;
	const recent: string[] = [];

	const launch = () =>
		new Promise<void>((resolve, reject) => {
			const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
			child = proc;
			let ready = false;
			const onOutput = (chunk: Buffer) => {
				for (const line of chunk.toString().split('\n')) {
					if (!line.trim()) continue;
					recent.push(line);
					if (recent.length > 20) recent.shift();
					if (!ready && READY_LINE.test(line)) {
						ready = true;
						resolve();
					}
				}
			};
			proc.stdout!.on('data', onOutput);
			proc.stderr!.on('data', onOutput);
			proc.once('error', (err) => reject(new StartupError(`could not run ${binary} (${err.message})`, 'reinstall redis-server or set REDIS_URL')));
			proc.once('exit', (code, signal) => {
				if (!ready) {
					const tail = recent.slice(-3).join(' | ');
					reject(new StartupError(`redis-server exited while starting (${signal ?? `code ${code}`}): ${tail}`, `check ${redisDir} or set REDIS_URL`));
					return;
				}
				if (stopping || options.supervise === false) return;
				// Supervision: bring it back on the same port; clients reconnect by themselves.
				restarts += 1;
				const delay = Math.min(200 * restarts, 5000);
				log(`redis-server stopped unexpectedly (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
				setTimeout(() => {
					if (stopping) return;
					launch().then(
						() => log('redis-server is back'),
						(err: Error) => log(`redis-server could not be restarted: ${err.message}`)
					);
				}, delay).unref();
			});
		});

	await launch();
	log(`embedded redis-server (pid ${child!.pid}) on 127.0.0.1:${port}, data in ${redisDir} (AOF, appendfsync always)`);

	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		pid: () => child.pid,
		async stop() {
			stopping = true;
			const proc = child;
			if (proc.exitCode !== null || proc.signalCode !== null) return;
			const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
			proc.kill('SIGTERM');
			const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
		}
	};
}
