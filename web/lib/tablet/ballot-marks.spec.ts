import { describe, expect, it } from 'vitest';
import { applyMark, ballotChoice, markRestAbstain, marksOf, readiness, unmarked, yesCount } from './ballot-marks';

const ids = ['c1', 'c2', 'c3', 'c4', 'c5'];

describe('marking a project ballot', () => {
	it('marks a candidate and lets a mark be changed', () => {
		let attempt = applyMark({}, 'c1', 'yes', 2);
		expect(attempt).toEqual({ ok: true, marks: { c1: 'yes' } });
		attempt = applyMark(attempt.marks, 'c1', 'no', 2);
		expect(attempt.marks).toEqual({ c1: 'no' });
	});

	it('refuses the (S+1)th 赞成 and keeps the marks as they were', () => {
		const full = { c1: 'yes', c2: 'yes', c3: 'no' } as const;
		const attempt = applyMark(full, 'c4', 'yes', 2);
		expect(attempt.ok).toBe(false);
		expect(attempt.marks).toBe(full);
		if (!attempt.ok) expect(attempt.reason.zh).toContain('赞成最多 2 项，已经选满');
		expect(applyMark(full, 'c3', 'yes', 2).ok).toBe(false);
	});

	it('allows at the limit what does not add a 赞成', () => {
		const full = { c1: 'yes', c2: 'yes' } as const;
		expect(applyMark(full, 'c1', 'yes', 2)).toEqual({ ok: true, marks: full });
		expect(applyMark(full, 'c3', 'no', 2).ok).toBe(true);
		expect(applyMark(full, 'c3', 'abstain', 2).ok).toBe(true);
		const freed = applyMark(full, 'c1', 'abstain', 2);
		expect(applyMark(freed.marks, 'c3', 'yes', 2)).toEqual({ ok: true, marks: { c1: 'abstain', c2: 'yes', c3: 'yes' } });
	});

	it('counts 赞成 and lists the unmarked in ballot order', () => {
		const marks = { c4: 'yes', c1: 'no', c2: 'yes' } as const;
		expect(yesCount(marks)).toBe(2);
		expect(unmarked(marks, ids)).toEqual(['c3', 'c5']);
	});

	it('marks the rest 弃权 without touching the marks made', () => {
		expect(markRestAbstain({ c2: 'yes', c4: 'no' }, ids)).toEqual({ c1: 'abstain', c2: 'yes', c3: 'abstain', c4: 'no', c5: 'abstain' });
		expect(markRestAbstain({}, [])).toEqual({});
	});

	it('is ready only with every candidate marked and no more 赞成 than seats', () => {
		const partial = readiness({ c1: 'yes' }, ids, 2);
		expect(partial.ok).toBe(false);
		if (!partial.ok) expect(partial.reason.zh).toContain('还有 4 个项目未表态');
		expect(readiness({ c1: 'yes', c2: 'yes', c3: 'no', c4: 'abstain', c5: 'no' }, ids, 2)).toEqual({ ok: true });
		expect(readiness({ c1: 'yes', c2: 'yes', c3: 'yes', c4: 'abstain', c5: 'no' }, ids, 2).ok).toBe(false);
	});

	it('sends and checks only the candidates standing (a re-vote among the tied)', () => {
		const earlier = { c1: 'yes', c2: 'no', c9: 'yes' } as const;
		expect(readiness(earlier, ['c1', 'c2'], 1)).toEqual({ ok: true });
		expect(ballotChoice(earlier, ['c2', 'c1'])).toEqual({ marks: { c2: 'no', c1: 'yes' } });
	});

	it('reads the marks of a recorded ballot', () => {
		expect(marksOf({ marks: { c1: 'yes' } })).toEqual({ c1: 'yes' });
		expect(marksOf('yes')).toEqual({});
		expect(marksOf(null)).toEqual({});
	});
});
