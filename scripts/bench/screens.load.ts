/**
 * Wall screens for the clock bench, in a process of their own (forked by `clock.bench.ts`, answering
 * over IPC): each a real Socket.io client that connects with the screen token, estimates its clock
 * offset from 5 `clock:sync` round trips and joins the meeting, as `web/lib/live` does, then keeps the
 * newest `live:state` and when it first saw each version.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type Socket, io } from 'socket.io-client';
import { type ClockSample, estimateClockOffset } from '../../shared/clock.rules';
import type { LiveView } from '../../shared/live.view';
import { type ClientToServerEvents, PROTOCOL_VERSION, type ServerToClientEvents } from '../../shared/protocol';
import { type PhaseClock, remainingAt } from '../../shared/timer.rules';
import type { FromLoad, LoadAwait, LoadStart, ToLoad } from './clock-bench.messages';

type ScreenSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** As the web client (`web/lib/live/live-connection.svelte.ts`): 5 samples, each given 5 s, again every 30 s. */
const SYNC_SAMPLES = 5;
const ACK_TIMEOUT_MS = 5_000;
const RESYNC_EVERY_MS = 30_000;

interface Screen {
	socket: ScreenSocket;
	offsetMs: number | null;
	rttMs: number | null;
	version: number;
	clock: PhaseClock | null;
	/** First receipt of each version, in order (pruned as rounds read them). */
	seen: { version: number; at: number }[];
}

const screens: Screen[] = [];
const resyncTimers: NodeJS.Timeout[] = [];
let disconnects = 0;
let stopping = false;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let cpuAtReady: NodeJS.CpuUsage | undefined;

/** While a round waits: the version every screen must reach, how many have, and what to call then. */
let waiting: { version: number; reached: number; done: () => void } | null = null;

function send(message: FromLoad): void {
	process.send!(message);
}

async function syncClock(screen: Screen): Promise<void> {
	const samples: ClockSample[] = [];
	for (let i = 0; i < SYNC_SAMPLES; i++) {
		const sentAt = Date.now();
		try {
			const reply = await screen.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('clock:sync', { sentAt });
			if (reply.ok) samples.push({ sentAt, serverTime: reply.data.serverTime, receivedAt: Date.now() });
		} catch {
			// A lost sample is skipped, as the web client does.
		}
	}
	const estimate = estimateClockOffset(samples);
	if (estimate) {
		screen.offsetMs = estimate.offsetMs;
		screen.rttMs = estimate.rttMs;
	}
}

function receive(screen: Screen, view: LiveView): void {
	const at = Date.now();
	// Broadcasts can cross a sync's answer: keep whichever is newer, as the web client does.
	if (view.version < screen.version) return;
	if (view.version > screen.version) screen.seen.push({ version: view.version, at });
	const before = screen.version;
	screen.version = view.version;
	screen.clock = view.current?.clock ?? null;
	// Counted, not recounted: a scan of every screen per receipt would delay the receipts after it.
	if (waiting && before < waiting.version && view.version >= waiting.version && ++waiting.reached === screens.length) waiting.done();
}

async function openScreen(start: LoadStart): Promise<Screen> {
	const socket: ScreenSocket = io(start.url, {
		auth: { protocol: PROTOCOL_VERSION, token: start.token },
		transports: ['websocket'],
		// A screen that drops is a failure of the bench, not something to paper over by reconnecting.
		reconnection: false,
		forceNew: true
	});
	const screen: Screen = { socket, offsetMs: null, rttMs: null, version: -1, clock: null, seen: [] };
	socket.on('live:state', (view) => receive(screen, view));
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	socket.on('disconnect', () => {
		if (!stopping) disconnects++;
	});
	const joinAndSync = async () => {
		const joined = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('meeting:join', { meetingId: start.meetingId });
		if (!joined.ok) throw new Error(`meeting:join refused: ${joined.error.code} ${joined.error.message.en}`);
		const synced = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('live:sync', {});
		if (!synced.ok) throw new Error(`live:sync refused: ${synced.error.code} ${synced.error.message.en}`);
		receive(screen, synced.data);
	};
	// The web client starts its clock sync and its join together on connect, and re-syncs on a timer
	// that started when its page loaded: hall screens are opened at different times, so the phases of
	// their timers are spread over the period rather than bunched at the moment of this connection.
	await Promise.all([syncClock(screen), joinAndSync()]);
	const phase = setTimeout(() => {
		void syncClock(screen);
		resyncTimers.push(setInterval(() => void syncClock(screen), RESYNC_EVERY_MS));
	}, Math.random() * RESYNC_EVERY_MS);
	resyncTimers.push(phase);
	return screen;
}

