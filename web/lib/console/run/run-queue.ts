/**
 * Where a queued question lands when the host moves it. `queue:move` takes the index the entry ends
 * at in its whole queue (called and finished questions included); the host only sees and means the
 * order among the questions still waiting, so a step up or down jumps over the ones already called.
 */

export interface QueueSlot {
	id: string;
	phase: string;
}

/** The `toIndex` that moves `entryId` one place up or down among the queued entries, or null at the end. */
export function stepTarget(queue: readonly QueueSlot[], entryId: string, direction: -1 | 1): number | null {
	const from = queue.findIndex((e) => e.id === entryId);
	if (from < 0 || queue[from]!.phase !== 'queued') return null;
	for (let i = from + direction; i >= 0 && i < queue.length; i += direction) {
		// Removing the entry shifts those after it up by one, so landing just past a later entry is index i.
		if (queue[i]!.phase === 'queued') return i;
	}
	return null;
}

/**
 * The `toIndex` for a drop that inserts before position `insertAt` (0 to length) of the queue as
 * shown, or null when the entry would stay where it is.
 */
export function dropTarget(queue: readonly QueueSlot[], entryId: string, insertAt: number): number | null {
	const from = queue.findIndex((e) => e.id === entryId);
	if (from < 0) return null;
	const to = insertAt > from ? insertAt - 1 : insertAt;
	return to === from ? null : Math.max(0, Math.min(to, queue.length - 1));
}
