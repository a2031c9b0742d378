/**
 * Deputies' tablets and wall screens for the vote bench, in a process of their own (forked by
 * `vote.bench.ts`, answering over IPC). Each is a real Socket.io client over a WebSocket, as the web
 * client connects: a deputy with its session cookie, a screen with the meeting's screen token; each
 * joins the meeting. On `cast`, every deputy presses once at its own moment of the window and times
 * its ack; on `await-close`, the process reports when each screen first held the closed result.
 */
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type Socket, io } from 'socket.io-client';
import { type ClientToServerEvents, type ServerToClientEvents } from '../../shared/protocol';
import type { Result } from '../../shared/result';
import type { VoteCastReply, VoteView } from '../../shared/vote.schema';
import { rssMb } from './bench.server';
import { BENCH_CHOICES, type CastResult, type FromLoad, type Handshake, type LoadAwaitClose, type LoadCast, type LoadStart, type ToLoad } from './vote-bench.messages';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const JOIN_TIMEOUT_MS = 30_000;

interface Deputy {
	id: string;
	socket: ClientSocket;
}

/** The screens' first receipts of each closed vote, counted as they come, so nothing is rescanned. */
interface ClosedVote {
	latenciesAt: number[];
	results: Map<string, number>;
	/** Set while a round waits for every screen. */
	done: (() => void) | null;
}

const deputies: Deputy[] = [];
const screens: ClientSocket[] = [];
const closed = new Map<string, ClosedVote>();
let turnouts = 0;
let disconnects = 0;
let stopping = false;
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
let cpuAtReady: NodeJS.CpuUsage | undefined;

function send(message: FromLoad): void {
	process.send!(message);
}

function closedVote(voteId: string): ClosedVote {
	let entry = closed.get(voteId);
	if (!entry) closed.set(voteId, (entry = { latenciesAt: [], results: new Map(), done: null }));
	return entry;
}

/** A short text of the counts a screen shows (not the receipts: a screen's view need not carry them). */
function resultOf(view: VoteView): string {
	const outcome = view.outcome!;
	const motion = outcome.result.kind === 'motion' ? outcome.result.motion : null;
	return `${outcome.voted}|${motion?.yes}|${motion?.no}|${motion?.abstain}`;
}

function onScreenState(seen: Set<string>, view: VoteView): void {
	if (view.status !== 'closed' || !view.outcome || seen.has(view.id)) return;
	const at = Date.now();
	seen.add(view.id);
	const entry = closedVote(view.id);
	entry.latenciesAt.push(at);
	const result = resultOf(view);
	entry.results.set(result, (entry.results.get(result) ?? 0) + 1);
	if (entry.latenciesAt.length === screens.length) entry.done?.();
}