function sendSynced(): void {
	const synced = screens.filter((s) => s.offsetMs !== null);
	send({ type: 'synced', offsetsMs: synced.map((s) => s.offsetMs!), rttsMs: synced.map((s) => s.rttMs!), failed: screens.length - synced.length });
}

async function start(message: LoadStart): Promise<void> {
	const began = Date.now();
	let next = 0;
	const worker = async () => {
		while (next < message.screens) {
			next++;
			screens.push(await openScreen(message));
		}
	};
	await Promise.all(Array.from({ length: Math.min(message.connectConcurrency, message.screens) }, worker));
	const connectMs = Date.now() - began;
	const sample = await screens[0]!.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('live:sync', {});
	const viewBytes = sample.ok ? Buffer.byteLength(JSON.stringify(sample.data)) : Number.NaN;
	// From here on the bench measures: the connection storm's delays and CPU are not the rounds'.
	loopDelay.enable();
	cpuAtReady = process.cpuUsage();
	send({ type: 'ready', connectMs, viewBytes });
	sendSynced();
}

async function resync(windowMs: number): Promise<void> {
	await Promise.all(
		screens.map(async (screen) => {
			await new Promise((resolve) => setTimeout(resolve, Math.random() * windowMs));
			await syncClock(screen);
		})
	);
	sendSynced();
}

async function awaitRound(message: LoadAwait): Promise<void> {
	const reached = screens.filter((s) => s.version >= message.version).length;
	if (reached < screens.length) {
		await new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				waiting = null;
				resolve();
			};
			// The allowance runs from the host's send, not from this message's arrival.
			const timer = setTimeout(done, Math.max(0, message.sentAt + message.timeoutMs - Date.now()));
			waiting = { version: message.version, reached, done };
		});
	}
	const latenciesMs: number[] = [];
	let missing = 0;
	const clocks = new Map<string, number>();
	for (const screen of screens) {
		const first = screen.seen.find((s) => s.version >= message.version);
		screen.seen = screen.seen.filter((s) => s.version >= message.version);
		if (!first || first.at - message.sentAt > message.timeoutMs) {
			missing++;
			continue;
		}
		latenciesMs.push(first.at - message.sentAt);
		const key = JSON.stringify(screen.clock);
		clocks.set(key, (clocks.get(key) ?? 0) + 1);
	}
	const [commonest, holders] = [...clocks].sort((a, b) => b[1] - a[1])[0] ?? ['null', 0];
	send({
		type: 'arrived',
		latenciesMs,
		missing,
		clock: clocks.size === 1 ? (JSON.parse(commonest) as PhaseClock | null) : null,
		clockMismatches: screens.length - missing - holders
	});
}

function read(instant: number): void {
	let min = Number.POSITIVE_INFINITY;
	let max = Number.NEGATIVE_INFINITY;
	for (const screen of screens) {
		if (!screen.clock) continue;
		const remaining = remainingAt(screen.clock, instant + (screen.offsetMs ?? 0));
		min = Math.min(min, remaining);
		max = Math.max(max, remaining);
	}
	send({ type: 'readings', min, max });
}

function closeAll(): void {
	stopping = true;
	for (const timer of resyncTimers) clearTimeout(timer);
	for (const s of screens) s.socket.close();
}

function stop(): void {
	closeAll();
	loopDelay.disable();
	const usage = process.cpuUsage(cpuAtReady);
	send({
		type: 'stopped',
		cpuMs: (usage.user + usage.system) / 1000,
		eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
		eventLoopDelayMaxMs: loopDelay.max / 1e6,
		disconnects
	});
	process.disconnect();
}

function fail(err: unknown): void {
	send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
}

process.on('message', (message: ToLoad) => {
	switch (message.type) {
		case 'start':
			return void start(message).catch(fail);
		case 'resync':
			return void resync(message.windowMs).catch(fail);
		case 'await':
			return void awaitRound(message).catch(fail);
		case 'read':
			return read(message.instant);
		case 'stop':
			return stop();
	}
});
// The bench went away: nothing left to report to, so close the sockets and end.
process.on('disconnect', () => {
	closeAll();
	process.exit(0);
});
