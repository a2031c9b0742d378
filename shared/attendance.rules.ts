/**
 * Sign-in arithmetic (DESIGN.md §3, Roster and quorum): 应到 (expected: every current member),
 * 实到 (present: signed in and not departed), 缺席 (absent), and whether the quorum of the meeting's
 * rule is met. Integer arithmetic only, so "two thirds" is exact at every size.
 */
import type { QuorumRuleSchema } from './meeting.schema';
import type * as z from 'zod';

export type QuorumRule = z.infer<typeof QuorumRuleSchema>;

export interface Attendance {
	expected: number;
	present: number;
	absent: number;
	/** The smallest number present that meets the quorum. */
	quorumNeeds: number;
	quorumMet: boolean;
}

/** The fewest members present that satisfy `rule` out of `expected`. */
export function quorumThreshold(rule: QuorumRule, expected: number): number {
	if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`expected must be a whole number, not ${expected}`);
	// ≥ 2/3 of all: 3·present ≥ 2·all. More than half of all: 2·present > all.
	return rule === 'two-thirds-of-all' ? Math.ceil((2 * expected) / 3) : Math.floor(expected / 2) + 1;
}

export function attendance(rule: QuorumRule, expected: number, present: number): Attendance {
	if (!Number.isSafeInteger(present) || present < 0 || present > expected) throw new RangeError(`present must be 0 to ${expected}, not ${present}`);
	const quorumNeeds = quorumThreshold(rule, expected);
	return { expected, present, absent: expected - present, quorumNeeds, quorumMet: expected > 0 && present >= quorumNeeds };
}
