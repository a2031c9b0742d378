import { describe, expect, it } from 'vitest';
import { type ChimeSample, crossesWarning } from './warning-chime';

const at = (remainingMs: number, running = true, key = 'q1:answering:1'): ChimeSample => ({ key, remainingMs, running });

describe('the 30-second chime', () => {
	it('sounds on the tick a running clock passes 30 s left, and not on the ticks after', () => {
		expect(crossesWarning(at(30_100), at(30_000))).toBe(true);
		expect(crossesWarning(at(30_000), at(29_900))).toBe(false);
		expect(crossesWarning(at(45_000), at(44_900))).toBe(false);
	});

	it('stays quiet for a screen that opens with less than 30 s left', () => {
		expect(crossesWarning(null, at(20_000))).toBe(false);
	});

	it('stays quiet for a paused clock, a new phase, or a clock that jumped past zero while the screen slept', () => {
		expect(crossesWarning(at(31_000), at(29_000, false))).toBe(false);
		expect(crossesWarning(at(31_000, true, 'q1:asking:1'), at(29_000, true, 'q1:answering:2'))).toBe(false);
		expect(crossesWarning(at(31_000), at(-2_000))).toBe(false);
		expect(crossesWarning(at(31_000), null)).toBe(false);
	});

	it('sounds again when an extension lifts the clock above 30 s and it comes down once more', () => {
		expect(crossesWarning(at(20_000), at(80_000))).toBe(false);
		expect(crossesWarning(at(30_050), at(29_950))).toBe(true);
	});
});
