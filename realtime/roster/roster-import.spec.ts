import { describe, expect, it } from 'vitest';
import type { FieldIssue, Result } from '../../shared/result';
import {
	ENGLISH_HEADERS,
	type RosterRow,
	buildCsv,
	buildRosterCsv,
	buildRosterXlsx,
	buildXlsx,
	demoRosterRows,
	encodeGb18030
} from './roster-fixtures';
import { type ImportedMember, ROSTER_LIMITS, parseRosterFile } from './roster-import';

/** What a correct import of `rows` must give, with the header on Excel row `headerRow`. */
function expected(rows: RosterRow[], headerRow = 1): ImportedMember[] {
	return rows.map((r, i) => ({
		row: headerRow + 1 + i,
		name: r.name,
		group: r.group,
		seat: r.seat,
		...(r.deputyNumber ? { deputyNumber: r.deputyNumber } : {})
	}));
}

function accepted(result: Result<ImportedMember[]>): ImportedMember[] {
	if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error.issues, null, 1)}`);
	return result.data;
}

/** The issues of a refusal, after checking it is a whole-file BAD_REQUEST with nothing returned. */
function refused(result: Result<ImportedMember[]>): FieldIssue[] {
	expect(result.ok).toBe(false);
	if (result.ok) return [];
	expect(result).not.toHaveProperty('data');
	expect(result.error.code).toBe('BAD_REQUEST');
	expect(result.error.issues?.length).toBeGreaterThan(0);
	return result.error.issues ?? [];
}

/** The single issue of a refusal. */
function onlyIssue(result: Result<ImportedMember[]>): FieldIssue {
	const issues = refused(result);
	expect(issues).toHaveLength(1);
	return issues[0]!;
}

const csv = (cells: (string | number | null)[][], encoding: Parameters<typeof buildCsv>[1] = 'utf-8') => buildCsv(cells, encoding);

/** Deterministic noise, so a failure can be replayed. */
function noise(length: number, seed = 1): Uint8Array {
	const bytes = new Uint8Array(length);
	let state = seed;
	for (let i = 0; i < length; i++) {
		state = (state * 1103515245 + 12345) >>> 0;
		bytes[i] = state >>> 24;
	}
	return bytes;
}

const ROSTER = demoRosterRows(212);

describe('parseRosterFile reading a good roster', () => {
	it('reads a 212-member .xlsx with every value, row numbers as Excel shows them', async () => {
		const members = accepted(await parseRosterFile(await buildRosterXlsx(ROSTER), '名单.xlsx'));
		expect(members).toHaveLength(212);
		expect(members).toEqual(expected(ROSTER));
		expect(new Set(members.map((m) => m.group)).size).toBe(8);
		expect(members[0]).toEqual({ row: 2, name: '王建国', group: '城东代表小组', seat: '1', deputyNumber: '170001' });
		expect(members[24]).not.toHaveProperty('deputyNumber');
	});

	it.each(['utf-8-bom', 'utf-8', 'gb18030', 'utf-16le'] as const)('reads the same roster as %s CSV identically', async (encoding) => {
		const fromXlsx = accepted(await parseRosterFile(await buildRosterXlsx(ROSTER), '名单.xlsx'));
		const fromCsv = accepted(await parseRosterFile(buildRosterCsv(ROSTER, { encoding }), '名单.csv'));
		expect(fromCsv).toEqual(fromXlsx);
	});

	it('builds GB18030 test files with the published GB 2312 codes, which are not UTF-8', () => {
		// GB 2312 row/cell codes + 0xA0: 姓 D0D5, 名 C3FB, 代 B4FA, 表 B1ED, 团 CDC5, 座 D7F9, 位 CEBB, 号 BAC5.
		expect([...encodeGb18030('姓名,代表团,座位号')]).toEqual([
			0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb4, 0xfa, 0xb1, 0xed, 0xcd, 0xc5, 0x2c, 0xd7, 0xf9, 0xce, 0xbb, 0xba, 0xc5
		]);
		const file = buildRosterCsv(ROSTER, { encoding: 'gb18030' });
		expect(() => new TextDecoder('utf-8', { fatal: true }).decode(file)).toThrow();
	});

	it('reads numbers, rich text, formula results and hyperlinks as the text Excel shows, trimmed', async () => {
		const file = await buildXlsx([
			['姓名', '代表小组', '座位号', '代表证号'],
			[{ richText: [{ text: '欧阳' }, { text: '明', font: { bold: true } }] }, '城东代表小组', 12, 170001],
			['  李秀英 ', '\u3000城西代表小组\u3000', { formula: '10+3', result: 13 }, '0042'],
			[{ text: '张志强', hyperlink: 'https://example.org/zhang' }, { formula: 'B3', result: '城西代表小组' }, 14.5, null]
		]);
		expect(accepted(await parseRosterFile(file, 'r.xlsx'))).toEqual([
			{ row: 2, name: '欧阳明', group: '城东代表小组', seat: '12', deputyNumber: '170001' },
			{ row: 3, name: '李秀英', group: '城西代表小组', seat: '13', deputyNumber: '0042' },
			{ row: 4, name: '张志强', group: '城西代表小组', seat: '14.5' }
		]);
	});

	it('gives every row of a merged 代表小组 cell that group', async () => {
		const file = await buildXlsx(
			[
				['姓名', '代表小组', '座位号'],
				['王建国', '城东代表小组', 1],
				['李秀英', null, 2],
				['张志强', null, 3],
				['刘丽华', '城西代表小组', 4]
			],
			{ merges: ['B2:B4'] }
		);
		expect(accepted(await parseRosterFile(file, 'r.xlsx')).map((m) => m.group)).toEqual(['城东代表小组', '城东代表小组', '城东代表小组', '城西代表小组']);
	});

	it('takes 代表团 as the group column', async () => {
		const rows = ROSTER.slice(0, 5);
		const headers = { name: '姓名', group: '代表团', seat: '座位号', deputyNumber: '代表证号' };
		expect(accepted(await parseRosterFile(await buildRosterXlsx(rows, { headers }), 'r.xlsx'))).toEqual(expected(rows));
		expect(accepted(await parseRosterFile(buildRosterCsv(rows, { headers }), 'r.csv'))).toEqual(expected(rows));
	});

	it('takes English headers, in any case and spacing', async () => {
		const rows = ROSTER.slice(0, 5);
		expect(accepted(await parseRosterFile(await buildRosterXlsx(rows, { headers: ENGLISH_HEADERS }), 'r.xlsx'))).toEqual(expected(rows));
		const headers = { name: ' Name ', group: 'GROUP', seat: 'Seat', deputyNumber: 'Deputy Number' };
		expect(accepted(await parseRosterFile(buildRosterCsv(rows, { headers }), 'r.csv'))).toEqual(expected(rows));
	});

	it('ignores other columns and column order, and accepts spaced headers like 姓　名', async () => {
		const file = csv([
			['序号', '座位号', '姓　名', '备注', '代 表 小 组'],
			['1', '7', '王建国', '连任', '城东代表小组']
		]);
		expect(accepted(await parseRosterFile(file, 'r.csv'))).toEqual([{ row: 2, name: '王建国', group: '城东代表小组', seat: '7' }]);
	});

	it('needs no 代表证号 column, and leaves an empty 代表证号 out', async () => {
		const rows = ROSTER.slice(0, 3);
		const withoutColumn = await buildRosterXlsx(rows, { headers: { ...ENGLISH_HEADERS, deputyNumber: null } });
		const members = accepted(await parseRosterFile(withoutColumn, 'r.xlsx'));
		expect(members.map((m) => 'deputyNumber' in m)).toEqual([false, false, false]);
		const emptyCell = csv([['姓名', '代表小组', '座位号', '代表证号'], ['王建国', '城东代表小组', '1', '  ']]);
		expect(accepted(await parseRosterFile(emptyCell, 'r.csv'))).toEqual([{ row: 2, name: '王建国', group: '城东代表小组', seat: '1' }]);
	});

	it('keeps Excel row numbers across leading and inner blank rows, which it skips', async () => {
		const cells = [[], [null, null], ['姓名', '代表小组', '座位号'], ['王建国', '城东代表小组', 1], [], ['李秀英', '城西代表小组', 2]];
		const want = [
			{ row: 4, name: '王建国', group: '城东代表小组', seat: '1' },
			{ row: 6, name: '李秀英', group: '城西代表小组', seat: '2' }
		];
		expect(accepted(await parseRosterFile(await buildXlsx(cells), 'r.xlsx'))).toEqual(want);
		expect(accepted(await parseRosterFile(csv(cells), 'r.csv'))).toEqual(want);
	});

	it('counts a multi-line cell as one row, as Excel does', async () => {
		const file = csv([['姓名', '代表小组', '座位号'], ['王建国', '城东\n代表小组', '1'], ['李秀英', '城西代表小组', '']]);
		const issues = refused(await parseRosterFile(file, 'r.csv'));
		expect(issues.map((i) => i.path)).toEqual(['第3行 座位号']);
	});

	it('skips rows that hold nothing in the roster columns, like pre-numbered template rows', async () => {
		const file = csv([['序号', '姓名', '代表小组', '座位号'], ['1', '王建国', '城东代表小组', '1'], ['2', '', '', ''], ['3', '', '', '']]);
		expect(accepted(await parseRosterFile(file, 'r.csv'))).toHaveLength(1);
	});

	it('tells the format by content, whatever the file is called', async () => {
		const rows = ROSTER.slice(0, 3);
		expect(accepted(await parseRosterFile(await buildRosterXlsx(rows), 'roster.csv'))).toEqual(expected(rows));
		expect(accepted(await parseRosterFile(buildRosterCsv(rows), 'roster.xlsx'))).toEqual(expected(rows));
		expect(accepted(await parseRosterFile(buildRosterCsv(rows), '名单'))).toEqual(expected(rows));
	});

	it('reads the first visible sheet, past a hidden one', async () => {
		const file = await buildXlsx([['姓名', '代表小组', '座位号'], ['王建国', '城东代表小组', 1]], { hiddenSheetsBefore: [[['说明'], ['内部使用']]] });
		expect(accepted(await parseRosterFile(file, 'r.xlsx'))).toEqual([{ row: 2, name: '王建国', group: '城东代表小组', seat: '1' }]);
	});

	it('accepts a file of exactly the size limit and values of exactly the length limits', async () => {
		const atLimits = ['名'.repeat(40), '组'.repeat(60), '座'.repeat(16), '9'.repeat(32)];
		const head = csv([['姓名', '代表小组', '座位号', '代表证号', '备注'], [...atLimits, '']]);
		const padding = new Uint8Array(ROSTER_LIMITS.maxBytes - head.byteLength).fill(0x78);
		const file = new Uint8Array(ROSTER_LIMITS.maxBytes);
		file.set(head.subarray(0, head.byteLength - 2));
		file.set(padding, head.byteLength - 2);
		file.set([0x0d, 0x0a], ROSTER_LIMITS.maxBytes - 2);
		const [member] = accepted(await parseRosterFile(file, 'r.csv'));
		expect(member).toEqual({ row: 2, name: atLimits[0], group: atLimits[1], seat: atLimits[2], deputyNumber: atLimits[3] });
	});

	it('accepts exactly the member limit', async () => {
		const rows = demoRosterRows(ROSTER_LIMITS.maxMembers);
		expect(accepted(await parseRosterFile(buildRosterCsv(rows), 'r.csv'))).toHaveLength(ROSTER_LIMITS.maxMembers);
	});
});

describe('parseRosterFile refusing a bad file', () => {
	it('refuses a file over 5 MB before reading it', async () => {
		const issue = onlyIssue(await parseRosterFile(new Uint8Array(ROSTER_LIMITS.maxBytes + 1), 'r.xlsx'));
		expect(issue.path).toBe('');
		expect(issue.message.zh).toContain('5 MB');
		expect(issue.message.en).toContain('5 MB');
	});

	it.each([
		['an empty file', new Uint8Array(0)],
		['a CSV with only a BOM and blank lines', new Uint8Array([0xef, 0xbb, 0xbf, 0x0d, 0x0a, 0x20, 0x0d, 0x0a])],
		['a CSV of empty cells', new TextEncoder().encode(',,\r\n ,\r\n')]
	])('refuses %s as empty', async (_, file) => {
		const issue = onlyIssue(await parseRosterFile(file, 'r.csv'));
		expect(issue).toEqual({ path: '', message: expect.objectContaining({ zh: expect.stringContaining('空') }) });
	});

	it('refuses a workbook whose sheet is empty, naming the sheet', async () => {
		const issue = onlyIssue(await parseRosterFile(await buildXlsx([], { sheetName: '代表名单' }), 'r.xlsx'));
		expect(issue.message.zh).toContain('“代表名单”是空的');
		expect(issue.message.en).toContain('"代表名单" is empty');
	});

	it.each([
		['xlsx', () => buildXlsx([[], ['姓名', '代表小组', '座位号']])],
		['csv', () => Promise.resolve(csv([[], ['姓名', '代表小组', '座位号'], []]))]
	])('refuses a %s with a header and no one under it', async (kind, build) => {
		const issue = onlyIssue(await parseRosterFile(await build(), `r.${kind}`));
		expect(issue.message.zh).toContain('第2行');
		expect(issue.message.en).toContain('row 2');
	});

	it('refuses a roster whose rows hold nothing in its columns', async () => {
		const file = csv([['序号', '姓名', '代表小组', '座位号'], ['1'], ['2']]);
		const issue = onlyIssue(await parseRosterFile(file, 'r.csv'));
		expect(issue.message.zh).toContain('表头（第1行）下面没有任何人员');
	});

	it('names each missing header and lists the headers found', async () => {
		const file = csv([['序号', '名字', '代表小组', '座号'], ['1', '王建国', '城东代表小组', '1']]);
		const issues = refused(await parseRosterFile(file, 'r.csv'));
		expect(issues.map((i) => i.path)).toEqual(['第1行 姓名', '第1行 座位号']);
		expect(issues[0]!.message.zh).toContain('缺少“姓名”列');
		expect(issues[0]!.message.zh).toContain('“序号”、“名字”、“代表小组”、“座号”');
		expect(issues[0]!.message.en).toContain('"序号", "名字", "代表小组", "座号"');
		expect(issues[1]!.message.zh).toContain('缺少“座位号”列');
	});

	it('says 代表小组 or 代表团 when the group column is missing, and where the header row is', async () => {
		const file = await buildXlsx([[], ['示范市人大代表名单'], ['姓名', '小组', '座位号']]);
		const issues = refused(await parseRosterFile(file, 'r.xlsx'));
		// The title row is the first row with content, so it is taken as the header; the message says so.
		expect(issues.map((i) => i.path)).toEqual(['第2行 姓名', '第2行 代表小组', '第2行 座位号']);
		expect(issues[1]!.message.zh).toContain('“代表小组”或“代表团”');
		expect(issues[1]!.message.zh).toContain('标题行请删除');
		expect(issues[1]!.message.en).toContain('"示范市人大代表名单"');
	});

	it('refuses a header that names one column twice, 代表小组 and 代表团 included', async () => {
		const file = csv([
			['姓名', '代表小组', '座位号', '姓名', '代表团'],
			['王建国', '城东代表小组', '1', '王建国', '城东代表团']
		]);
		const issues = refused(await parseRosterFile(file, 'r.csv'));
		expect(issues.map((i) => i.path)).toEqual(['第1行 姓名', '第1行 代表团']);
		expect(issues[0]!.message.zh).toContain('D列');
		expect(issues[0]!.message.zh).toContain('A列');
		expect(issues[1]!.message.en).toContain('"代表团" (column E) means the same as "代表小组" (column B)');
	});

	it('names row and column of each empty required cell', async () => {
		const file = await buildXlsx([
			['姓名', '代表团', '座位号', '代表证号'],
			['王建国', '城东代表团', 1, '170001'],
			[null, '城东代表团', 2, null],
			['李秀英', '   ', 3, null],
			['张志强', '城西代表团', null, '170004']
		]);
		const issues = refused(await parseRosterFile(file, 'r.xlsx'));
		expect(issues.map((i) => i.path)).toEqual(['第3行 姓名', '第4行 代表团', '第5行 座位号']);
		expect(issues[2]!.message.zh).toContain('第5行“座位号”（C列）为空');
		expect(issues[2]!.message.en).toContain('Row 5, column C "座位号" is empty');
	});

	it('refuses values longer than MemberSchema allows, saying how long and the limit', async () => {
		const file = csv([
			['姓名', '代表小组', '座位号', '代表证号'],
			['名'.repeat(41), '城东代表小组', '1', ''],
			['王建国', '组'.repeat(61), '2', ''],
			['李秀英', '城东代表小组', '3'.repeat(17), ''],
			['张志强', '城东代表小组', '4', '9'.repeat(33)]
		]);
		const issues = refused(await parseRosterFile(file, 'r.csv'));
		expect(issues.map((i) => i.path)).toEqual(['第2行 姓名', '第3行 代表小组', '第4行 座位号', '第5行 代表证号']);
		expect(issues[0]!.message.zh).toContain('41 个字符，最多 40 个');
		expect(issues[3]!.message.en).toContain('33 characters; at most 32');
	});

	it('refuses a seat given twice, naming both rows and people, however the seat is spaced or full-width', async () => {
		const file = csv([
			['姓名', '代表小组', '座位号'],
			['王建国', '城东代表小组', '12'],
			['李秀英', '城东代表小组', '13'],
			['张志强', '城西代表小组', '１２'],
			['刘丽华', '城西代表小组', ' 1 2 ']
		]);
		const issues = refused(await parseRosterFile(file, 'r.csv'));
		expect(issues.map((i) => i.path)).toEqual(['第4行 座位号', '第5行 座位号']);
		expect(issues[0]!.message.zh).toContain('第4行');
		expect(issues[0]!.message.zh).toContain('（张志强）与第2行（王建国）重复');
		expect(issues[1]!.message.en).toContain('(刘丽华) is also on row 2 (王建国)');
	});

	it('refuses a deputy number given twice', async () => {
		const file = await buildXlsx([
			['姓名', '代表小组', '座位号', '代表证号'],
			['王建国', '城东代表小组', 1, '170001'],
			['李秀英', '城东代表小组', 2, null],
			['张志强', '城西代表小组', 3, null],
			['刘丽华', '城西代表小组', 4, 170001]
		]);
		const issue = onlyIssue(await parseRosterFile(file, 'r.xlsx'));
		expect(issue.path).toBe('第5行 代表证号');
		expect(issue.message.zh).toContain('代表证号“170001”（刘丽华）与第2行（王建国）重复');
	});

	it('refuses more than 3000 people', async () => {
		const issue = onlyIssue(await parseRosterFile(buildRosterCsv(demoRosterRows(ROSTER_LIMITS.maxMembers + 1)), 'r.csv'));
		expect(issue.path).toBe('');
		expect(issue.message.zh).toContain('3001 行');
		expect(issue.message.en).toContain('at most 3000');
	});

	it('refuses cells Excel has mangled: dates, error values, numbers past 15 digits, uncalculated formulas', async () => {
		const file = await buildXlsx([
			['姓名', '代表小组', '座位号', '代表证号'],
			['王建国', '城东代表小组', new Date(Date.UTC(2026, 2, 12)), null],
			['李秀英', { formula: 'VLOOKUP(A3,X:Y,2)', result: { error: '#N/A' } }, 2, null],
			['张志强', '城西代表小组', 3, 110101199001011234],
			['刘丽华', '城西代表小组', { formula: '1+3' }, null]
		]);
		const issues = refused(await parseRosterFile(file, 'r.xlsx'));
		expect(issues.map((i) => i.path)).toEqual(['第2行 座位号', '第3行 代表小组', '第4行 代表证号', '第5行 座位号']);
		expect(issues[0]!.message.zh).toContain('日期（2026-03-12）');
		expect(issues[1]!.message.en).toContain('#N/A');
		expect(issues[2]!.message.zh).toContain('超过 15 位');
		expect(issues[3]!.message.en).toContain('never been calculated');
	});

	it('lists every problem of a file at once, in row order', async () => {
		const file = csv(
			[
				['姓名', '代表小组', '座位号', '代表证号'],
				['王建国', '城东代表小组', '1', '170001'],
				['', '城东代表小组', '2', '170002'],
				[],
				['李秀英', '城西代表小组', '1', '170001'],
				['名'.repeat(41), '', '', '']
			],
			'gb18030'
		);
		const result = await parseRosterFile(file, 'r.csv');
		const issues = refused(result);
		expect(issues.map((i) => i.path)).toEqual(['第3行 姓名', '第5行 座位号', '第5行 代表证号', '第6行 姓名', '第6行 代表小组', '第6行 座位号']);
		if (!result.ok) {
			expect(result.error.message.zh).toContain('第3行 姓名');
			expect(result.error.message.zh).toContain('等 6 处');
			expect(result.error.message.en).toContain('and 5 more');
		}
	});

	it('refuses a PNG renamed .xlsx, saying it is a picture', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, ...noise(200)]);
		const issue = onlyIssue(await parseRosterFile(png, '名单.xlsx'));
		expect(issue.message.zh).toContain('PNG');
		expect(issue.message.en).toContain('not a roster spreadsheet');
	});

	it.each(['名单.xlsx', '名单.csv'])('refuses random bytes named %s as neither workbook nor CSV', async (name) => {
		const issue = onlyIssue(await parseRosterFile(noise(4096, name.length), name));
		expect(issue.message.zh).toContain('既不是 Excel 工作簿，也不是 CSV 文本');
		expect(issue.message.zh).toContain(name.slice(name.indexOf('.')));
	});

	it('refuses an old .xls or password-protected workbook with what to do about it', async () => {
		const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...noise(504)]);
		const issue = onlyIssue(await parseRosterFile(ole, '名单.xls'));
		expect(issue.message.zh).toContain('.xls');
		expect(issue.message.zh).toContain('另存为');
	});

	it('refuses a damaged workbook without throwing', async () => {
		const whole = await buildRosterXlsx(ROSTER);
		const truncated = whole.subarray(0, Math.floor(whole.byteLength / 2));
		const scrambled = whole.slice();
		scrambled.set(noise(400), 1000);
		for (const file of [truncated, scrambled, new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...noise(100)])]) {
			const issue = onlyIssue(await parseRosterFile(file, '名单.xlsx'));
			expect(issue.message.zh).toContain('已损坏');
		}
	});

	it('refuses a zip that holds no worksheet', async () => {
		const emptyZip = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
		const issue = onlyIssue(await parseRosterFile(emptyZip, '名单.xlsx'));
		expect(issue.message.zh).toContain('没有 Excel 工作表');
	});

	it('refuses a CSV with an unclosed quote', async () => {
		const file = new TextEncoder().encode('姓名,代表小组,座位号\r\n王建国,"城东代表小组,1\r\n');
		const issue = onlyIssue(await parseRosterFile(file, 'r.csv'));
		expect(issue.message.zh).toContain('引号');
	});
});
