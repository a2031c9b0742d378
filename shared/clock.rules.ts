/**
 * Clock synchronisation, pure. Deadlines are absolute server times; every client estimates its offset
 * to the server clock from `clock:sync` round trips and renders remaining time from that, so every
 * screen shows the same second.
 */

/** One `clock:sync` round trip, all in milliseconds since the epoch. */
export interface ClockSample {
	/** Client clock when the request left. */
	sentAt: number;
	/** Server clock when it answered. */
	serverTime: number;
	/** Client clock when the answer arrived. */
	receivedAt: number;
}

export interface ClockEstimate {
	/** Add to the client clock to get server time. */
	offsetMs: number;
	/** Round trip of the sample the estimate rests on. */
	rttMs: number;
}

/**
 * Estimates the offset from samples, trusting the one with the shortest round trip (its midpoint
 * has the smallest possible error, at most half its RTT), as NTP's clock filter does.
 * Returns null when no sample is usable.
 */
export function estimateClockOffset(samples: readonly ClockSample[]): ClockEstimate | null {
	let best: ClockEstimate | null = null;
	for (const s of samples) {
		const rttMs = s.receivedAt - s.sentAt;
		if (!Number.isFinite(rttMs) || rttMs < 0 || !Number.isFinite(s.serverTime)) continue;
		const offsetMs = s.serverTime - (s.sentAt + rttMs / 2);
		if (best === null || rttMs < best.rttMs) best = { offsetMs, rttMs };
	}
	return best;
}

/** Milliseconds left until `deadline` (server time), negative once it has passed. */
export function remainingMs(deadline: number, clientNow: number, offsetMs: number): number {
	return deadline - (clientNow + offsetMs);
}
