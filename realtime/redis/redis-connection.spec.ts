import { describe, expect, it } from 'vitest';
import { describeDurability } from './redis-connection';

describe('describeDurability', () => {
	it('calls only AOF with appendfsync always safe', () => {
		expect(describeDurability('yes', 'always', '')).toEqual({ mode: 'aof-always', safe: true, warning: null });
	});

	it.each([
		['yes', 'everysec', '3600 1', 'aof-everysec'],
		['yes', 'no', '', 'aof-no'],
		['no', 'everysec', '3600 1 300 100', 'rdb-only'],
		['no', 'always', '', 'none'],
		[null, null, null, 'unknown']
	] as const)('appendonly=%s appendfsync=%s save=%s is %s and warned about in both languages', (aof, fsync, save, mode) => {
		const d = describeDurability(aof, fsync, save);
		expect(d.mode).toBe(mode);
		expect(d.safe).toBe(false);
		expect(d.warning?.zh).toMatch(/[\u4e00-\u9fff]/);
		expect(d.warning?.en).toMatch(/[a-z]/);
	});
});
