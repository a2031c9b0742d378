/**
 * `npm run bench:vote [-- --deputies 1000 --screens 1000]`: how fast deputies' presses are
 * acknowledged while a whole hall votes within a few seconds, how soon the last wall screen shows the
 * result after the host closes, and that every acknowledged press is counted once.
 *
 * Two targets under the same load, in the same run, taking turns vote by vote:
 * - the real server (`realtime/main.ts` with its managed Redis, AOF `appendfsync always`), with a
 *   congress of N deputies built through its REST API, every tablet paired and signed in;
 * - the floor (`vote-floor.server.ts`): a bare Socket.io server whose cast runs one Redis script and
 *   whose close broadcasts the tally, on a Redis started the same way. It says what this machine can do
 *   at best right now, so the real figures read as ratios when the machine is noisy.
 * The deputies and screens run in processes of their own (`vote.load.ts`), one set per target, all
 * connected before the first vote; the host drives from here. README.md says what the figures mean.
 *
 * Prints the figures, then one JSON line last. Exit code 0: ran, nothing lost or counted twice, and
 * (at up to 1,000 deputies and 1,000 screens, the load the targets are stated for) both targets met;
 * 1: broken (a press lost, refused or unanswered, a screen without the result, a process died);
 * 2: ran, but missed a target.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Socket, io } from 'socket.io-client';
import { type ClientToServerEvents, type CommandReply, type CommandRequest, PROTOCOL_VERSION, type ServerToClientEvents } from '../../shared/protocol';
import type { Result } from '../../shared/result';
import type { VoteView } from '../../shared/vote.schema';
import { isRunning } from '../../realtime/testing/server-process';
import { BenchFailure, ForkedProcess } from './bench.fork';
import { type CpuShare, type QuietWait, cpuWindow, processCpuMs, waitForQuiet } from './bench.machine';
import { rssMb, startBenchServer } from './bench.server';
import { type Summary, ms, percentile, summarize } from './bench.stats';
import { prepareHall } from './vote-bench.fixture';
import type { FloorListening } from './vote-floor.server';
import { BENCH_CHOICES, type CastResult, type FromLoad, type Handshake, type LoadCastDone, type LoadClosed, type LoadStopped, type ToLoad } from './vote-bench.messages';
import { UsageError, wholeNumber } from './bench.options';

const TARGET_ACK_P99_MS = 20;
const TARGET_CLOSE_TO_LAST_SCREEN_MS = 150;
/** The load the targets are stated for; above it the figures are reported, not judged. */
const TARGET_LOAD = { deputies: 1000, screens: 1000 };
const HOST_ACK_TIMEOUT_MS = 30_000;
/**
 * Connections per load process unless told. A tablet or a screen handles only its own copy of a
 * broadcast; a load process handles every copy its connections get, one after another, and an ack
 * that arrives meanwhile waits. Small shares keep that wait to a few ms (a turnout broadcast costs a
 * process of 1,000 tablets 20–30 ms), at the price of more processes.
 */
const DEPUTIES_PER_PROC = 250;
const SCREENS_PER_PROC = 2500;
const MAX_PROCS = 8;
const BUSY_MACHINE_PCT = 10;
const SIGN_IN_CONCURRENCY = 32;

type HostSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type LoadProcess = ForkedProcess<ToLoad, FromLoad>;

const USAGE = `usage: npm run bench:vote -- [options]
  --deputies N             deputies' tablets, each casting once per vote (default 1000)
  --screens N              wall screens listening (default 1000)
  --votes N                votes on each target, each opened, cast and closed; the targets take turns, and
                           each figure is the median of the votes' (default 3)
  --window-ms MS           every deputy casts within this window, spread uniformly (default 5000)
  --ack-timeout-ms MS      a press unanswered this long is a failure (default 10000)
  --timeout-ms MS          a screen without the result this long after the close is a failure (default 60000)
  --deputy-procs N         processes the deputies are spread over (default 1 per ${DEPUTIES_PER_PROC}, at most ${MAX_PROCS})
  --screen-procs N         processes the screens are spread over (default 1 per ${SCREENS_PER_PROC}, at most ${MAX_PROCS})
  --connect-concurrency N  connections opening at once per load process (default 50)
  --quiet-wait-s S         before each vote, wait up to S s for the machine (the bench's own processes
                           included) to be ≤ ${BUSY_MACHINE_PCT}% busy for 2 s (default 60; 0: do not wait)
  --only server|floor      measure one target only (the JSON then has null for the other's figures)
  --cpu-prof DIR           write V8 CPU profiles of the servers and the load processes to DIR
  --verbose                print each vote's figures`;

interface Options {
	deputies: number;
	screens: number;
	votes: number;
	windowMs: number;
	ackTimeoutMs: number;
	timeoutMs: number;
	deputyProcs: number;
	screenProcs: number;
	connectConcurrency: number;
	quietWaitMs: number;
	only: 'server' | 'floor' | null;
	cpuProfDir: string | null;
	verbose: boolean;
}


