/**
 * What the vote bench (host driver, in the main process) and its load processes (`vote.load.ts`) say
 * to each other over the Node IPC channel. A load process holds some deputies' tablets and some wall
 * screens; it does not know whether it talks to the real server or to the floor: the driver hands it
 * the URL and what each connection sends in its handshake.
 *
 * Wall times are `Date.now()`, the one clock every process on the machine reads; ack latencies are
 * measured within one process with `performance.now()`.
 */

/** What one connection presents in its handshake. */
export interface Handshake {
	auth: Record<string, unknown>;
	headers?: Record<string, string>;
}

export interface LoadStart {
	type: 'start';
	url: string;
	meetingId: string;
	/** One deputy's tablet each. */
	deputies: { id: string; handshake: Handshake }[];
	screens: number;
	screenHandshake: Handshake;
	/** Connections opening at once, per process: a hall powering on, not all in one tick. */
	connectConcurrency: number;
}

/** Every deputy of the process casts once on `voteId`, at its own moment in [startAt, startAt + windowMs). */
export interface LoadCast {
	type: 'cast';
	voteId: string;
	/** Wall time the window opens. */
	startAt: number;
	windowMs: number;
	/** A cast unanswered after this long counts as unacknowledged. */
	ackTimeoutMs: number;
}

/** Wait until every screen holds the closed result of `voteId` (or `timeoutMs` from `sentAt` passes). */
export interface LoadAwaitClose {
	type: 'await-close';
	voteId: string;
	/** Wall time the host sent `vote:close`: latencies run from here. */
	sentAt: number;
	timeoutMs: number;
}

export interface LoadStop {
	type: 'stop';
}

export type ToLoad = LoadStart | LoadCast | LoadAwaitClose | LoadStop;

export interface LoadReady {
	type: 'ready';
	connectMs: number;
	rssMb: number;
}

/** The motion choices a deputy presses, at random. */
export const BENCH_CHOICES = ['yes', 'no', 'abstain'] as const;
export type BenchChoice = (typeof BENCH_CHOICES)[number];

export interface CastResult {
	deputy: string;
	choice: BenchChoice;
	/** The press's idempotency key: distinct per deputy, so "distinct acked" counts keys. */
	key: string;
	/** Ack latency in ms; null when no answer came within the timeout. */
	ms: number | null;
	ok: boolean;
	/** The receipt the ack carried (the real server's; empty from the floor). */
	receipt: string;
	/** Why it was refused, or 'TIMEOUT'. */
	error?: string;
}

export interface LoadCastDone {
	type: 'cast-done';
	results: CastResult[];
	/** This process's event-loop delay while its deputies cast: how late it could stamp an ack. */
	eventLoopDelayP99Ms: number;
	eventLoopDelayMaxMs: number;
	cpuMs: number;
	/** `vote:turnout` messages its connections received while the vote was open. */
	turnouts: number;
}

export interface LoadClosed {
	type: 'closed';
	/** Per screen holding the closed result: the moment it did, minus the host's send. */
	latenciesMs: number[];
	/** Screens without it within the timeout. */
	missing: number;
	/** The counts the screens hold, as `voted|yes|no|abstain`, with how many hold each. */
	results: Record<string, number>;
	cpuMs: number;
}

export interface LoadFailed {
	type: 'failed';
	message: string;
}

export interface LoadStopped {
	type: 'stopped';
	cpuMs: number;
	/** Connections that dropped while the bench ran. */
	disconnects: number;
	rssMb: number;
}

export type FromLoad = LoadReady | LoadCastDone | LoadClosed | LoadFailed | LoadStopped;
