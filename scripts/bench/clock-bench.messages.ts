/**
 * What the clock bench (host driver, in the main process) and its screen load processes say to each
 * other over the Node IPC channel. Every time is `Date.now()`, the machine's wall clock: the one time
 * base the server, the host driver and every simulated screen share.
 */
import type { PhaseClock } from '../../shared/timer.rules';

export interface LoadStart {
	type: 'start';
	url: string;
	token: string;
	meetingId: string;
	screens: number;
	/** Screens connecting at once: a hall powering on, not one socket at a time nor all in one tick. */
	connectConcurrency: number;
}

/** Every screen re-estimates its offset (5 samples), each at a random moment within `windowMs`. */
export interface LoadResync {
	type: 'resync';
	windowMs: number;
}

/** Wait until every screen holds live version ≥ `version` (or `timeoutMs` passes). */
export interface LoadAwait {
	type: 'await';
	version: number;
	/** When the host sent the command: latencies are measured from here. */
	sentAt: number;
	timeoutMs: number;
}

/** Every screen computes the remaining time it displays at wall time `instant` (plus its own offset). */
export interface LoadRead {
	type: 'read';
	instant: number;
}

export interface LoadStop {
	type: 'stop';
}

export type ToLoad = LoadStart | LoadResync | LoadAwait | LoadRead | LoadStop;

/** Each screen's current estimate: the truth is 0 (one machine, one clock), so each offset is its error. */
export interface LoadSynced {
	type: 'synced';
	offsetsMs: number[];
	/** Round trip of the sample each estimate rests on. */
	rttsMs: number[];
	/** Screens with no estimate at all (every sample lost). */
	failed: number;
}

export interface LoadReady {
	type: 'ready';
	connectMs: number;
	/** Size of the `live:state` a screen receives, as JSON. */
	viewBytes: number;
}

export interface LoadArrived {
	type: 'arrived';
	/** Per screen that got it: its first receipt of a state at ≥ version, minus the host's send time. */
	latenciesMs: number[];
	/** Screens that never got the version within the timeout. */
	missing: number;
	/** The clock every screen of this process holds; null when they do not all hold the same one. */
	clock: PhaseClock | null;
	/** Screens whose clock differs from the others' at the same version (must be 0). */
	clockMismatches: number;
}

export interface LoadReadings {
	type: 'readings';
	/** Lowest and highest displayed remaining time over this process's screens. */
	min: number;
	max: number;
}

export interface LoadFailed {
	type: 'failed';
	message: string;
}

export interface LoadStopped {
	type: 'stopped';
	/** CPU the load process used while the bench measured (user + system). */
	cpuMs: number;
	/** Its own event-loop delay while the bench measured: how late it could have been to stamp a receipt. */
	eventLoopDelayP99Ms: number;
	eventLoopDelayMaxMs: number;
	/** Screens that disconnected while the bench ran. */
	disconnects: number;
}

export type FromLoad = LoadSynced | LoadReady | LoadArrived | LoadReadings | LoadFailed | LoadStopped;
