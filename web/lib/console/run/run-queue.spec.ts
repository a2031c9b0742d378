import { describe, expect, it } from 'vitest';
import { type QueueSlot, dropTarget, stepTarget } from './run-queue';

/** The server's own move, to check that each target lands where the host meant. */
function moved(queue: readonly QueueSlot[], entryId: string, toIndex: number): string[] {
	const ids = queue.map((e) => e.id);
	const from = ids.indexOf(entryId);
	ids.splice(from, 1);
	ids.splice(Math.min(toIndex, ids.length), 0, entryId);
	return ids;
}

const q = (spec: string): QueueSlot[] =>
	spec.split(' ').map((token) => ({ id: token.replace(/[*!]/, ''), phase: token.endsWith('*') ? 'done' : token.endsWith('!') ? 'asking' : 'queued' }));

describe('stepTarget', () => {
	it('swaps with the neighbour above or below', () => {
		const queue = q('a b c d');
		expect(moved(queue, 'c', stepTarget(queue, 'c', -1)!)).toEqual(['a', 'c', 'b', 'd']);
		expect(moved(queue, 'b', stepTarget(queue, 'b', 1)!)).toEqual(['a', 'c', 'b', 'd']);
	});

	it('jumps over questions already called', () => {
		const queue = q('a b* c! d e');
		expect(moved(queue, 'd', stepTarget(queue, 'd', -1)!)).toEqual(['d', 'a', 'b', 'c', 'e']);
		expect(moved(queue, 'a', stepTarget(queue, 'a', 1)!)).toEqual(['b', 'c', 'd', 'a', 'e']);
	});

	it('stops at either end of the waiting questions', () => {
		const queue = q('a* b c d*');
		expect(stepTarget(queue, 'b', -1)).toBeNull();
		expect(stepTarget(queue, 'c', 1)).toBeNull();
	});

	it('does not move questions already called, nor unknown ones', () => {
		const queue = q('a b* c');
		expect(stepTarget(queue, 'b', 1)).toBeNull();
		expect(stepTarget(queue, 'zz', 1)).toBeNull();
	});
});

describe('dropTarget', () => {
	const queue = q('a b c d');

	it('inserts before the row dropped on, from above or below', () => {
		expect(moved(queue, 'a', dropTarget(queue, 'a', 3)!)).toEqual(['b', 'c', 'a', 'd']);
		expect(moved(queue, 'd', dropTarget(queue, 'd', 1)!)).toEqual(['a', 'd', 'b', 'c']);
	});

	it('puts the entry last when dropped after the last row', () => {
		expect(moved(queue, 'b', dropTarget(queue, 'b', 4)!)).toEqual(['a', 'c', 'd', 'b']);
	});

	it('is null when the entry would stay put', () => {
		expect(dropTarget(queue, 'b', 1)).toBeNull();
		expect(dropTarget(queue, 'b', 2)).toBeNull();
		expect(dropTarget(queue, 'zz', 0)).toBeNull();
	});
});
