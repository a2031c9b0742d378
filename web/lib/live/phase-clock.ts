/** How a phase clock reads on a screen at server time `now`: shared by every role's page. */
import { type PhaseClock, clockState, formatRemaining, remainingAt } from '$shared/timer.rules';

export interface ClockReading {
	/** "4:59", "+1:02" in overtime. */
	text: string;
	remainingMs: number;
	state: 'running' | 'paused' | 'ended';
	overtime: boolean;
	/** 30 s or less left (and not yet over): the warning colour, and the wall's chime. */
	warning: boolean;
}

export const WARNING_MS = 30_000;

export function readClock(clock: PhaseClock, now: number): ClockReading {
	const remainingMs = remainingAt(clock, now);
	const overtime = remainingMs < 0;
	return { text: formatRemaining(remainingMs), remainingMs, state: clockState(clock), overtime, warning: !overtime && remainingMs <= WARNING_MS };
}
