import { describe, expect, it } from 'vitest';
import { attendance, quorumThreshold } from './attendance.rules';

describe('quorum of a congress session: at least two thirds of all members present', () => {
	it.each([
		[212, 142], // 2/3 of 212 is 141.33…: 141 is short, 142 is enough
		[300, 200], // exactly two thirds is enough
		[36, 24],
		[3, 2],
		[1, 1]
	])('of %i members, %i must be present', (all, needed) => {
		expect(quorumThreshold('two-thirds-of-all', all)).toBe(needed);
		expect(attendance('two-thirds-of-all', all, needed).quorumMet).toBe(true);
		expect(attendance('two-thirds-of-all', all, needed - 1).quorumMet).toBe(false);
	});
});

describe('quorum of a standing committee: more than half of all members present', () => {
	it.each([
		[40, 21], // exactly half is not more than half
		[41, 21],
		[2, 2],
		[1, 1]
	])('of %i members, %i must be present', (all, needed) => {
		expect(quorumThreshold('more-than-half-of-all', all)).toBe(needed);
		expect(attendance('more-than-half-of-all', all, needed).quorumMet).toBe(true);
		expect(attendance('more-than-half-of-all', all, needed - 1).quorumMet).toBe(false);
	});
});

describe('attendance', () => {
	it('counts 应到 / 实到 / 缺席', () => {
		expect(attendance('two-thirds-of-all', 212, 180)).toEqual({ expected: 212, present: 180, absent: 32, quorumNeeds: 142, quorumMet: true });
	});

	it('never meets a quorum of an empty body', () => {
		expect(attendance('more-than-half-of-all', 0, 0).quorumMet).toBe(false);
	});

	it('refuses impossible counts', () => {
		expect(() => attendance('two-thirds-of-all', 10, 11)).toThrow(RangeError);
		expect(() => attendance('two-thirds-of-all', 10, -1)).toThrow(RangeError);
		expect(() => quorumThreshold('two-thirds-of-all', 1.5)).toThrow(RangeError);
	});
});
