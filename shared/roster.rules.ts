/**
 * Pure rules for a body's roster: how an imported file is merged into the current roster, how new
 * members get ids, and that no two current members share a seat or a 代表证号.
 */
import type { FieldIssue } from './result';
import type { Member, MemberInput } from './meeting.schema';

/** Ids `m0001`, `m0002`, …, continuing after the highest one in use. */
export function memberIdAllocator(existing: readonly Member[]): () => string {
	let next = 1 + existing.reduce((max, m) => Math.max(max, /^m(\d+)$/.test(m.id) ? Number(m.id.slice(1)) : 0), 0);
	return () => `m${String(next++).padStart(4, '0')}`;
}

export interface RosterMerge {
	/** Every member to write: added, updated and newly retired ones. */
	changed: Member[];
	added: number;
	updated: number;
	retired: number;
}

const sameText = (a: string | undefined, b: string | undefined) => (a ?? '') === (b ?? '');

/**
 * The file is the roster: a row matches a member by 代表证号 when both have one, else by name and
 * group; a matched member keeps its id (so questions and pairings stay attached) and is updated,
 * unmatched rows are added, and current members missing from the file are retired, not deleted.
 */
export function mergeRoster(existing: readonly Member[], rows: readonly MemberInput[]): RosterMerge {
	const nextId = memberIdAllocator(existing);
	const byNumber = new Map(existing.filter((m) => m.deputyNumber).map((m) => [m.deputyNumber!, m]));
	const byName = new Map<string, Member[]>();
	for (const m of existing) {
		const key = `${m.name}\u0000${m.group}`;
		byName.set(key, [...(byName.get(key) ?? []), m]);
	}
	const matched = new Set<string>();
	const changed: Member[] = [];
	let added = 0;
	let updated = 0;

	for (const row of rows) {
		let found = row.deputyNumber ? byNumber.get(row.deputyNumber) : undefined;
		if (!found) found = byName.get(`${row.name}\u0000${row.group}`)?.find((m) => !matched.has(m.id) && (!m.deputyNumber || !row.deputyNumber));
		if (found && !matched.has(found.id)) {
			matched.add(found.id);
			const next: Member = { id: found.id, name: row.name, group: row.group, seat: row.seat, ...(row.deputyNumber ? { deputyNumber: row.deputyNumber } : {}) };
			const same =
				!found.retired && found.name === next.name && found.group === next.group && found.seat === next.seat && sameText(found.deputyNumber, next.deputyNumber);
			if (!same) {
				changed.push(next);
				updated++;
			}
		} else {
			changed.push({ id: nextId(), name: row.name, group: row.group, seat: row.seat, ...(row.deputyNumber ? { deputyNumber: row.deputyNumber } : {}) });
			added++;
		}
	}
	let retired = 0;
	for (const m of existing) {
		if (!m.retired && !matched.has(m.id)) {
			changed.push({ ...m, retired: true });
			retired++;
		}
	}
	return { changed, added, updated, retired };
}

/**
 * Problems with putting `candidate` into the roster next to the other current members: a seat or a
 * 代表证号 already taken by someone else.
 */
export function rosterConflicts(members: readonly Member[], candidate: Member): FieldIssue[] {
	const issues: FieldIssue[] = [];
	for (const m of members) {
		if (m.id === candidate.id || m.retired || candidate.retired) continue;
		if (normaliseSeat(m.seat) === normaliseSeat(candidate.seat)) {
			issues.push({ path: 'seat', message: { zh: `座位号“${candidate.seat}”已由${m.name}使用。`, en: `Seat "${candidate.seat}" is already ${m.name}'s.` } });
		}
		if (candidate.deputyNumber && m.deputyNumber === candidate.deputyNumber) {
			issues.push({
				path: 'deputyNumber',
				message: { zh: `代表证号“${candidate.deputyNumber}”已由${m.name}使用。`, en: `Deputy number "${candidate.deputyNumber}" is already ${m.name}'s.` }
			});
		}
	}
	return issues;
}

/** Seats "12" and "１２", or "3排 12号" and "3排12号", are one seat to the people sitting in it. */
export function normaliseSeat(seat: string): string {
	return seat.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}