function parseOptions(argv: string[]): Options {
	const { values } = parseArgs({
		args: argv,
		options: {
			deputies: { type: 'string', default: '1000' },
			screens: { type: 'string', default: '1000' },
			votes: { type: 'string', default: '3' },
			'window-ms': { type: 'string', default: '5000' },
			'ack-timeout-ms': { type: 'string', default: '10000' },
			'timeout-ms': { type: 'string', default: '60000' },
			'deputy-procs': { type: 'string' },
			'screen-procs': { type: 'string' },
			'connect-concurrency': { type: 'string', default: '50' },
			'quiet-wait-s': { type: 'string', default: '60' },
			only: { type: 'string' },
			'cpu-prof': { type: 'string' },
			verbose: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
	if (values.help) {
		console.log(USAGE);
		process.exit(0);
	}
	const deputies = wholeNumber('deputies', values.deputies, 1);
	const screens = wholeNumber('screens', values.screens, 0);
	const deputyProcs = values['deputy-procs'] === undefined ? Math.min(MAX_PROCS, Math.ceil(deputies / DEPUTIES_PER_PROC)) : wholeNumber('deputy-procs', values['deputy-procs'], 1);
	const screenProcs = values['screen-procs'] === undefined ? Math.min(MAX_PROCS, Math.ceil(screens / SCREENS_PER_PROC)) : wholeNumber('screen-procs', values['screen-procs'], screens > 0 ? 1 : 0);
	if (deputyProcs > deputies) throw new UsageError('--deputy-procs cannot exceed --deputies');
	if (screenProcs > screens) throw new UsageError('--screen-procs cannot exceed --screens');
	if (values.only !== undefined && values.only !== 'server' && values.only !== 'floor') throw new UsageError('--only takes server or floor');
	return {
		deputies,
		screens,
		votes: wholeNumber('votes', values.votes, 1),
		windowMs: wholeNumber('window-ms', values['window-ms'], 0),
		ackTimeoutMs: wholeNumber('ack-timeout-ms', values['ack-timeout-ms'], 1),
		timeoutMs: wholeNumber('timeout-ms', values['timeout-ms'], 1),
		deputyProcs,
		screenProcs,
		connectConcurrency: wholeNumber('connect-concurrency', values['connect-concurrency'], 1),
		quietWaitMs: wholeNumber('quiet-wait-s', values['quiet-wait-s'], 0) * 1000,
		only: (values.only as Options['only']) ?? null,
		cpuProfDir: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : null,
		verbose: values.verbose
	};
}

/** A server under test, ready for a host to connect and the deputies to cast. */
interface Target {
	name: 'server' | 'floor';
	url: string;
	meetingId: string;
	/** The agenda item of each vote, in turn. */
	itemIds: string[];
	serverPid: number;
	redisPid: number | null;
	host: Handshake;
	deputies: { id: string; handshake: Handshake }[];
	screen: Handshake;
	/** Whether its result publishes every receipt, so each acknowledged press can be found in it. */
	receipts: boolean;
	/** The last lines the server printed, to show with a failure; empty when not kept. */
	outputTail(): string;
	/** After the host joined: whatever must happen before the deputies can vote (signing them in). */
	prepare(host: HostSocket): Promise<void>;
	stop(): Promise<void>;
}

function expectOk<T>(result: Result<T>, what: string): T {
	if (!result.ok) throw new BenchFailure(`${what} was refused: ${result.error.code} ${result.error.message.en}`);
	return result.data;
}

/**
 * The host's command and its answer, which must come within HOST_ACK_TIMEOUT_MS and be a success.
 * (Typed by hand: socket.io-client's types lose the ack's type through `timeout()`.)
 */
async function hostCommand<E extends keyof ClientToServerEvents>(host: HostSocket, event: E, request: CommandRequest<E>, what: string = event): Promise<CommandReply<E>> {
	const timed = host.timeout(HOST_ACK_TIMEOUT_MS) as unknown as { emitWithAck(event: E, request: CommandRequest<E>): Promise<Result<CommandReply<E>>> };
	let reply: Result<CommandReply<E>>;
	try {
		reply = await timed.emitWithAck(event, request);
	} catch (err) {
		throw new BenchFailure(`${what} got no answer within ${HOST_ACK_TIMEOUT_MS} ms${host.connected ? '' : ' (the host is disconnected)'}: ${err instanceof Error ? err.message : String(err)}`);
	}
	return expectOk(reply, what);
}

/** Runs `step` for 0 … count−1, `concurrency` at a time. */
async function inParallel(count: number, concurrency: number, step: (i: number) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count) await step(next++);
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

async function startServerTarget(opts: Options, nodeFlags: string[], log: (line: string) => void): Promise<Target> {
	const server = await startBenchServer({ nodeFlags });
	try {
		log(`server: pid ${server.pid} on ${server.baseUrl}, managed redis-server pid ${server.redisPid ?? '?'} (AOF, appendfsync always)`);
		const adminCookie = await server.loginAdmin();
		const began = Date.now();
		const hall = await prepareHall(server, adminCookie, opts.deputies, opts.votes, (line) => log(`  ${line}`));
		log(`  hall: body ${hall.bodyId}, meeting ${hall.meetingId}, ${hall.deputies.length} deputies paired (set-up ${Date.now() - began} ms)`);
		return {
			name: 'server',
			url: server.baseUrl,
			meetingId: hall.meetingId,
			itemIds: hall.itemIds,
			serverPid: server.pid,
			redisPid: server.redisPid,
			host: { auth: { protocol: PROTOCOL_VERSION }, headers: { cookie: adminCookie } },
			deputies: hall.deputies.map((d) => ({ id: d.memberId, handshake: { auth: { protocol: PROTOCOL_VERSION }, headers: { cookie: d.cookie } } })),
			screen: { auth: { protocol: PROTOCOL_VERSION, token: hall.screenToken } },
			receipts: true,
			outputTail: () => server.output().split('\n').slice(-15).join('\n'),
			async prepare(host) {
				// Signed in by the host before the tablets connect, so no one else is sent the roll meanwhile.
				const began = Date.now();
				await inParallel(hall.deputies.length, SIGN_IN_CONCURRENCY, async (i) => {
					const memberId = hall.deputies[i]!.memberId;
					await hostCommand(host, 'roll:record', { memberId, action: 'sign-in' }, `roll:record ${memberId}`);
				});
				log(`  sign-in: ${hall.deputies.length} deputies signed in by the host in ${Date.now() - began} ms`);
			},
			stop: () => server.stop()
		};
	} catch (err) {
		await server.stop();
		throw err;
	}
}

async function startFloorTarget(opts: Options, nodeFlags: string[], log: (line: string) => void): Promise<Target> {
	const floor = new ForkedProcess<never, FloorListening | { type: 'failed'; message: string }>(path.join(import.meta.dirname, 'vote-floor.server.ts'), nodeFlags, 'the floor server');
	let redisPid: number | null = null;
	const stop = async () => {
		await floor.end(10_000, 'SIGTERM');
		// A floor that had to be killed leaves its Redis behind: end that one too (by its pid, nothing else).
		if (redisPid !== null && isRunning(redisPid)) process.kill(redisPid, 'SIGKILL');
	};
	try {
		const listening = await floor.next('listening', 30_000);
		redisPid = listening.redisPid;
		log(`floor: pid ${floor.pid} on http://127.0.0.1:${listening.port}, its redis-server pid ${redisPid} (AOF, appendfsync always)`);
		const bare = { auth: { protocol: PROTOCOL_VERSION } };
		return {
			name: 'floor',
			url: `http://127.0.0.1:${listening.port}`,
			meetingId: 'floor',
			itemIds: Array.from({ length: opts.votes }, () => 'floor'),
			serverPid: floor.pid,
			redisPid,
			host: bare,
			deputies: Array.from({ length: opts.deputies }, (_, i) => ({ id: `f${i + 1}`, handshake: bare })),
			screen: bare,
			receipts: false,
			outputTail: () => '',
			prepare: async () => {},
			stop
		};
	} catch (err) {
		await stop();
		throw err;
	}
}

interface VoteRound {
	voteId: string;
	results: CastResult[];
	castDone: LoadCastDone[];
	closeAckMs: number;
	/** Per screen: from the host's send of `vote:close` to holding the result. */
	toScreens: Summary;
	closedViewBytes: number;
	/** CPU time (10 ms ticks) the server and its Redis used over the cast window and over the close. */
	cpu: { cast: CpuSplit; close: CpuSplit };
	loadCpuCloseMs: number;
	/** The machine's monotonic clock in µs, the time base of `--cpu-prof` profiles: cast window start, all acked, all screens hold the result. */
	clock: { castUs: number; closeUs: number; doneUs: number };
	quiet: QuietWait;
	/** How the machine was shared from the opening to the last screen. */
	share: CpuShare;
	acked: number;
	unacked: number;
	refused: number;
	counted: number;
	lost: number;
	duplicated: number;
	/** Choices whose count differs from what the deputies were told was recorded. */
	mismatched: string[];
	/** Screens holding a result other than the host's. */
	disagreeing: number;
	missingScreens: number;
	refusals: string[];
}

/** The counts, as the load processes write what a screen holds (`vote.load.ts`). */
function hostResultText(view: VoteView): string {
	const outcome = view.outcome!;
	const motion = outcome.result.kind === 'motion' ? outcome.result.motion : null;
	return `${outcome.voted}|${motion?.yes}|${motion?.no}|${motion?.abstain}`;
}

/** What the close says against what the deputies were told: counted, lost, counted twice, wrong. */
function reconcile(target: Target, view: VoteView, results: CastResult[]) {
	const outcome = view.outcome;
	if (!outcome || outcome.result.kind !== 'motion') throw new BenchFailure(`the closed vote ${view.id} carries no motion result`);
	const motion = outcome.result.motion;
	const acked = results.filter((r) => r.ok);
	const distinctAcked = new Set(acked.map((r) => r.key)).size;
	const unacked = results.filter((r) => r.error === 'TIMEOUT').length;
	const counted = motion.yes + motion.no + motion.abstain;
	let lost = Math.max(0, distinctAcked - counted);
	let duplicated = Math.max(0, counted - distinctAcked - unacked);
	if (target.receipts) {
		const published = new Map<string, string>();
		for (const r of outcome.receipts) {
			if (published.has(r.receipt)) duplicated++;
			published.set(r.receipt, JSON.stringify(r.choice));
		}
		const missing = acked.filter((r) => published.get(r.receipt) !== JSON.stringify(r.choice)).length;
		lost = Math.max(lost, missing);
	}
	const mismatched = BENCH_CHOICES.filter((c) => !unacked && motion[c] !== acked.filter((r) => r.choice === c).length).map(
		(c) => `${c}: ${motion[c]} counted, ${acked.filter((r) => r.choice === c).length} acknowledged`
	);
	if (outcome.voted !== counted) mismatched.push(`voted ${outcome.voted} ≠ yes+no+abstain ${counted}`);
	return { acked: acked.length, unacked, counted, lost, duplicated, mismatched };
}

/** How the machine was shared over several windows, as if they were one (quiet waits between them left out). */
function sharedOver(shares: CpuShare[]): CpuShare {
	const wallMs = shares.reduce((s, x) => s + x.wallMs, 0);
	const weighted = (pick: (x: CpuShare) => number) => shares.reduce((s, x) => s + pick(x) * x.wallMs, 0) / wallMs;
	return { cores: shares[0]!.cores, wallMs, oursPct: weighted((x) => x.oursPct), othersPct: weighted((x) => x.othersPct) };
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

interface CpuSplit {
	server: number;
	redis: number;
}

const serverCpu = (target: Target): CpuSplit => ({ server: processCpuMs(target.serverPid), redis: target.redisPid === null ? Number.NaN : processCpuMs(target.redisPid) });
const cpuSince = (before: CpuSplit, after: CpuSplit): CpuSplit => ({ server: after.server - before.server, redis: after.redis - before.redis });
const describeCpu = (c: CpuSplit) => `server ${ms(c.server, 0)} ms + redis ${ms(c.redis, 0)} ms`;

async function playVote(opts: Options, vote: number, stage: Stage, ourPids: () => number[]): Promise<VoteRound> {
	const { target, host, deputyProcs, procs: allProcs } = stage;
	const quiet = await waitForQuiet({ maxWaitMs: opts.quietWaitMs, thresholdPct: BUSY_MACHINE_PCT });
	const window = cpuWindow(ourPids);
	const { voteId } = await hostCommand(host, 'vote:open', { itemId: target.itemIds[vote]! });
	// A moment for the opening to reach every screen and the message to reach every load process.
	const startAt = Date.now() + 1000;
	const cpuBeforeCast = serverCpu(target);
	const castUs = monotonicUs() + (startAt - Date.now()) * 1000;
	for (const p of deputyProcs) p.send({ type: 'cast', voteId, startAt, windowMs: opts.windowMs, ackTimeoutMs: opts.ackTimeoutMs });
	const castDone = await Promise.all(deputyProcs.map((p) => p.next('cast-done', 1000 + opts.windowMs + opts.ackTimeoutMs + 60_000)));
	const results = castDone.flatMap((c) => c.results);
	const cpuBeforeClose = serverCpu(target);

	// All acks are in: the host closes.
	const closeUs = monotonicUs();
	const sentAt = Date.now();
	const view = await hostCommand(host, 'vote:close', { voteId });
	const closeAckMs = Date.now() - sentAt;
	for (const p of allProcs) p.send({ type: 'await-close', voteId, sentAt, timeoutMs: opts.timeoutMs });
	const closed: LoadClosed[] = await Promise.all(allProcs.map((p) => p.next('closed', opts.timeoutMs + 60_000)));
	const cpuAfterClose = serverCpu(target);
	const doneUs = monotonicUs();
	const share = window.end();

	const reconciled = reconcile(target, view, results);
	const expected = hostResultText(view);
	const disagreeing = closed.reduce((sum, c) => sum + Object.entries(c.results).reduce((n, [result, holders]) => n + (result === expected ? 0 : holders), 0), 0);
	const refusals = results.filter((r) => !r.ok && r.error !== 'TIMEOUT').map((r) => `${r.deputy}: ${r.error}`);
	return {
		voteId,
		results,
		castDone,
		closeAckMs,
		toScreens: summarize(closed.flatMap((c) => c.latenciesMs)),
		closedViewBytes: Buffer.byteLength(JSON.stringify(view)),
		cpu: { cast: cpuSince(cpuBeforeCast, cpuBeforeClose), close: cpuSince(cpuBeforeClose, cpuAfterClose) },
		loadCpuCloseMs: closed.reduce((sum, c) => sum + c.cpuMs, 0),
		clock: { castUs, closeUs, doneUs },
		quiet,
		share,
		...reconciled,
		refused: refusals.length,
		disagreeing,
		missingScreens: closed.reduce((sum, c) => sum + c.missing, 0),
		refusals
	};
}

interface TargetFigures {
	name: Target['name'];
	connectMs: number;
	votes: VoteRound[];
	/** Each the median over votes of that vote's figure, so one vote caught in a neighbour's burst does not decide it. */
	ack: { p50: number; p95: number; p99: number };
	/** Every press of every vote together. */
	ackPooled: Summary & { p95: number };
	closeToLastScreenMs: number;
	closeToLastScreenWorstMs: number;
	acked: number;
	counted: number;
	lost: number;
	duplicated: number;
	unacked: number;
	refused: number;
	serverRssMb: number;
	serverPeakRssMb: number;
	redisRssMb: number;
	loadRssMb: number;
	loadEventLoopDelayP99Ms: number;
	loadEventLoopDelayMaxMs: number;
	turnoutsPerConnection: number;
	share: CpuShare;
	failure: string | null;
}

/** The middle value; of an even number, the higher of the two middle ones (the pessimistic choice). */
function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const medianCpu = (splits: CpuSplit[]): CpuSplit => ({ server: median(splits.map((c) => c.server)), redis: median(splits.map((c) => c.redis)) });

const ackTimes = (v: VoteRound) => v.results.flatMap((r) => (r.ms === null ? [] : [r.ms]));

function describeVote(v: VoteRound): string {
	const acks = ackTimes(v);
	return `vote ${v.voteId}: acks p50 ${ms(percentile(acks, 50))}, p95 ${ms(percentile(acks, 95))}, p99 ${ms(percentile(acks, 99))}, max ${ms(Math.max(...acks))} ms; close → screens first ${ms(v.toScreens.min)}, median ${ms(v.toScreens.p50)}, last ${ms(v.toScreens.max)} ms (host's ack ${v.closeAckMs} ms, result ${v.closedViewBytes} bytes); acked ${v.acked}, counted ${v.counted}, lost ${v.lost}, duplicated ${v.duplicated}; CPU over the casts ${describeCpu(v.cpu.cast)}, over the close ${describeCpu(v.cpu.close)}; load CPU over the close ${ms(v.loadCpuCloseMs)} ms; other processes ${ms(v.share.othersPct)}% of the machine${v.quiet.waitedMs > 1000 ? ` (after ${ms(v.quiet.waitedMs / 1000)} s waiting for quiet${v.quiet.quiet ? '' : ', in vain'})` : ''}`;
}

/** A target with its host and its load connected and joined, and the votes played on it so far. */
interface Stage {
	target: Target;
	host: HostSocket;
	deputyProcs: LoadProcess[];
	procs: LoadProcess[];
	connectMs: number;
	votes: VoteRound[];
	failure: string | null;
}

const stagePids = (stage: Stage) => [stage.target.serverPid, ...(stage.target.redisPid === null ? [] : [stage.target.redisPid]), ...stage.procs.map((p) => p.pid)];

/** Connects the host (and lets the target prepare), then the deputies and screens in their processes. */
async function setUp(opts: Options, target: Target, nodeFlags: string[], cleanups: (() => Promise<void> | void)[], log: (line: string) => void): Promise<Stage> {
	const host: HostSocket = io(target.url, { auth: target.host.auth, extraHeaders: target.host.headers, transports: ['websocket'], reconnection: false, forceNew: true });
	cleanups.push(() => void host.close());
	await new Promise<void>((resolve, reject) => {
		host.once('connect', resolve);
		host.once('connect_error', reject);
	});
	await hostCommand(host, 'meeting:join', { meetingId: target.meetingId });
	await target.prepare(host);

	const file = path.join(import.meta.dirname, 'vote.load.ts');
	const deputyProcs = Array.from({ length: opts.deputyProcs }, (_, i) => new ForkedProcess<ToLoad, FromLoad>(file, nodeFlags, `${target.name}'s deputy load process ${i + 1}`));
	const screenProcs = Array.from({ length: opts.screenProcs }, (_, i) => new ForkedProcess<ToLoad, FromLoad>(file, nodeFlags, `${target.name}'s screen load process ${i + 1}`));
	const procs = [...deputyProcs, ...screenProcs];
	cleanups.push(() => procs.forEach((p) => p.kill()));
	const began = Date.now();
	const start = { type: 'start', url: target.url, meetingId: target.meetingId, screenHandshake: target.screen, connectConcurrency: opts.connectConcurrency } as const;
	deputyProcs.forEach((p, i) => p.send({ ...start, deputies: target.deputies.filter((_, d) => d % deputyProcs.length === i), screens: 0 }));
	screenProcs.forEach((p, i) => p.send({ ...start, deputies: [], screens: Math.floor(opts.screens / screenProcs.length) + (i < opts.screens % screenProcs.length ? 1 : 0) }));
	const ready = await Promise.all(procs.map((p) => p.next('ready', 120_000 + (opts.deputies + opts.screens) * 50)));
	const connectMs = Date.now() - began;
	log(
		`  load: ${opts.deputies} deputies and ${opts.screens} screens connected and joined in ${connectMs} ms, over ${procs.length} process(es) (pids ${procs.map((p) => p.pid).join(', ')}; RSS ${ready.map((r) => `${ms(r.rssMb, 0)}`).join(' + ')} MB)`
	);
	return { target, host, deputyProcs, procs, connectMs, votes: [], failure: null };
}

/** Stops the load, reads the memory, and sums up and checks the votes played. */
async function finish(opts: Options, stage: Stage): Promise<TargetFigures> {
	const { target, procs, votes } = stage;
	const serverRssMb = rssMb(target.serverPid);
	const serverPeakRssMb = rssMb(target.serverPid, 'VmHWM');
	const redisRssMb = target.redisPid === null ? Number.NaN : rssMb(target.redisPid);
	for (const p of procs) p.send({ type: 'stop' });
	const stopped: LoadStopped[] = await Promise.all(procs.map((p) => p.next('stopped', 30_000)));
	await Promise.all(procs.map((p) => p.end(10_000)));
	stage.host.close();
	if (votes.length === 0) throw new BenchFailure(stage.failure ?? 'no vote was played');

	const pooled = votes.flatMap(ackTimes);
	const sum = (pick: (v: VoteRound) => number) => votes.reduce((s, v) => s + pick(v), 0);
	const figures: TargetFigures = {
		name: target.name,
		connectMs: stage.connectMs,
		votes,
		ack: {
			p50: median(votes.map((v) => percentile(ackTimes(v), 50))),
			p95: median(votes.map((v) => percentile(ackTimes(v), 95))),
			p99: median(votes.map((v) => percentile(ackTimes(v), 99)))
		},
		ackPooled: { ...summarize(pooled), p95: percentile(pooled, 95) },
		closeToLastScreenMs: median(votes.map((v) => v.toScreens.max)),
		closeToLastScreenWorstMs: Math.max(...votes.map((v) => v.toScreens.max)),
		acked: sum((v) => v.acked),
		counted: sum((v) => v.counted),
		lost: sum((v) => v.lost),
		duplicated: sum((v) => v.duplicated),
		unacked: sum((v) => v.unacked),
		refused: sum((v) => v.refused),
		serverRssMb,
		serverPeakRssMb,
		redisRssMb,
		loadRssMb: stopped.reduce((s, x) => s + x.rssMb, 0),
		loadEventLoopDelayP99Ms: Math.max(...votes.flatMap((v) => v.castDone.map((c) => c.eventLoopDelayP99Ms))),
		loadEventLoopDelayMaxMs: Math.max(...votes.flatMap((v) => v.castDone.map((c) => c.eventLoopDelayMaxMs))),
		turnoutsPerConnection: sum((v) => v.castDone.reduce((s, c) => s + c.turnouts, 0)) / Math.max(1, opts.deputies) / votes.length,
		share: sharedOver(votes.map((v) => v.share)),
		failure: stage.failure
	};

	const problems: string[] = stage.failure ? [stage.failure] : [];
	const disconnects = stopped.reduce((s, x) => s + x.disconnects, 0);
	if (disconnects > 0) problems.push(`${disconnects} connections dropped during the bench`);
	for (const v of votes) {
		if (v.unacked) problems.push(`vote ${v.voteId}: ${v.unacked} presses unanswered within ${opts.ackTimeoutMs} ms`);
		if (v.refused) problems.push(`vote ${v.voteId}: ${v.refused} presses refused, e.g. ${v.refusals.slice(0, 3).join('; ')}`);
		if (v.lost) problems.push(`vote ${v.voteId}: ${v.lost} acknowledged presses not in the result`);
		if (v.duplicated) problems.push(`vote ${v.voteId}: ${v.duplicated} presses counted twice`);
		if (v.mismatched.length) problems.push(`vote ${v.voteId}: the tally differs from the acknowledged presses (${v.mismatched.join('; ')})`);
		if (v.missingScreens) problems.push(`vote ${v.voteId}: ${v.missingScreens} of ${opts.screens} screens did not hold the result within ${opts.timeoutMs} ms`);
		if (v.disagreeing) problems.push(`vote ${v.voteId}: ${v.disagreeing} screens hold a result other than the host's`);
	}
	if (problems.length) figures.failure = problems.join('; ');
	return figures;
}

function report(f: TargetFigures, opts: Options): void {
	const label = f.name === 'server' ? 'real server' : 'floor (bare Socket.io + one script)';
	const of = f.votes.length > 1 ? `, median of ${f.votes.length} votes' figures` : '';
	console.log(`${label}:`);
	console.log(
		`  ack of a press: p50 ${ms(f.ack.p50)} ms, p95 ${ms(f.ack.p95)} ms, p99 ${ms(f.ack.p99)} ms${of}; all ${f.ackPooled.n} presses together: p99 ${ms(f.ackPooled.p99)} ms, max ${ms(f.ackPooled.max)} ms`
	);
	const toScreens = f.votes.map((v) => v.toScreens);
	console.log(
		`  close → last screen holds the result: ${ms(f.closeToLastScreenMs)} ms${of}${f.votes.length > 1 ? ` (worst ${ms(f.closeToLastScreenWorstMs)} ms)` : ''}; → first ${ms(median(toScreens.map((s) => s.min)))} ms, → median screen ${ms(median(toScreens.map((s) => s.p50)))} ms; host's ack ${median(f.votes.map((v) => v.closeAckMs))} ms; the result is ${f.votes[0]!.closedViewBytes} bytes`
	);
	console.log(`  presses: acked ${f.acked}, counted ${f.counted}, lost ${f.lost}, duplicated ${f.duplicated}, unanswered ${f.unacked}, refused ${f.refused}`);
	console.log(
		`  server RSS ${ms(f.serverRssMb)} MB (peak ${ms(f.serverPeakRssMb)} MB), redis-server ${ms(f.redisRssMb)} MB; CPU over a ${opts.windowMs} ms cast window ${describeCpu(medianCpu(f.votes.map((v) => v.cpu.cast)))}, over a close ${describeCpu(medianCpu(f.votes.map((v) => v.cpu.close)))}`
	);
	console.log(
		`  load: connected in ${f.connectMs} ms; RSS ${ms(f.loadRssMb, 0)} MB; event-loop delay of the deputies' processes while casting p99 ≤ ${ms(f.loadEventLoopDelayP99Ms)} ms, max ${ms(f.loadEventLoopDelayMaxMs)} ms; vote:turnout messages per deputy per vote ${ms(f.turnoutsPerConnection)}`
	);
	const waited = f.votes.reduce((s, v) => s + v.quiet.waitedMs, 0);
	const unquiet = f.votes.filter((v) => !v.quiet.quiet).length;
	console.log(
		`  machine: ${f.share.cores} cores; while the votes ran, the bench's processes used ${ms(f.share.oursPct)}% of it, other processes ${ms(f.share.othersPct)}% (worst vote ${ms(Math.max(...f.votes.map((v) => v.share.othersPct)))}%)${waited > 1000 ? `; ${ms(waited / 1000)} s spent waiting for quiet${unquiet ? `, ${unquiet} vote(s) began without it` : ''}` : ''}`
	);
	if (f.share.othersPct > BUSY_MACHINE_PCT) console.log(`  !! other processes used more than ${BUSY_MACHINE_PCT}% of the machine: the tail figures measure them too`);
	if (f.failure) console.log(`  !! FAILED: ${f.failure}`);
}

const describe = (err: unknown) => (err instanceof BenchFailure ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err));

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
	const nodeFlags = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
	const log = (line: string) => console.log(line);

	console.log(
		`vote bench: ${opts.deputies} deputies casting within ${opts.windowMs} ms, ${opts.screens} screens listening; ${opts.votes} vote(s) on each target, taking turns; load over ${opts.deputyProcs} deputy and ${opts.screenProcs} screen process(es) per target`
	);
	const figures: Partial<Record<Target['name'], TargetFigures>> = {};
	const errors: string[] = [];
	try {
		// Both targets stand ready with their load connected, and take turns: each vote on the real
		// server is followed by one on the floor, so the two see the same weather on a shared machine.
		const stages: Stage[] = [];
		const starters = { server: startServerTarget, floor: startFloorTarget };
		for (const name of ['server', 'floor'] as const) {
			if (opts.only && opts.only !== name) continue;
			try {
				const target = await starters[name](opts, nodeFlags, log);
				cleanups.push(() => target.stop());
				stages.push(await setUp(opts, target, nodeFlags, cleanups, log));
			} catch (err) {
				errors.push(`${name}: ${describe(err)}`);
				console.error(`vote bench, ${name}: FAILED: ${describe(err)}`);
			}
		}
		const ourPids = () => [process.pid, ...stages.flatMap(stagePids)];
		for (let v = 0; v < opts.votes; v++) {
			for (const stage of stages.filter((s) => !s.failure)) {
				try {
					const round = await playVote(opts, v, stage, ourPids);
					stage.votes.push(round);
					if (opts.verbose || opts.votes > 1) log(`  ${stage.target.name} ${describeVote(round)}`);
					if (opts.cpuProfDir) {
						const { castUs, closeUs, doneUs } = round.clock;
						log(`  profile clock (µs) of ${stage.target.name} vote ${round.voteId}: casts --from ${castUs} --to ${closeUs}; close --from ${closeUs} --to ${doneUs}`);
					}
				} catch (err) {
					stage.failure = describe(err);
					console.error(`vote bench, ${stage.target.name}: FAILED: ${stage.failure}`);
					const tail = stage.target.outputTail().trim();
					if (tail) console.error(`  what the ${stage.target.name} printed last:\n${tail.replace(/^/gm, '    ')}`);
				}
			}
		}
		for (const stage of stages) {
			try {
				figures[stage.target.name] = await finish(opts, stage);
			} catch (err) {
				errors.push(`${stage.target.name}: ${describe(err)}`);
			}
		}
	} finally {
		await cleanUp();
	}

	const server = figures.server;
	const floor = figures.floor;
	console.log('');
	if (server) report(server, opts);
	if (floor) report(floor, opts);
	const judged = server !== undefined && opts.deputies <= TARGET_LOAD.deputies && opts.screens <= TARGET_LOAD.screens;
	const ackMet = server ? server.ack.p99 <= TARGET_ACK_P99_MS : false;
	const closeMet = server ? server.closeToLastScreenMs <= TARGET_CLOSE_TO_LAST_SCREEN_MS : false;
	if (server && floor) {
		console.log(`ratios to the floor: ack p99 ×${ms(server.ack.p99 / floor.ack.p99)}, close → last screen ×${ms(server.closeToLastScreenMs / floor.closeToLastScreenMs)}`);
	}
	if (server) {
		const verdict = (met: boolean) => (!judged ? 'not judged at this load' : met ? 'met' : 'MISSED');
		console.log(`targets (${TARGET_LOAD.deputies} deputies, ${TARGET_LOAD.screens} screens): ack p99 ≤ ${TARGET_ACK_P99_MS} ms: ${verdict(ackMet)}; close → last screen ≤ ${TARGET_CLOSE_TO_LAST_SCREEN_MS} ms: ${verdict(closeMet)}`);
	}
	for (const f of [server, floor]) if (f?.failure) errors.push(`${f.name}: ${f.failure}`);

	const result = {
		deputies: opts.deputies,
		screens: opts.screens,
		ack_p50_ms: server ? ms(server.ack.p50) : null,
		ack_p95_ms: server ? ms(server.ack.p95) : null,
		ack_p99_ms: server ? ms(server.ack.p99) : null,
		close_to_last_screen_ms: server ? ms(server.closeToLastScreenMs) : null,
		floor_ack_p99_ms: floor ? ms(floor.ack.p99) : null,
		floor_close_to_last_screen_ms: floor ? ms(floor.closeToLastScreenMs) : null,
		acked: server?.acked ?? null,
		counted: server?.counted ?? null,
		lost: server?.lost ?? null,
		duplicated: server?.duplicated ?? null,
		rss_mb: server ? ms(server.serverRssMb) : null,
		votes: opts.votes,
		ack_p99_all_ms: server ? ms(server.ackPooled.p99) : null,
		ack_max_ms: server ? ms(server.ackPooled.max) : null,
		close_to_last_screen_worst_ms: server ? ms(server.closeToLastScreenWorstMs) : null,
		close_ack_ms: server ? median(server.votes.map((v) => v.closeAckMs)) : null,
		result_bytes: server?.votes[0]?.closedViewBytes ?? null,
		unanswered: server?.unacked ?? null,
		refused: server?.refused ?? null,
		rss_mb_peak: server ? ms(server.serverPeakRssMb) : null,
		rss_mb_redis: server ? ms(server.redisRssMb) : null,
		connect_ms: server?.connectMs ?? null,
		floor_ack_p50_ms: floor ? ms(floor.ack.p50) : null,
		floor_close_to_last_screen_worst_ms: floor ? ms(floor.closeToLastScreenWorstMs) : null,
		floor_acked: floor?.acked ?? null,
		floor_counted: floor?.counted ?? null,
		floor_lost: floor?.lost ?? null,
		floor_duplicated: floor?.duplicated ?? null,
		floor_rss_mb: floor ? ms(floor.serverRssMb) : null,
		floor_connect_ms: floor?.connectMs ?? null,
		ack_p99_vs_floor: server && floor ? ms(server.ack.p99 / floor.ack.p99) : null,
		close_vs_floor: server && floor ? ms(server.closeToLastScreenMs / floor.closeToLastScreenMs) : null,
		load_procs: opts.deputyProcs + opts.screenProcs,
		other_cpu_pct: server ? ms(server.share.othersPct) : floor ? ms(floor.share.othersPct) : null,
		targets_judged: judged,
		targets_met: judged ? ackMet && closeMet : null,
		errors: errors.length ? errors : undefined
	};
	console.log(JSON.stringify(result));
	if (errors.length) return 1;
	return judged && !(ackMet && closeMet) ? 2 : 0;
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
