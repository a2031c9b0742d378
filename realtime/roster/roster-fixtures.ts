/**
 * Roster files for tests and e2e runs: .xlsx workbooks written by exceljs and CSV files in the
 * encodings clerks' tools produce (UTF-8 with a BOM from "CSV UTF-8", GB18030 from plain "CSV" on
 * Chinese Windows, UTF-16 from "Unicode text").
 */
import ExcelJS from 'exceljs';

/** One person as a clerk would type them into the roster sheet. */
export interface RosterRow {
	name: string;
	group: string;
	seat: string;
	deputyNumber?: string;
}

/** The header cells to write; `deputyNumber: null` leaves the optional column out. */
export interface RosterHeaders {
	name: string;
	group: string;
	seat: string;
	deputyNumber: string | null;
}

export const CHINESE_HEADERS: RosterHeaders = { name: '姓名', group: '代表小组', seat: '座位号', deputyNumber: '代表证号' };
export const ENGLISH_HEADERS: RosterHeaders = { name: 'name', group: 'group', seat: 'seat', deputyNumber: 'deputyNumber' };

/** A sheet as rows of cells, header first; `null` is an empty cell. */
export type SheetCells = ExcelJS.CellValue[][];

const GROUPS = ['城东代表小组', '城西代表小组', '开发区代表小组', '教育界代表小组', '医卫界代表小组', '农业农村代表小组', '工商界代表小组', '驻区部队代表小组'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈';
const GIVEN = ['建国', '秀英', '志强', '丽华', '海燕', '文博', '晓东', '春梅', '国栋', '玉兰', '明辉', '静怡', '立新', '红霞', '振华', '淑珍', '卫东', '桂芝', '永红', '德胜', '雪梅', '子涵', '浩然', '思远'];

/**
 * `count` plausible deputies: eight 代表小组 in contiguous blocks (a group sits together), seats
 * "1" … "count", deputy numbers "170001" …, and every 25th deputy without a 代表证号 yet, as happens
 * after a by-election. Names are unique for up to 864 deputies and repeat after that, as real names can.
 */
export function demoRosterRows(count: number): RosterRow[] {
	return Array.from({ length: count }, (_, i) => {
		const row: RosterRow = {
			name: SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!,
			group: GROUPS[Math.floor((i * GROUPS.length) / count)]!,
			seat: String(i + 1)
		};
		if (i % 25 !== 24) row.deputyNumber = `17${String(i + 1).padStart(4, '0')}`;
		return row;
	});
}

/**
 * The roster as sheet cells. Seats that are whole numbers become number cells by default, since that
 * is what a clerk typing 12 into Excel gets; deputy numbers stay text, as their leading zeros require.
 */
export function rosterCells(rows: RosterRow[], options: { headers?: RosterHeaders; seatsAsNumbers?: boolean } = {}): SheetCells {
	const headers = options.headers ?? CHINESE_HEADERS;
	const withNumber = headers.deputyNumber !== null;
	const seat = (s: string) => (options.seatsAsNumbers !== false && /^[1-9]\d{0,14}$/.test(s) ? Number(s) : s);
	return [
		[headers.name, headers.group, headers.seat, ...(withNumber ? [headers.deputyNumber] : [])],
		...rows.map((r) => [r.name, r.group, seat(r.seat), ...(withNumber ? [r.deputyNumber ?? null] : [])])
	];
}

/**
 * An .xlsx workbook with `cells` on its first sheet, starting at A1. `merges` are ranges such as
 * "B2:B9"; `hiddenSheetsBefore` are hidden sheets placed ahead of the roster.
 */
export async function buildXlsx(
	cells: SheetCells,
	options: { sheetName?: string; merges?: string[]; hiddenSheetsBefore?: SheetCells[] } = {}
): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	for (const [i, hidden] of (options.hiddenSheetsBefore ?? []).entries()) {
		fillSheet(workbook.addWorksheet(`隐藏${i + 1}`, { state: 'hidden' }), hidden);
	}
	const sheet = workbook.addWorksheet(options.sheetName ?? '名单');
	fillSheet(sheet, cells);
	for (const range of options.merges ?? []) sheet.mergeCells(range);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Cell by cell rather than addRow, so that empty rows and cells stay empty and in place. */
function fillSheet(sheet: ExcelJS.Worksheet, cells: SheetCells): void {
	for (const [r, row] of cells.entries()) {
		for (const [c, value] of row.entries()) {
			if (value !== null && value !== undefined) sheet.getCell(r + 1, c + 1).value = value;
		}
	}
}

/** The roster as an .xlsx workbook, the way a clerk fills in the template. */
export function buildRosterXlsx(rows: RosterRow[], options: { headers?: RosterHeaders; seatsAsNumbers?: boolean } = {}): Promise<Uint8Array> {
	return buildXlsx(rosterCells(rows, options));
}

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le';

/**
 * CSV bytes as Excel writes them: CRLF line ends, fields quoted only when they must be. `utf-16le`
 * is Excel's "Unicode text", which has a BOM and separates fields with tabs.
 */
export function buildCsv(cells: (string | number | null)[][], encoding: CsvEncoding = 'utf-8-bom'): Uint8Array {
	const delimiter = encoding === 'utf-16le' ? '\t' : ',';
	const field = (value: string | number | null) => {
		const text = value === null ? '' : String(value);
		return /["\r\n,\t]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
	};
	const text = cells.map((row) => row.map(field).join(delimiter)).join('\r\n') + '\r\n';
	switch (encoding) {
		case 'utf-8':
			return new TextEncoder().encode(text);
		case 'utf-8-bom':
			return new TextEncoder().encode('\uFEFF' + text);
		case 'gb18030':
			return encodeGb18030(text);
		case 'utf-16le':
			return encodeUtf16le('\uFEFF' + text);
	}
}

/** The roster as a CSV file; every value is text, as in any CSV. */
export function buildRosterCsv(rows: RosterRow[], options: { headers?: RosterHeaders; encoding?: CsvEncoding } = {}): Uint8Array {
	const cells = rosterCells(rows, { headers: options.headers, seatsAsNumbers: false }) as (string | null)[][];
	return buildCsv(cells, options.encoding);
}

function encodeUtf16le(text: string): Uint8Array {
	const bytes = new Uint8Array(text.length * 2);
	for (let i = 0; i < text.length; i++) {
		const unit = text.charCodeAt(i);
		bytes[2 * i] = unit & 0xff;
		bytes[2 * i + 1] = unit >> 8;
	}
	return bytes;
}

let gbkCodes: Map<string, [number, number]> | undefined;

/**
 * GB18030 bytes for `text`, for the characters of its two-byte (GBK) range, which covers every
 * character a roster is likely to hold. Node has no GB18030 encoder, so the table is the inverse of
 * its decoder over all two-byte codes; the spec pins a few codes to the published GB 2312 table so
 * the inversion cannot drift unnoticed. Throws on a character outside that range.
 */
export function encodeGb18030(text: string): Uint8Array {
	gbkCodes ??= twoByteCodes();
	const bytes: number[] = [];
	for (const char of text) {
		if (char.charCodeAt(0) < 0x80) {
			bytes.push(char.charCodeAt(0));
			continue;
		}
		const code = gbkCodes.get(char);
		if (!code) throw new RangeError(`encodeGb18030: ${JSON.stringify(char)} is outside the two-byte range`);
		bytes.push(...code);
	}
	return Uint8Array.from(bytes);
}

function twoByteCodes(): Map<string, [number, number]> {
	const decoder = new TextDecoder('gb18030', { fatal: true });
	const codes = new Map<string, [number, number]>();
	for (let lead = 0x81; lead <= 0xfe; lead++) {
		for (let trail = 0x40; trail <= 0xfe; trail++) {
			if (trail === 0x7f) continue;
			let char: string;
			try {
				char = decoder.decode(Uint8Array.of(lead, trail));
			} catch {
				continue;
			}
			// The first code wins where the decoder maps two codes to one character.
			if (!codes.has(char)) codes.set(char, [lead, trail]);
		}
	}
	return codes;
}
