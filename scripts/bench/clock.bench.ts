/**
 * `npm run bench:clock [-- --screens 500 --rounds 30]`: how closely the wall screens agree on the
 * remaining time of a phase clock, and how soon the last of them shows a host's pause, resume or
 * extension.
 *
 * The real server runs in its own process (`realtime/main.ts`, managed Redis, demo meeting); the
 * screens run in others (`screens.load.ts`), each a real Socket.io client that syncs its clock as the
 * web client does; the host drives the meeting from this process. Every time is `Date.now()`, the
 * machine's one wall clock, shared by the server, the host and the screens: so the true clock offset
 * of every screen is 0 and what a screen estimates is its error. README.md says what the figures
 * mean and what they leave out.
 *
 * Prints the figures, then one JSON line last. Exit code 0: ran and met both targets; 1: broken (a
 * screen missed an update or saw a wrong clock, a command failed, a process died); 2: ran, but
 * missed a target.
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Socket, io } from 'socket.io-client';
import type { LiveAck } from '../../shared/live.schema';
import { type ClientToServerEvents, PROTOCOL_VERSION, type ServerToClientEvents } from '../../shared/protocol';
import type { Result } from '../../shared/result';
import { type PhaseClock, clockState } from '../../shared/timer.rules';
import { cpuWindow, processCpuMs } from './bench.machine';
import { type BenchServer, rssMb, startBenchServer } from './bench.server';
import { type Summary, formatSummary, ms, summarize } from './bench.stats';
import type { FromLoad, LoadStopped, LoadSynced, ToLoad } from './clock-bench.messages';
import { BenchFailure } from './bench.fork';
import { UsageError, wholeNumber } from './bench.options';

const TARGET_SPREAD_P99_MS = 50;
const TARGET_ACTION_TO_LAST_SCREEN_P99_MS = 100;
const INQUIRY_ITEM = 'a2-inquiry';
const QUESTION = 'q1';
const EXTEND_SECONDS = 60;
const ACK_TIMEOUT_MS = 5_000;
/** Above this share of the machine used by others, the figures say more about them than about us. */
const BUSY_MACHINE_PCT = 10;
const OPS = ['pause', 'resume', 'extend'] as const;
type Op = (typeof OPS)[number];

type HostSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const USAGE = `usage: npm run bench:clock -- [options]
  --screens N              wall screens connected (default 500)
  --rounds N               host actions, cycling pause / resume / extend +${EXTEND_SECONDS} s (default 30)
  --gap-ms MS              quiet time between actions, MS to 2×MS at random (default 250)
  --timeout-ms MS          a screen without the update after this long fails the bench (default 5000)
  --resync-window-ms MS    before each action, every screen re-syncs its clock at a random moment within
                           this window, so each action is read with fresh estimates (default 0: screens
                           sync on connecting and every 30 s, as the web client does)
  --load-procs N           processes the screens are spread over (default 1)
  --connect-concurrency N  screens connecting at once at the start, per load process (default 50)
  --cpu-prof DIR           write V8 CPU profiles of the server and the load processes to DIR
  --verbose                print one line per action`;

interface Options {
	screens: number;
	rounds: number;
	gapMs: number;
	timeoutMs: number;
	resyncWindowMs: number;
	loadProcs: number;
	connectConcurrency: number;
	cpuProfDir: string | null;
	verbose: boolean;
}


