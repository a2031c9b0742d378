/**
 * `npm run bench:clock [-- --screens 500 --rounds 30]`: how closely the wall screens agree on the
 * remaining time of a phase clock, and how soon the last of them shows a host's pause, resume or
 * extension.
 *
 * The real server runs in its own process (`realtime/main.ts`, managed Redis, demo meeting); the
 * screens run in another (`screens.load.ts`), each a real Socket.io client that syncs its clock as
 * the web client does; the host drives the meeting from this process. Every time is `Date.now()`,
 * the machine's one wall clock, so the server, the host and the screens share it and the true clock
 * offset of every screen is 0: what a screen estimates is its error. See README.md for what the
 * figures mean and what they leave out.
 *
 * Prints the figures, then one JSON line last. Exit code 0: ran and met both targets; 1: broken (a
 * screen missed an update, a command failed, the server died); 2: ran but missed a target.
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Socket, io } from 'socket.io-client';
import type { LiveAck } from '../../shared/live.schema';
import { type ClientToServerEvents, PROTOCOL_VERSION, type ServerToClientEvents } from '../../shared/protocol';
import type { Result } from '../../shared/result';
import { type BenchServer, cpuMs, rssMb, startBenchServer } from './bench.server';
import { formatSummary, ms, summarize } from './bench.stats';
import type { FromLoad, LoadArrived, LoadStopped, SyncReport, ToLoad } from './clock-bench.messages';

const TARGET_SPREAD_P99_MS = 50;
const TARGET_ACTION_TO_LAST_SCREEN_P99_MS = 100;
const INQUIRY_ITEM = 'a2-inquiry';
const QUESTION = 'q1';
const EXTEND_SECONDS = 60;
const ACK_TIMEOUT_MS = 5_000;
const OPS = ['pause', 'resume', 'extend'] as const;
type Op = (typeof OPS)[number];

type HostSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const USAGE = `usage: npm run bench:clock -- [--screens N] [--rounds N] [--gap-ms MS] [--timeout-ms MS]
                                  [--resync-window-ms MS] [--connect-concurrency N] [--cpu-prof DIR]
  --screens N              wall screens connected (default 500)
  --rounds N               host actions, cycling pause / resume / extend +${EXTEND_SECONDS} s (default 30)
  --gap-ms MS              quiet time between actions, MS to 2×MS at random (default 250)
  --timeout-ms MS          a screen without the update after this long fails the bench (default 5000)
  --resync-window-ms MS    before each action, every screen re-syncs its clock at a random moment within
                           this window, so each action is read with fresh estimates (default 0: screens
                           sync on connecting and every 30 s, as the web client does)
  --connect-concurrency N  screens connecting at once at the start (default 50)
  --cpu-prof DIR           write V8 CPU profiles of the server and the load process to DIR
  --verbose                print one line per action`;

interface Options {
	screens: number;
	rounds: number;
	gapMs: number;
	timeoutMs: number;
	resyncWindowMs: number;
	connectConcurrency: number;
	cpuProfDir: string | null;
	verbose: boolean;
}

function options(argv: string[]): Options {
	const { values } = parseArgs({
		args: argv,
		options: {
			screens: { type: 'string', default: '500' },
			rounds: { type: 'string', default: '30' },
			'gap-ms': { type: 'string', default: '250' },
			'timeout-ms': { type: 'string', default: '5000' },
			'resync-window-ms': { type: 'string', default: '0' },
			'connect-concurrency': { type: 'string', default: '50' },
			'cpu-prof': { type: 'string' },
			verbose: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
	if (values.help) {
		console.log(USAGE);
		process.exit(0);
	}
	const count = (name: string, raw: string, min: number) => {
		const n = Number(raw);
		if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, not ${JSON.stringify(raw)}`);
		return n;
	};
	return {
		screens: count('screens', values.screens, 1),
		rounds: count('rounds', values.rounds, 1),
		gapMs: count('gap-ms', values['gap-ms'], 0),
		timeoutMs: count('timeout-ms', values['timeout-ms'], 1),
		resyncWindowMs: count('resync-window-ms', values['resync-window-ms'], 0),
		connectConcurrency: count('connect-concurrency', values['connect-concurrency'], 1),
		cpuProfDir: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : null,
		verbose: values.verbose
	};
}

class UsageError extends Error {}
/** Something that makes the figures meaningless: reported, and the bench exits 1. */
class BenchFailure extends Error {}

