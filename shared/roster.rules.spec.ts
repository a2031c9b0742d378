import { describe, expect, it } from 'vitest';
import type { Member } from './meeting.schema';
import { memberIdAllocator, mergeRoster, rosterConflicts } from './roster.rules';

const member = (id: string, name: string, group: string, seat: string, deputyNumber?: string, retired?: boolean): Member => ({
	id,
	name,
	group,
	seat,
	...(deputyNumber ? { deputyNumber } : {}),
	...(retired ? { retired } : {})
});

describe('member ids', () => {
	it('continue after the highest m-number and ignore other ids', () => {
		const next = memberIdAllocator([member('m0009', 'a', 'g', '1'), member('d001', 'b', 'g', '2'), member('m0002', 'c', 'g', '3')]);
		expect([next(), next()]).toEqual(['m0010', 'm0011']);
		expect(memberIdAllocator([])()).toBe('m0001');
	});
});

describe('merging an imported roster', () => {
	const existing = [
		member('m0001', '王建国', '城东组', '1排1座', '2026001'),
		member('m0002', '李秀英', '城西组', '1排2座'),
		member('m0003', '张志强', '城西组', '1排3座', '2026003')
	];

	it('keeps ids of members matched by 代表证号 even when name and seat change', () => {
		const merge = mergeRoster(existing, [
			{ name: '王建国', group: '城东组', seat: '2排1座', deputyNumber: '2026001' },
			{ name: '李秀英', group: '城西组', seat: '1排2座' },
			{ name: '张志强（改）', group: '开发区组', seat: '1排3座', deputyNumber: '2026003' }
		]);
		expect(merge.added).toBe(0);
		expect(merge.retired).toBe(0);
		expect(merge.updated).toBe(2);
		expect(merge.changed.map((m) => [m.id, m.seat, m.name])).toEqual([
			['m0001', '2排1座', '王建国'],
			['m0003', '1排3座', '张志强（改）']
		]);
	});

	it('adds unmatched rows with new ids and retires members missing from the file', () => {
		const merge = mergeRoster(existing, [
			{ name: '李秀英', group: '城西组', seat: '1排2座' },
			{ name: '赵海燕', group: '教育组', seat: '3排1座', deputyNumber: '2026100' }
		]);
		expect(merge).toMatchObject({ added: 1, updated: 0, retired: 2 });
		expect(merge.changed).toContainEqual(member('m0004', '赵海燕', '教育组', '3排1座', '2026100'));
		expect(merge.changed.filter((m) => m.retired).map((m) => m.id).sort()).toEqual(['m0001', 'm0003']);
	});

	it('reinstates a retired member who is back in the file, and counts it as an update', () => {
		const merge = mergeRoster([member('m0001', '王建国', '城东组', '1排1座', '2026001', true)], [{ name: '王建国', group: '城东组', seat: '1排1座', deputyNumber: '2026001' }]);
		expect(merge).toMatchObject({ added: 0, updated: 1, retired: 0 });
		expect(merge.changed[0]!.retired).toBeUndefined();
	});

	it('does not match two rows to one member with the same name and group', () => {
		const merge = mergeRoster([member('m0001', '王芳', '城东组', '1排1座')], [
			{ name: '王芳', group: '城东组', seat: '1排1座' },
			{ name: '王芳', group: '城东组', seat: '1排2座' }
		]);
		expect(merge).toMatchObject({ added: 1, updated: 0, retired: 0 });
	});

	it('does not match by name a member whose 代表证号 differs from the row', () => {
		const merge = mergeRoster([member('m0001', '王芳', '城东组', '1排1座', 'A1')], [{ name: '王芳', group: '城东组', seat: '1排1座', deputyNumber: 'B2' }]);
		expect(merge).toMatchObject({ added: 1, retired: 1 });
	});

	it('changes nothing when the file is the roster as it is', () => {
		const rows = existing.map(({ id: _id, ...rest }) => rest);
		expect(mergeRoster(existing, rows)).toEqual({ changed: [], added: 0, updated: 0, retired: 0 });
	});
});

describe('roster conflicts', () => {
	const roster = [member('m0001', '王建国', '城东组', '3排12号', 'A1'), member('m0002', '李秀英', '城西组', '1排2座', undefined, true)];

	it('finds a seat taken by a current member, however it is spaced or written', () => {
		const issues = rosterConflicts(roster, member('m0009', '新人', '城东组', '3排 １２号'));
		expect(issues.map((i) => i.path)).toEqual(['seat']);
		expect(issues[0]!.message.zh).toContain('王建国');
	});

	it('finds a taken 代表证号', () => {
		expect(rosterConflicts(roster, member('m0009', '新人', '城东组', '9排9座', 'A1')).map((i) => i.path)).toEqual(['deputyNumber']);
	});

	it('lets a member keep their own seat, and take a retired member’s', () => {
		expect(rosterConflicts(roster, member('m0001', '王建国', '城东组', '3排12号', 'A1'))).toEqual([]);
		expect(rosterConflicts(roster, member('m0009', '新人', '城东组', '1排2座'))).toEqual([]);
	});
});
