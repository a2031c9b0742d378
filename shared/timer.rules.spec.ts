import { describe, expect, it } from 'vitest';
import {
	clockState,
	endClock,
	extendClock,
	formatRemaining,
	overtimeAt,
	pauseClock,
	phaseTimes,
	remainingAt,
	resumeClock,
	startClock,
	usedAt
} from './timer.rules';

const T0 = 1_800_000_000_000;
const MIN = 60_000;

describe('a phase clock', () => {
	it('counts down from an absolute deadline', () => {
		const c = startClock(5 * MIN, T0);
		expect(c.deadline).toBe(T0 + 5 * MIN);
		expect(remainingAt(c, T0 + 90_000)).toBe(210_000);
		expect(clockState(c)).toBe('running');
	});

	it('counts overtime past the deadline instead of stopping at zero', () => {
		const c = startClock(3 * MIN, T0);
		expect(remainingAt(c, T0 + 3 * MIN)).toBe(0);
		expect(overtimeAt(c, T0 + 3 * MIN)).toBe(0);
		expect(overtimeAt(c, T0 + 3 * MIN + 42_000)).toBe(42_000);
		expect(remainingAt(c, T0 + 3 * MIN + 42_000)).toBe(-42_000);
	});

	it('holds what was left while paused and continues from it after resuming', () => {
		const paused = pauseClock(startClock(5 * MIN, T0), T0 + MIN);
		expect(clockState(paused)).toBe('paused');
		expect(remainingAt(paused, T0 + 10 * MIN)).toBe(4 * MIN);
		const resumed = resumeClock(paused, T0 + 10 * MIN);
		expect(resumed.deadline).toBe(T0 + 14 * MIN);
		expect(remainingAt(resumed, T0 + 11 * MIN)).toBe(3 * MIN);
		expect(usedAt(resumed, T0 + 11 * MIN)).toBe(2 * MIN);
		expect(resumed.pausedMs).toBe(9 * MIN);
	});

	it('ignores a second pause or a resume of a running clock', () => {
		const paused = pauseClock(startClock(MIN, T0), T0 + 1000);
		expect(pauseClock(paused, T0 + 5000)).toBe(paused);
		const running = startClock(MIN, T0);
		expect(resumeClock(running, T0 + 5000)).toBe(running);
	});

	it('extends a running or a paused clock, and can bring an overtime clock back under its limit', () => {
		const over = startClock(MIN, T0);
		expect(remainingAt(over, T0 + 90_000)).toBe(-30_000);
		const extended = extendClock(over, MIN);
		expect(remainingAt(extended, T0 + 90_000)).toBe(30_000);
		expect(extended.extendedMs).toBe(MIN);
		const paused = extendClock(pauseClock(startClock(MIN, T0), T0 + 50_000), 30_000);
		expect(remainingAt(paused, T0 + 999_999)).toBe(40_000);
	});

	it('refuses a limit or an extension that is not positive', () => {
		expect(() => startClock(0, T0)).toThrow(RangeError);
		expect(() => startClock(Number.NaN, T0)).toThrow(RangeError);
		expect(() => extendClock(startClock(MIN, T0), -1000)).toThrow(RangeError);
	});

	it('freezes at its end and records time used and overtime, pauses excluded', () => {
		let c = startClock(5 * MIN, T0);
		c = pauseClock(c, T0 + MIN);
		c = resumeClock(c, T0 + 3 * MIN); // 2 min paused
		c = extendClock(c, MIN); // limit 6 min, deadline T0 + 8 min
		c = endClock(c, T0 + 9 * MIN); // 1 min over
		expect(clockState(c)).toBe('ended');
		expect(remainingAt(c, T0 + 60 * MIN)).toBe(-MIN);
		expect(phaseTimes(c)).toEqual({ startedAt: T0, endedAt: T0 + 9 * MIN, limitMs: 5 * MIN, extendedMs: MIN, usedMs: 7 * MIN, overtimeMs: MIN });
		expect(endClock(c, T0 + 99 * MIN)).toBe(c);
	});

	it('ends a paused clock counting the pause up to the end as paused', () => {
		const c = endClock(pauseClock(startClock(5 * MIN, T0), T0 + MIN), T0 + 4 * MIN);
		expect(phaseTimes(c)).toMatchObject({ usedMs: MIN, overtimeMs: 0 });
		expect(remainingAt(c, T0 + 4 * MIN)).toBe(4 * MIN);
	});

	it('refuses the times of a phase that has not ended', () => {
		expect(() => phaseTimes(startClock(MIN, T0))).toThrow();
	});
});

describe('showing the time left', () => {
	it.each([
		[300_000, '5:00'],
		[299_001, '5:00'],
		[299_000, '4:59'],
		[5_000, '0:05'],
		[1, '0:01'],
		[0, '0:00'],
		[-999, '+0:00'],
		[-1_000, '+0:01'],
		[-62_000, '+1:02']
	])('%i ms is %s', (ms, text) => {
		expect(formatRemaining(ms)).toBe(text);
	});
});