/** The screen load process and the messages it sends, one awaited at a time. */
class LoadProcess {
	readonly #child: ChildProcess;
	readonly #inbox: FromLoad[] = [];
	#wake: (() => void) | null = null;
	#exit: string | null = null;

	readonly #exited: Promise<void>;

	constructor(nodeFlags: string[] = []) {
		this.#child = fork(path.join(import.meta.dirname, 'screens.load.ts'), [], {
			execArgv: ['--import', 'tsx', ...nodeFlags],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		this.#child.on('message', (message: FromLoad) => {
			this.#inbox.push(message);
			this.#wake?.();
		});
		this.#exited = new Promise((resolve) =>
			this.#child.on('exit', (code, signal) => {
				this.#exit = `the screen load process exited (${signal ?? `code ${code}`})`;
				this.#wake?.();
				resolve();
			})
		);
	}

	/** Waits for the process to end by itself (it writes its CPU profile on the way out), then kills it. */
	async end(timeoutMs: number): Promise<void> {
		await Promise.race([this.#exited, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
		this.kill();
	}

	get pid(): number {
		return this.#child.pid!;
	}

	send(message: ToLoad): void {
		this.#child.send(message);
	}

	/** The next message, which must be of `type`; a failure or an exit of the process throws. */
	async next<T extends FromLoad['type']>(type: T, timeoutMs: number): Promise<Extract<FromLoad, { type: T }>> {
		const deadline = Date.now() + timeoutMs;
		while (this.#inbox.length === 0) {
			if (this.#exit) throw new BenchFailure(this.#exit);
			const left = deadline - Date.now();
			if (left <= 0) throw new BenchFailure(`the screen load process sent no '${type}' within ${timeoutMs} ms`);
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, left);
				this.#wake = () => {
					clearTimeout(timer);
					resolve();
				};
			});
			this.#wake = null;
		}
		const message = this.#inbox.shift()!;
		if (message.type === 'failed') throw new BenchFailure(`screen load process: ${message.message}`);
		if (message.type !== type) throw new BenchFailure(`the screen load process sent '${message.type}' where '${type}' was due`);
		return message as Extract<FromLoad, { type: T }>;
	}

	kill(): void {
		if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
	}
}

function expectOk<T>(result: Result<T>, what: string): T {
	if (!result.ok) throw new BenchFailure(`${what} was refused: ${result.error.code} ${result.error.message.en}`);
	return result.data;
}

