import { describe, expect, it } from 'vitest';
import { estimateClockOffset, remainingMs } from './clock.rules';

describe('estimateClockOffset', () => {
	it('takes the midpoint of a symmetric round trip', () => {
		// Client is 1000 ms behind the server; 40 ms each way.
		expect(estimateClockOffset([{ sentAt: 0, serverTime: 1040, receivedAt: 80 }])).toEqual({ offsetMs: 1000, rttMs: 80 });
	});

	it('trusts the sample with the shortest round trip', () => {
		const estimate = estimateClockOffset([
			{ sentAt: 0, serverTime: 5300, receivedAt: 400 }, // delayed on the way back: midpoint says 5100
			{ sentAt: 1000, serverTime: 6010, receivedAt: 1020 }, // short: 5000
			{ sentAt: 2000, serverTime: 7100, receivedAt: 2300 }
		]);
		expect(estimate).toEqual({ offsetMs: 5000, rttMs: 20 });
	});

	it('handles a client ahead of the server', () => {
		expect(estimateClockOffset([{ sentAt: 10_000, serverTime: 7_005, receivedAt: 10_010 }])?.offsetMs).toBe(-3000);
	});

	it('ignores impossible samples and returns null when none is usable', () => {
		expect(estimateClockOffset([])).toBeNull();
		expect(estimateClockOffset([{ sentAt: 100, serverTime: 50, receivedAt: 90 }])).toBeNull();
		expect(estimateClockOffset([{ sentAt: 0, serverTime: Number.NaN, receivedAt: 10 }])).toBeNull();
		expect(
			estimateClockOffset([
				{ sentAt: 100, serverTime: 50, receivedAt: 90 },
				{ sentAt: 0, serverTime: 100, receivedAt: 10 }
			])
		).toEqual({ offsetMs: 95, rttMs: 10 });
	});
});

describe('remainingMs', () => {
	it('counts down in server time and goes negative in overtime', () => {
		expect(remainingMs(10_000, 4_000, 1_000)).toBe(5_000);
		expect(remainingMs(10_000, 9_500, 1_000)).toBe(-500);
	});
});