async function connect(url: string, handshake: Handshake, meetingId: string): Promise<ClientSocket> {
	const socket: ClientSocket = io(url, {
		auth: handshake.auth,
		extraHeaders: handshake.headers,
		transports: ['websocket'],
		// A connection that drops is a failure of the bench, not something to paper over by reconnecting.
		reconnection: false,
		forceNew: true
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	socket.on('disconnect', () => {
		if (!stopping) disconnects++;
	});
	socket.on('vote:turnout', () => turnouts++);
	const joined = (await socket.timeout(JOIN_TIMEOUT_MS).emitWithAck('meeting:join', { meetingId })) as Result<unknown>;
	if (!joined.ok) throw new Error(`meeting:join refused: ${joined.error.code} ${joined.error.message.en}`);
	return socket;
}

/** Runs `open` for each of `count` connections, `concurrency` at a time. */
async function inParallel(count: number, concurrency: number, open: (i: number) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count) await open(next++);
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

async function start(message: LoadStart): Promise<void> {
	const began = Date.now();
	await inParallel(message.deputies.length, message.connectConcurrency, async (i) => {
		const { id, handshake } = message.deputies[i]!;
		deputies.push({ id, socket: await connect(message.url, handshake, message.meetingId) });
	});
	await inParallel(message.screens, message.connectConcurrency, async () => {
		const socket = await connect(message.url, message.screenHandshake, message.meetingId);
		const seen = new Set<string>();
		socket.on('vote:state', (view) => onScreenState(seen, view));
		screens.push(socket);
	});
	cpuAtReady = process.cpuUsage();
	send({ type: 'ready', connectMs: Date.now() - began, rssMb: rssMb(process.pid) });
}

const randomId = (bytes: number) => randomBytes(bytes).toString('base64url');

/** `n` moments spread evenly over the window, each jittered within its slot, in random order. */
function castOffsets(n: number, windowMs: number): number[] {
	const offsets = Array.from({ length: n }, (_, i) => ((i + Math.random()) * windowMs) / n);
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(Math.random() * (i + 1));
		[offsets[i], offsets[j]] = [offsets[j]!, offsets[i]!];
	}
	return offsets;
}

async function cast(message: LoadCast): Promise<void> {
	const cpuBefore = process.cpuUsage();
	turnouts = 0;
	loopDelay.reset();
	loopDelay.enable();
	const offsets = castOffsets(deputies.length, message.windowMs);
	const results = await Promise.all(
		deputies.map(async (deputy, i): Promise<CastResult> => {
			const choice = BENCH_CHOICES[Math.floor(Math.random() * BENCH_CHOICES.length)]!;
			// As a tablet makes them: a key for this press, a secret kept for this vote.
			const key = randomId(12);
			const secret = randomId(24);
			await new Promise((resolve) => setTimeout(resolve, Math.max(0, message.startAt + offsets[i]! - Date.now())));
			const sentAt = performance.now();
			try {
				// Typed by hand: socket.io-client's types lose the ack's type through `timeout()`.
				const reply = (await deputy.socket.timeout(message.ackTimeoutMs).emitWithAck('vote:cast', { voteId: message.voteId, key, secret, choice })) as Result<VoteCastReply>;
				const ms = performance.now() - sentAt;
				if (!reply.ok) return { deputy: deputy.id, choice, key, ms, ok: false, receipt: '', error: `${reply.error.code} ${reply.error.message.en}` };
				return { deputy: deputy.id, choice, key, ms, ok: true, receipt: reply.data.receipt };
			} catch {
				return { deputy: deputy.id, choice, key, ms: null, ok: false, receipt: '', error: 'TIMEOUT' };
			}
		})
	);
	loopDelay.disable();
	const cpu = process.cpuUsage(cpuBefore);
	send({
		type: 'cast-done',
		results,
		eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
		eventLoopDelayMaxMs: loopDelay.max / 1e6,
		cpuMs: (cpu.user + cpu.system) / 1000,
		turnouts
	});
}

async function awaitClose(message: LoadAwaitClose): Promise<void> {
	const cpuBefore = process.cpuUsage();
	const entry = closedVote(message.voteId);
	if (entry.latenciesAt.length < screens.length) {
		await new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				entry.done = null;
				resolve();
			};
			// The allowance runs from the host's send, not from this message's arrival.
			const timer = setTimeout(done, Math.max(0, message.sentAt + message.timeoutMs - Date.now()));
			entry.done = done;
		});
	}
	const cpu = process.cpuUsage(cpuBefore);
	closed.delete(message.voteId);
	send({
		type: 'closed',
		latenciesMs: entry.latenciesAt.map((at) => at - message.sentAt),
		missing: screens.length - entry.latenciesAt.length,
		results: Object.fromEntries(entry.results),
		cpuMs: (cpu.user + cpu.system) / 1000
	});
}

function closeAll(): void {
	stopping = true;
	for (const d of deputies) d.socket.close();
	for (const s of screens) s.close();
}

function stop(): void {
	const rss = rssMb(process.pid);
	closeAll();
	const usage = process.cpuUsage(cpuAtReady);
	send({ type: 'stopped', cpuMs: (usage.user + usage.system) / 1000, disconnects, rssMb: rss });
	process.disconnect();
}

function fail(err: unknown): void {
	send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
}

process.on('message', (message: ToLoad) => {
	switch (message.type) {
		case 'start':
			return void start(message).catch(fail);
		case 'cast':
			return void cast(message).catch(fail);
		case 'await-close':
			return void awaitClose(message).catch(fail);
		case 'stop':
			return stop();
	}
});
// The bench went away: nothing left to report to, so close the connections and end.
process.on('disconnect', () => {
	closeAll();
	process.exit(0);
});
