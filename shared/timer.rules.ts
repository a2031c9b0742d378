/**
 * The arithmetic of a phase clock (DESIGN.md §3, Inquiry; §4, State). A running clock is an absolute
 * server-time deadline, never a countdown: every screen computes what is left from the deadline and
 * its own estimate of server time, so all show the same second. A paused clock holds what was left.
 * Overtime is what runs past the deadline; it is counted, shown and kept, never hidden.
 *
 * Pure: every function takes the current server time and returns a new value.
 */

export interface PhaseClock {
	/** The phase's limit as set when it started (ms). */
	limitMs: number;
	/** Server time the phase started. */
	startedAt: number;
	/** Server time the limit runs out, while running; null while paused or ended. */
	deadline: number | null;
	/** What was left (negative: overtime) when paused; null while running or ended. */
	pausedRemainingMs: number | null;
	/** Server time of the current pause, to count paused time. */
	pausedAt: number | null;
	/** Total time spent paused, not counted as used. */
	pausedMs: number;
	/** Total added by the host's extensions. */
	extendedMs: number;
	/** Server time the phase ended; with `endedRemainingMs` frozen at that moment. */
	endedAt: number | null;
	endedRemainingMs: number | null;
}

export type ClockState = 'running' | 'paused' | 'ended';

export function startClock(limitMs: number, now: number): PhaseClock {
	if (!Number.isFinite(limitMs) || limitMs <= 0) throw new RangeError(`a phase limit must be positive, not ${limitMs}`);
	return { limitMs, startedAt: now, deadline: now + limitMs, pausedRemainingMs: null, pausedAt: null, pausedMs: 0, extendedMs: 0, endedAt: null, endedRemainingMs: null };
}

export function clockState(clock: PhaseClock): ClockState {
	if (clock.endedAt !== null) return 'ended';
	return clock.pausedAt !== null ? 'paused' : 'running';
}

/** Time left at `now`; negative once past the deadline (that is overtime). */
export function remainingAt(clock: PhaseClock, now: number): number {
	if (clock.endedRemainingMs !== null) return clock.endedRemainingMs;
	if (clock.pausedRemainingMs !== null) return clock.pausedRemainingMs;
	return clock.deadline! - now;
}

export function overtimeAt(clock: PhaseClock, now: number): number {
	return Math.max(0, -remainingAt(clock, now));
}

/** Time the phase has run, pauses not counted. */
export function usedAt(clock: PhaseClock, now: number): number {
	const end = clock.endedAt ?? clock.pausedAt ?? now;
	return end - clock.startedAt - clock.pausedMs;
}

export function pauseClock(clock: PhaseClock, now: number): PhaseClock {
	if (clockState(clock) !== 'running') return clock;
	return { ...clock, pausedRemainingMs: clock.deadline! - now, deadline: null, pausedAt: now };
}

/** Resuming sets a new deadline: what was left counts down again from now. */
export function resumeClock(clock: PhaseClock, now: number): PhaseClock {
	if (clockState(clock) !== 'paused') return clock;
	return { ...clock, deadline: now + clock.pausedRemainingMs!, pausedRemainingMs: null, pausedMs: clock.pausedMs + (now - clock.pausedAt!), pausedAt: null };
}

/** Adds time (the host's "+1 min"); a clock in overtime may come back under its limit. */
export function extendClock(clock: PhaseClock, byMs: number): PhaseClock {
	if (!Number.isFinite(byMs) || byMs <= 0) throw new RangeError(`an extension must be positive, not ${byMs}`);
	if (clockState(clock) === 'ended') return clock;
	return clock.deadline !== null
		? { ...clock, deadline: clock.deadline + byMs, extendedMs: clock.extendedMs + byMs }
		: { ...clock, pausedRemainingMs: clock.pausedRemainingMs! + byMs, extendedMs: clock.extendedMs + byMs };
}

/** Ends the phase, freezing what was left (or the overtime) for the record. */
export function endClock(clock: PhaseClock, now: number): PhaseClock {
	if (clockState(clock) === 'ended') return clock;
	const resumed = clockState(clock) === 'paused' ? resumeClock(clock, now) : clock;
	return { ...resumed, endedRemainingMs: resumed.deadline! - now, endedAt: now, deadline: null };
}

/** What the record keeps of a finished phase. */
export interface PhaseTimes {
	startedAt: number;
	endedAt: number;
	limitMs: number;
	extendedMs: number;
	usedMs: number;
	overtimeMs: number;
}

export function phaseTimes(clock: PhaseClock): PhaseTimes {
	if (clock.endedAt === null) throw new Error('the phase has not ended');
	return {
		startedAt: clock.startedAt,
		endedAt: clock.endedAt,
		limitMs: clock.limitMs,
		extendedMs: clock.extendedMs,
		usedMs: usedAt(clock, clock.endedAt),
		overtimeMs: overtimeAt(clock, clock.endedAt)
	};
}

/** "4:59", "0:05", and "+1:02" for overtime, as every screen shows it. Whole seconds, rounded up while counting down. */
export function formatRemaining(remainingMs: number): string {
	const over = remainingMs < 0;
	const seconds = over ? Math.floor(-remainingMs / 1000) : Math.ceil(remainingMs / 1000);
	const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
	return over ? `+${text}` : text;
}
