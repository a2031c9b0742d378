import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { parseWith } from './validation';

const Schema = z.object({ name: z.string().min(1), seats: z.number().int().min(1) }).strict();

describe('parseWith', () => {
	it('returns the parsed data', () => {
		expect(parseWith(Schema, { name: '甲', seats: 3 })).toEqual({ ok: true, data: { name: '甲', seats: 3 } });
	});

	it('lists every problem, each in Chinese and English, and names the first in the message', () => {
		const result = parseWith(Schema, { name: '', seats: 0.5, extra: true });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error.code).toBe('BAD_REQUEST');
		expect(result.error.issues?.map((i) => i.path)).toEqual(['name', 'seats', '']);
		for (const issue of result.error.issues!) {
			expect(issue.message.zh).toMatch(/[\u4e00-\u9fff]/);
			expect(issue.message.en).not.toMatch(/[\u4e00-\u9fff]/);
		}
		expect(result.error.message.zh).toContain('name');
		expect(result.error.message.zh).toContain('等 3 处');
		expect(result.error.message.en).toContain('and 2 more');
	});

	it('refuses a missing payload', () => {
		const result = parseWith(Schema, undefined);
		expect(result.ok).toBe(false);
	});
});