async function connectHost(server: BenchServer, cookie: string): Promise<HostSocket> {
	const socket: HostSocket = io(server.baseUrl, {
		auth: { protocol: PROTOCOL_VERSION },
		extraHeaders: { cookie },
		transports: ['websocket'],
		reconnection: false,
		forceNew: true
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	const host = socket.timeout(ACK_TIMEOUT_MS);
	expectOk(await host.emitWithAck('meeting:join', { meetingId: server.meetingId }), 'meeting:join');
	expectOk(await host.emitWithAck('sign-in:toggle', { open: true }), 'sign-in:toggle');
	expectOk(await host.emitWithAck('agenda:control', { itemId: INQUIRY_ITEM, action: 'activate' }), 'agenda:control activate');
	expectOk(await host.emitWithAck('question:step', { entryId: QUESTION, from: 'queued', action: { type: 'call' } }), 'question:step call');
	return socket;
}

function clockControl(host: HostSocket, op: Op): Promise<Result<LiveAck>> {
	const request = op === 'extend' ? { entryId: QUESTION, from: 'asking' as const, op, bySeconds: EXTEND_SECONDS } : { entryId: QUESTION, from: 'asking' as const, op };
	return host.timeout(ACK_TIMEOUT_MS).emitWithAck('clock:control', request);
}

interface Round {
	op: Op;
	ackMs: number;
	arrived: LoadArrived;
	sync: SyncReport | null;
	serverCpuMs: number;
}

function describeSync(label: string, sync: SyncReport): string {
	return `${label}: offsets range ${ms(sync.offsetRangeMs)} ms, |offset error| ${formatSummary(sync.offsetErrorMs)}; chosen sample RTT ${formatSummary(sync.rttMs)}${sync.failed ? `; ${sync.failed} screens without an estimate` : ''}`;
}

async function run(opts: Options): Promise<number> {
	const cleanups: (() => Promise<void> | void)[] = [];
	const cleanUp = async () => {
		for (const step of cleanups.splice(0).reverse()) await Promise.resolve(step()).catch(() => {});
	};
	const interrupted = (signal: NodeJS.Signals) => {
		console.error(`${signal}: cleaning up`);
		void cleanUp().then(() => process.exit(130));
	};
	process.once('SIGINT', interrupted);
	process.once('SIGTERM', interrupted);

	try {
		console.log(`clock bench: ${opts.screens} screens, ${opts.rounds} host actions (pause / resume / extend +${EXTEND_SECONDS} s)`);
		const server = await startBenchServer({ nodeFlags: opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [] });
		cleanups.push(() => server.stop());
		console.log(`server: pid ${server.pid} on ${server.baseUrl}, managed redis-server pid ${server.redisPid ?? '?'}`);

		const cookie = await server.loginAdmin();
		const token = await server.screenToken(cookie);
		const host = await connectHost(server, cookie);
		cleanups.push(() => void host.close());

		const load = new LoadProcess(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : []);
		cleanups.push(() => load.kill());
		load.send({ type: 'start', url: server.baseUrl, token, meetingId: server.meetingId, screens: opts.screens, connectConcurrency: opts.connectConcurrency });
		const ready = await load.next('ready', 60_000 + opts.screens * 100);
		console.log(`screens: ${opts.screens} connected, joined and synced in ${ready.connectMs} ms (load process pid ${load.pid}); live:state for a screen is ${ready.viewBytes} bytes`);
		console.log(describeSync('clock sync during the connection storm', ready.sync));

		const rounds: Round[] = [];
		let extendedMs = 0;
		for (let r = 0; r < opts.rounds; r++) {
			await new Promise((resolve) => setTimeout(resolve, opts.gapMs * (1 + Math.random())));
			let sync: SyncReport | null = null;
			if (opts.resyncWindowMs > 0) {
				load.send({ type: 'resync', windowMs: opts.resyncWindowMs });
				sync = (await load.next('resynced', opts.resyncWindowMs + 30_000)).sync;
			}
			const op = OPS[r % OPS.length]!;
			const cpuBefore = cpuMs(server.pid);
			const sentAt = Date.now();
			const ack = expectOk(await clockControl(host, op), `clock:control ${op}`);
			const ackMs = Date.now() - sentAt;
			load.send({ type: 'await', round: r, version: ack.version, sentAt, timeoutMs: opts.timeoutMs });
			const arrived = await load.next('arrived', opts.timeoutMs + 30_000);
			const serverCpuMs = cpuMs(server.pid) - cpuBefore;

			if (arrived.missing > 0) throw new BenchFailure(`round ${r} (${op}): ${arrived.missing} of ${opts.screens} screens did not get live version ${ack.version} within ${opts.timeoutMs} ms`);
			if (arrived.clockMismatches > 0) throw new BenchFailure(`round ${r} (${op}): ${arrived.clockMismatches} screens hold another clock than the rest at the same version`);
			if (op === 'extend') extendedMs += EXTEND_SECONDS * 1000;
			const expectedState = op === 'pause' ? 'paused' : 'running';
			if (arrived.clockState !== expectedState || arrived.extendedMs !== extendedMs) {
				throw new BenchFailure(`round ${r} (${op}): screens show a ${arrived.clockState} clock extended by ${arrived.extendedMs} ms, not ${expectedState} extended by ${extendedMs} ms`);
			}
			rounds.push({ op, ackMs, arrived, sync, serverCpuMs });
			if (opts.verbose) {
				const { latencyMs: l, remaining } = arrived;
				console.log(
					`  #${String(r).padStart(3)} ${op.padEnd(6)} v${ack.version} at ${sentAt}: ack ${ackMs} ms; screens first ${l.min}, median ${l.p50}, last ${l.max} ms; spread ${ms(remaining.spreadMs)} ms; server CPU ${serverCpuMs} ms`
				);
			}
		}

		const rssServer = rssMb(server.pid);
		const peakServer = rssMb(server.pid, 'VmHWM');
		const rssRedis = server.redisPid === null ? Number.NaN : rssMb(server.redisPid);
		load.send({ type: 'stop' });
		const stopped: LoadStopped = await load.next('stopped', 30_000);
		await load.end(10_000);
		if (stopped.disconnects > 0) throw new BenchFailure(`${stopped.disconnects} screens were disconnected during the bench`);

		// A paused clock shows the same frozen value on every screen by construction (spread 0): only
		// actions that leave the clock running say anything about the screens' clock estimates.
		const running = rounds.filter((r) => r.arrived.clockState === 'running');
		const spread = summarize(running.map((r) => r.arrived.remaining.spreadMs));
		const toLast = summarize(rounds.map((r) => r.arrived.latencyMs.max));
		const toMedian = summarize(rounds.map((r) => r.arrived.latencyMs.p50));
		const toFirst = summarize(rounds.map((r) => r.arrived.latencyMs.min));
		const fanOut = summarize(rounds.map((r) => r.arrived.fanOutMs));
		const ack = summarize(rounds.map((r) => r.ackMs));
		const cpuPerAction = rounds.reduce((sum, r) => sum + r.serverCpuMs, 0) / rounds.length;
		const offsetRanges = summarize(rounds.flatMap((r) => (r.sync ? [r.sync.offsetRangeMs] : [])));

		const spreadMet = spread.p99 <= TARGET_SPREAD_P99_MS;
		const latencyMet = toLast.p99 <= TARGET_ACTION_TO_LAST_SCREEN_P99_MS;
		const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
		console.log('');
		console.log(`spread of displayed remaining time across ${opts.screens} screens at one instant, after each action that leaves the clock running:`);
		console.log(`  ${formatSummary(spread)} — target p99 ≤ ${TARGET_SPREAD_P99_MS} ms: ${verdict(spreadMet)}`);
		console.log(`  (${rounds.length - running.length} pauses not counted: a paused clock shows one frozen value everywhere)`);
		if (offsetRanges.n) console.log(`  offsets range after each re-sync: ${formatSummary(offsetRanges)}`);
		console.log(`host action → last screen's live:state: ${formatSummary(toLast)} — target p99 ≤ ${TARGET_ACTION_TO_LAST_SCREEN_P99_MS} ms: ${verdict(latencyMet)}`);
		console.log(`  → first screen ${formatSummary(toFirst)}; → median screen ${formatSummary(toMedian)}`);
		console.log(`  fan-out, first to last screen: ${formatSummary(fanOut)}`);
		console.log(`  host's ack: ${formatSummary(ack)}`);
		console.log(`server: ${ms(cpuPerAction)} ms CPU per action (10 ms ticks, averaged), RSS ${ms(rssServer)} MB (peak ${ms(peakServer)} MB); redis-server RSS ${ms(rssRedis)} MB`);
		console.log(`load process: ${ms(stopped.cpuMs / 1000)} s CPU in all; its event-loop delay ${formatSummary(stopped.eventLoopDelayMs)}`);
		if (opts.cpuProfDir) console.log(`CPU profiles of the server and the load process: ${opts.cpuProfDir} (the server's is written as it exits)`);

		const result = {
			screens: opts.screens,
			rounds: rounds.length,
			spread_p50_ms: ms(spread.p50),
			spread_p99_ms: ms(spread.p99),
			action_to_last_screen_p50_ms: ms(toLast.p50),
			action_to_last_screen_p99_ms: ms(toLast.p99),
			rss_mb_server: ms(rssServer),
			spread_samples: spread.n,
			action_to_first_screen_p99_ms: ms(toFirst.p99),
			fan_out_p99_ms: ms(fanOut.p99),
			ack_p99_ms: ms(ack.p99),
			offset_error_p99_ms: ms(Math.max(ready.sync.offsetErrorMs.p99, worstOfResyncs(rounds, (s) => s.offsetErrorMs.p99))),
			server_cpu_ms_per_action: ms(cpuPerAction),
			rss_mb_redis: ms(rssRedis),
			load_event_loop_delay_p99_ms: ms(stopped.eventLoopDelayMs.p99),
			view_bytes: ready.viewBytes,
			time_base: 'Date.now()',
			targets_met: spreadMet && latencyMet
		};
		await cleanUp();
		console.log(JSON.stringify(result));
		return result.targets_met ? 0 : 2;
	} catch (err) {
		await cleanUp();
		if (err instanceof BenchFailure) {
			console.error(`clock bench FAILED: ${err.message}`);
		} else {
			console.error('clock bench FAILED:', err);
		}
		console.log(JSON.stringify({ screens: opts.screens, error: err instanceof Error ? err.message : String(err) }));
		return 1;
	}
}

/** The worst of a figure over the re-syncs before the rounds (-Infinity when there were none). */
function worstOfResyncs(rounds: Round[], pick: (sync: SyncReport) => number): number {
	return Math.max(...rounds.flatMap((r) => (r.sync ? [pick(r.sync)] : [])));
}

let opts: Options;
try {
	opts = options(process.argv.slice(2));
} catch (err) {
	console.error(err instanceof Error ? err.message : err);
	console.error(USAGE);
	process.exit(1);
}
process.exitCode = await run(opts);