function parseOptions(argv: string[]): Options {
	const { values } = parseArgs({
		args: argv,
		options: {
			screens: { type: 'string', default: '500' },
			rounds: { type: 'string', default: '30' },
			'gap-ms': { type: 'string', default: '250' },
			'timeout-ms': { type: 'string', default: '5000' },
			'resync-window-ms': { type: 'string', default: '0' },
			'load-procs': { type: 'string', default: '1' },
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
	const screens = wholeNumber('screens', values.screens, 1);
	const loadProcs = wholeNumber('load-procs', values['load-procs'], 1);
	if (loadProcs > screens) throw new UsageError('--load-procs cannot exceed --screens');
	return {
		screens,
		rounds: wholeNumber('rounds', values.rounds, 1),
		gapMs: wholeNumber('gap-ms', values['gap-ms'], 0),
		timeoutMs: wholeNumber('timeout-ms', values['timeout-ms'], 1),
		resyncWindowMs: wholeNumber('resync-window-ms', values['resync-window-ms'], 0),
		loadProcs,
		connectConcurrency: wholeNumber('connect-concurrency', values['connect-concurrency'], 1),
		cpuProfDir: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : null,
		verbose: values.verbose
	};
}

/** One screen load process and the messages it sends, taken one at a time in order. */
class LoadProcess {
	readonly #child: ChildProcess;
	readonly #inbox: FromLoad[] = [];
	readonly #exited: Promise<void>;
	#wake: (() => void) | null = null;
	#exit: string | null = null;

	constructor(nodeFlags: string[]) {
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
				this.#exit = `a screen load process exited (${signal ?? `code ${code}`})`;
				this.#wake?.();
				resolve();
			})
		);
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
			if (left <= 0) throw new BenchFailure(`a screen load process sent no '${type}' within ${timeoutMs} ms`);
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
		if (message.type !== type) throw new BenchFailure(`a screen load process sent '${message.type}' where '${type}' was due`);
		return message as Extract<FromLoad, { type: T }>;
	}

	/** Waits for the process to end by itself (writing its CPU profile on the way out), then kills it. */
	async end(timeoutMs: number): Promise<void> {
		await Promise.race([this.#exited, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
		this.kill();
	}

	kill(): void {
		if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
	}
}

/** The screen load processes as one: a message to all, and every one's answer. */
class Screens {
	constructor(readonly procs: LoadProcess[]) {}

	send(message: ToLoad): void {
		for (const p of this.procs) p.send(message);
	}

	all<T extends FromLoad['type']>(type: T, timeoutMs: number): Promise<Extract<FromLoad, { type: T }>[]> {
		return Promise.all(this.procs.map((p) => p.next(type, timeoutMs)));
	}
}

interface SyncFigures {
	/** What a running clock's spread would be from these estimates alone: max − min offset. */
	offsetRangeMs: number;
	/** |estimated offset|, which is the error, the true offset being 0. */
	offsetErrorMs: Summary;
	rttMs: Summary;
	failed: number;
}

function syncFigures(reports: LoadSynced[]): SyncFigures {
	const offsets = reports.flatMap((r) => r.offsetsMs);
	return {
		offsetRangeMs: offsets.length ? Math.max(...offsets) - Math.min(...offsets) : Number.NaN,
		offsetErrorMs: summarize(offsets.map(Math.abs)),
		rttMs: summarize(reports.flatMap((r) => r.rttsMs)),
		failed: reports.reduce((sum, r) => sum + r.failed, 0)
	};
}

function describeSync(label: string, sync: SyncFigures): string {
	return `${label}: offsets range ${ms(sync.offsetRangeMs)} ms; |offset error| ${formatSummary(sync.offsetErrorMs)}; RTT of the sample used ${formatSummary(sync.rttMs)}${sync.failed ? `; ${sync.failed} screens without an estimate` : ''}`;
}

function expectOk<T>(result: Result<T>, what: string): T {
	if (!result.ok) throw new BenchFailure(`${what} was refused: ${result.error.code} ${result.error.message.en}`);
	return result.data;
}

/** The host's console: logged in as the administrator, sign-in open, the inquiry current, q1 called. */
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
	const from = 'asking' as const;
	const request = op === 'extend' ? { entryId: QUESTION, from, op, bySeconds: EXTEND_SECONDS } : { entryId: QUESTION, from, op };
	return host.timeout(ACK_TIMEOUT_MS).emitWithAck('clock:control', request);
}

interface Round {
	op: Op;
	ackMs: number;
	latency: Summary;
	/** Null for a paused clock: it shows one frozen value everywhere, by construction. */
	spreadMs: number | null;
	sync: SyncFigures | null;
	serverCpuMs: number;
}

async function playRound(r: number, opts: Options, host: HostSocket, screens: Screens, serverPid: number, expected: { extendedMs: number }): Promise<Round> {
	await new Promise((resolve) => setTimeout(resolve, opts.gapMs * (1 + Math.random())));
	let sync: SyncFigures | null = null;
	if (opts.resyncWindowMs > 0) {
		screens.send({ type: 'resync', windowMs: opts.resyncWindowMs });
		sync = syncFigures(await screens.all('synced', opts.resyncWindowMs + 30_000));
	}
	const op = OPS[r % OPS.length]!;
	const cpuBefore = processCpuMs(serverPid);
	const sentAt = Date.now();
	const ack = expectOk(await clockControl(host, op), `clock:control ${op}`);
	const ackMs = Date.now() - sentAt;
	screens.send({ type: 'await', version: ack.version, sentAt, timeoutMs: opts.timeoutMs });
	const arrived = await screens.all('arrived', opts.timeoutMs + 30_000);
	const serverCpuMs = processCpuMs(serverPid) - cpuBefore;

	const what = `action ${r} (${op}, live version ${ack.version})`;
	const missing = arrived.reduce((sum, a) => sum + a.missing, 0);
	if (missing > 0) throw new BenchFailure(`${what}: ${missing} of ${opts.screens} screens did not get it within ${opts.timeoutMs} ms`);
	const clocks = new Set(arrived.map((a) => JSON.stringify(a.clock)));
	const mismatches = arrived.reduce((sum, a) => sum + a.clockMismatches, 0);
	const clock = arrived[0]!.clock;
	if (mismatches > 0 || clocks.size > 1 || !clock) throw new BenchFailure(`${what}: the screens do not all hold the same clock at the same version`);
	if (op === 'extend') expected.extendedMs += EXTEND_SECONDS * 1000;
	checkClock(what, clock, op === 'pause' ? 'paused' : 'running', expected.extendedMs);

	let spreadMs: number | null = null;
	if (clockState(clock) === 'running') {
		// One common instant for every screen in every process: each reads its clock at it plus its offset.
		screens.send({ type: 'read', instant: Date.now() });
		const readings = await screens.all('readings', 30_000);
		spreadMs = Math.max(...readings.map((x) => x.max)) - Math.min(...readings.map((x) => x.min));
	}
	const latency = summarize(arrived.flatMap((a) => a.latenciesMs));
	if (opts.verbose) {
		console.log(
			`  #${String(r).padStart(3)} ${op.padEnd(6)} v${ack.version}: ack ${ackMs} ms; screens first ${latency.min}, median ${latency.p50}, last ${latency.max} ms; spread ${spreadMs === null ? '-' : ms(spreadMs)}; server CPU ${serverCpuMs} ms`
		);
	}
	return { op, ackMs, latency, spreadMs, sync, serverCpuMs };
}

/** The screens must show what the host did: figures about a wrong clock would mean nothing. */
function checkClock(what: string, clock: PhaseClock, state: 'running' | 'paused', extendedMs: number): void {
	if (clockState(clock) !== state || clock.extendedMs !== extendedMs) {
		throw new BenchFailure(`${what}: screens show a ${clockState(clock)} clock extended by ${clock.extendedMs} ms, not ${state} extended by ${extendedMs} ms`);
	}
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
	const profile = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];

	try {
		console.log(`clock bench: ${opts.screens} screens in ${opts.loadProcs} load process(es), ${opts.rounds} host actions (pause / resume / extend +${EXTEND_SECONDS} s)`);
		const server = await startBenchServer({ nodeFlags: profile });
		cleanups.push(() => server.stop());
		console.log(`server: pid ${server.pid} on ${server.baseUrl}, managed redis-server pid ${server.redisPid ?? '?'}`);

		const cookie = await server.loginAdmin();
		const token = await server.screenToken(cookie);
		const host = await connectHost(server, cookie);
		cleanups.push(() => void host.close());

		const screens = new Screens(Array.from({ length: opts.loadProcs }, () => new LoadProcess(profile)));
		cleanups.push(() => screens.procs.forEach((p) => p.kill()));
		screens.procs.forEach((p, i) => {
			const share = Math.floor(opts.screens / opts.loadProcs) + (i < opts.screens % opts.loadProcs ? 1 : 0);
			p.send({ type: 'start', url: server.baseUrl, token, meetingId: server.meetingId, screens: share, connectConcurrency: opts.connectConcurrency });
		});
		const ready = await screens.all('ready', 60_000 + opts.screens * 100);
		const connectSync = syncFigures(await screens.all('synced', 10_000));
		const viewBytes = ready[0]!.viewBytes;
		console.log(
			`screens: ${opts.screens} connected, joined and synced in ${Math.max(...ready.map((r) => r.connectMs))} ms (load pid ${screens.procs.map((p) => p.pid).join(', ')}); a screen's live:state is ${viewBytes} bytes`
		);
		console.log(describeSync('clock sync while connecting', connectSync));

		const rounds: Round[] = [];
		const expected = { extendedMs: 0 };
		const ourPids = () => [process.pid, server.pid, ...(server.redisPid === null ? [] : [server.redisPid]), ...screens.procs.map((p) => p.pid)];
		const window = cpuWindow(ourPids);
		for (let r = 0; r < opts.rounds; r++) rounds.push(await playRound(r, opts, host, screens, server.pid, expected));
		const share = window.end();

		const rssServer = rssMb(server.pid);
		const peakServer = rssMb(server.pid, 'VmHWM');
		const rssRedis = server.redisPid === null ? Number.NaN : rssMb(server.redisPid);
		screens.send({ type: 'stop' });
		const stopped: LoadStopped[] = await screens.all('stopped', 30_000);
		await Promise.all(screens.procs.map((p) => p.end(10_000)));
		const disconnects = stopped.reduce((sum, s) => sum + s.disconnects, 0);
		if (disconnects > 0) throw new BenchFailure(`${disconnects} screens were disconnected during the bench`);

		const running = rounds.flatMap((r) => (r.spreadMs === null ? [] : [r.spreadMs]));
		const spread = summarize(running);
		const toLast = summarize(rounds.map((r) => r.latency.max));
		const toMedian = summarize(rounds.map((r) => r.latency.p50));
		const toFirst = summarize(rounds.map((r) => r.latency.min));
		const fanOut = summarize(rounds.map((r) => r.latency.max - r.latency.min));
		const ack = summarize(rounds.map((r) => r.ackMs));
		const cpuPerAction = rounds.reduce((sum, r) => sum + r.serverCpuMs, 0) / rounds.length;
		const resyncs = rounds.flatMap((r) => (r.sync ? [r.sync] : []));
		const offsetErrorP99 = Math.max(connectSync.offsetErrorMs.p99, ...resyncs.map((s) => s.offsetErrorMs.p99));
		const loadCpuMs = stopped.reduce((sum, s) => sum + s.cpuMs, 0);

		const spreadMet = spread.p99 <= TARGET_SPREAD_P99_MS;
		const latencyMet = toLast.p99 <= TARGET_ACTION_TO_LAST_SCREEN_P99_MS;
		const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
		console.log('');
		console.log(`spread of the remaining time the ${opts.screens} screens display at one instant, after each action that leaves the clock running:`);
		console.log(`  ${formatSummary(spread)} — target p99 ≤ ${TARGET_SPREAD_P99_MS} ms: ${verdict(spreadMet)}`);
		console.log(`  (${rounds.length - running.length} pauses not counted: a paused clock shows one frozen value on every screen)`);
		if (resyncs.length) console.log(`  offsets range after each re-sync: ${formatSummary(summarize(resyncs.map((s) => s.offsetRangeMs)))}`);
		console.log(`host action → last screen's live:state: ${formatSummary(toLast)} — target p99 ≤ ${TARGET_ACTION_TO_LAST_SCREEN_P99_MS} ms: ${verdict(latencyMet)}`);
		console.log(`  → first screen ${formatSummary(toFirst)}; → median screen ${formatSummary(toMedian)}`);
		console.log(`  first to last screen ${formatSummary(fanOut)}; host's ack ${formatSummary(ack)}`);
		console.log(`server: ${ms(cpuPerAction)} ms CPU per action (10 ms ticks, averaged); RSS ${ms(rssServer)} MB (peak ${ms(peakServer)} MB); redis-server RSS ${ms(rssRedis)} MB`);
		console.log(
			`load: ${ms(loadCpuMs / rounds.length)} ms CPU per action across its process(es); worst event-loop delay p99 ${ms(Math.max(...stopped.map((s) => s.eventLoopDelayP99Ms)))} ms, max ${ms(Math.max(...stopped.map((s) => s.eventLoopDelayMaxMs)))} ms`
		);
		console.log(
			`machine: ${share.cores} cores; while the actions ran, the bench's processes used ${ms(share.oursPct)}% of it and other processes ${ms(share.othersPct)}%`
		);
		if (share.othersPct > BUSY_MACHINE_PCT) {
			console.log(`  !! other processes used more than ${BUSY_MACHINE_PCT}% of the machine: the tail figures measure them too; run again on a quiet machine`);
		}
		if (opts.cpuProfDir) console.log(`CPU profiles (server, load): ${opts.cpuProfDir}`);

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
			action_to_median_screen_p99_ms: ms(toMedian.p99),
			ack_p99_ms: ms(ack.p99),
			offset_error_p99_ms: ms(offsetErrorP99),
			server_cpu_ms_per_action: ms(cpuPerAction),
			load_cpu_ms_per_action: ms(loadCpuMs / rounds.length),
			load_procs: opts.loadProcs,
			other_cpu_pct: ms(share.othersPct),
			rss_mb_redis: ms(rssRedis),
			view_bytes: viewBytes,
			time_base: 'Date.now()',
			targets_met: spreadMet && latencyMet
		};
		await cleanUp();
		console.log(JSON.stringify(result));
		return result.targets_met ? 0 : 2;
	} catch (err) {
		await cleanUp();
		console.error(`clock bench FAILED: ${err instanceof BenchFailure ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
		console.log(JSON.stringify({ screens: opts.screens, error: err instanceof Error ? err.message : String(err) }));
		return 1;
	}
}

let opts: Options;
try {
	opts = parseOptions(process.argv.slice(2));
} catch (err) {
	console.error(err instanceof Error ? err.message : String(err));
	console.error(USAGE);
	process.exit(1);
}
process.exitCode = await run(opts);
