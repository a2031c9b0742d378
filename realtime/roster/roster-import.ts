/**
 * Roster import: turns the CSV or Excel file a clerk uploads into the members of a body.
 *
 * A file is accepted whole or refused whole. A refusal lists every problem found, each located by row
 * and column exactly as the clerk sees them when the file is open in Excel (`第5行 座位号`), so that one
 * round of corrections is enough. Nothing here touches Redis or the network; the caller stores the members.
 */
import ExcelJS from 'exceljs';
import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import { MemberSchema } from '../../shared/meeting.schema';
import { type FieldIssue, type LocalizedText, type Result, ok } from '../../shared/result';
import { normaliseSeat } from '../../shared/roster.rules';
import { badRequest } from '../../shared/validation';

/** One member read from a roster file, before it is given an id. */
export interface ImportedMember {
	/** The row the member is on, numbered as Excel numbers it (the first row of the sheet is 1). */
	row: number;
	name: string;
	/** 代表小组 or 代表团. */
	group: string;
	seat: string;
	/** 代表证号, when the file has that column and the cell is filled in. */
	deputyNumber?: string;
}

/** Limits on what one upload may hold. */
export const ROSTER_LIMITS = {
	/** Checked before anything is decoded, so an oversized upload costs nothing to refuse. */
	maxBytes: 5 * 1024 * 1024,
	maxMembers: 3000
} as const;

type Field = 'name' | 'group' | 'seat' | 'deputyNumber';

interface FieldSpec {
	/** The header a clerk is told to use. */
	label: string;
	/** What the column holds, as said in a sentence. */
	noun: LocalizedText;
	/** Header spellings accepted, compared after {@link headerKey}. */
	headers: string[];
	required: boolean;
	/** Taken from MemberSchema so that an accepted roster is never refused when the members are stored. */
	maxLength: number;
}

const FIELDS: Record<Field, FieldSpec> = {
	name: {
		label: '姓名',
		noun: { zh: '姓名', en: 'name' },
		headers: ['姓名', 'name'],
		required: true,
		maxLength: MemberSchema.shape.name.maxLength ?? 40
	},
	group: {
		label: '代表小组',
		noun: { zh: '所属代表小组或代表团', en: 'group (代表小组 or 代表团)' },
		headers: ['代表小组', '代表团', 'group'],
		required: true,
		maxLength: MemberSchema.shape.group.maxLength ?? 60
	},
	seat: {
		label: '座位号',
		noun: { zh: '座位号', en: 'seat number' },
		headers: ['座位号', 'seat'],
		required: true,
		maxLength: MemberSchema.shape.seat.maxLength ?? 16
	},
	deputyNumber: {
		label: '代表证号',
		noun: { zh: '代表证号', en: 'deputy number' },
		headers: ['代表证号', 'deputynumber'],
		required: false,
		maxLength: MemberSchema.shape.deputyNumber.unwrap().maxLength ?? 32
	}
};

const FIELD_ORDER: Field[] = ['name', 'group', 'seat', 'deputyNumber'];

/**
 * A cell as read from the file. `suspect` is a cell that holds something, but not something to trust
 * as typed: an Excel error, a value Excel turned into a date, a number that lost digits.
 */
type Cell = { kind: 'text'; text: string } | { kind: 'suspect'; text: string; problem: LocalizedText };

interface SheetRow {
	/** Excel's row number. */
	row: number;
	cells: (Cell | undefined)[];
}

type Read = { ok: true; rows: SheetRow[]; sheetName?: string } | { ok: false; issues: FieldIssue[] };

/**
 * Reads a roster from an uploaded CSV or .xlsx file.
 *
 * The format is told from the content, not the name: a zip is an Excel workbook, anything else must be
 * text. Text is UTF-8 (with or without a BOM), UTF-16 with a BOM, or GB18030/GBK, which is what Chinese
 * Excel writes when asked for plain CSV. Headers are 姓名, 代表小组 or 代表团, 座位号 and optionally
 * 代表证号 (or name, group, seat, deputyNumber); other columns are ignored.
 *
 * Never throws for a bad file: any problem, corrupt workbooks included, comes back as a BAD_REQUEST
 * listing every issue, and then no member is returned.
 */
export async function parseRosterFile(data: Uint8Array, fileName: string): Promise<Result<ImportedMember[]>> {
	const read = await readSheet(data, fileName);
	const issues = read.ok ? [] : read.issues;
	const members = read.ok ? rosterFromRows(read.rows, read.sheetName, issues) : [];
	return issues.length > 0 ? { ok: false, error: badRequest(issues) } : ok(members);
}

// ---- Telling the format and reading the cells ----

async function readSheet(data: Uint8Array, fileName: string): Promise<Read> {
	if (data.byteLength > ROSTER_LIMITS.maxBytes) return refuse(fileIssues.tooLarge(data.byteLength));
	if (data.byteLength === 0) return refuse(fileIssues.empty());
	if (isZip(data)) return readXlsx(data);
	const known = knownBinary(data);
	if (known) return refuse(known);
	const text = decodeText(data);
	if (text === undefined) return refuse(fileIssues.unreadable(extensionOf(fileName)));
	return readCsv(text);
}

function refuse(issue: FieldIssue): Read {
	return { ok: false, issues: [issue] };
}

function startsWith(data: Uint8Array, signature: number[]): boolean {
	return signature.every((byte, i) => data[i] === byte);
}

/** Local file header, empty archive, or spanned archive: the three ways a zip can begin. */
function isZip(data: Uint8Array): boolean {
	return [[0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06], [0x50, 0x4b, 0x07, 0x08]].some((sig) => startsWith(data, sig));
}

/** Files clerks pick by mistake; naming what was picked helps them find the right one. */
function knownBinary(data: Uint8Array): FieldIssue | undefined {
	// Compound File: a legacy .xls, or an .xlsx saved with a password, which Excel wraps the same way.
	if (startsWith(data, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return fileIssues.legacyExcel();
	const kinds: [number[], string][] = [
		[[0x89, 0x50, 0x4e, 0x47], 'PNG'],
		[[0xff, 0xd8, 0xff], 'JPEG'],
		[[0x47, 0x49, 0x46, 0x38], 'GIF'],
		[[0x25, 0x50, 0x44, 0x46], 'PDF']
	];
	const kind = kinds.find(([sig]) => startsWith(data, sig))?.[1];
	return kind ? fileIssues.wrongKind(kind) : undefined;
}

/** Characters that never occur in a text file but do in binary data read as if it were text. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The file's text, or undefined if it is not text in any encoding a clerk's tools write. */
function decodeText(data: Uint8Array): string | undefined {
	const encodings = startsWith(data, [0xff, 0xfe])
		? ['utf-16le']
		: startsWith(data, [0xfe, 0xff])
			? ['utf-16be']
			: // GB18030 decodes most byte strings, so it is tried only once UTF-8 has failed.
				['utf-8', 'gb18030'];
	for (const encoding of encodings) {
		let text: string;
		try {
			text = new TextDecoder(encoding, { fatal: true }).decode(data);
		} catch {
			continue;
		}
		text = text.replace(/^\uFEFF/, '');
		return CONTROL_CHARACTERS.test(text) ? undefined : text;
	}
	return undefined;
}

function readCsv(text: string): Read {
	if (text.trim() === '') return refuse(fileIssues.empty());
	const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
	// Excel's "Unicode text" export separates with tabs; everything else a clerk has uses commas.
	const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
	let records: string[][];
	try {
		// Blank lines are kept as records so that record i is Excel's row i + 1.
		records = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
	} catch (error) {
		if (!(error instanceof CsvError)) throw error;
		return refuse(fileIssues.badCsv(typeof error.lines === 'number' ? error.lines : undefined));
	}
	return {
		ok: true,
		rows: records.map((record, i) => ({ row: i + 1, cells: record.map((text) => ({ kind: 'text', text: text.trim() })) }))
	};
}

async function readXlsx(data: Uint8Array): Promise<Read> {
	const workbook = new ExcelJS.Workbook();
	try {
		// A copy, so exceljs gets an ArrayBuffer holding exactly this file and not a view into a larger one.
		await workbook.xlsx.load(data.slice().buffer);
	} catch {
		return refuse(fileIssues.corruptXlsx());
	}
	// The first sheet the clerk sees when opening the file; a hidden sheet is not what they meant to send.
	const sheet = workbook.worksheets.find((ws) => ws.state === 'visible') ?? workbook.worksheets[0];
	if (!sheet) return refuse(fileIssues.notWorkbook());
	const rows: SheetRow[] = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		const cells: (Cell | undefined)[] = [];
		// Cells of a merged range all report the merged value, so a 代表小组 merged down a block of
		// rows counts for each of them, as the clerk sees it.
		row.eachCell({ includeEmpty: false }, (cell, column) => {
			cells[column - 1] = readCell(cell.value);
		});
		rows.push({ row: rowNumber, cells });
	});
	return { ok: true, rows, sheetName: sheet.name };
}

/** Excel keeps 15 significant digits; an integer past that has already lost its last digits. */
const EXACT_DIGITS_LIMIT = 1e15;

function readCell(value: ExcelJS.CellValue): Cell {
	const text = (t: string): Cell => ({ kind: 'text', text: t.trim() });
	if (value === null || value === undefined) return text('');
	if (typeof value === 'string') return text(value);
	if (typeof value === 'boolean') return text(value ? 'TRUE' : 'FALSE');
	if (typeof value === 'number') {
		const shown = String(value);
		return Math.abs(value) >= EXACT_DIGITS_LIMIT ? { kind: 'suspect', text: shown, problem: cellProblems.lostDigits(shown) } : text(shown);
	}
	if (value instanceof Date) {
		const shown = value.toISOString().slice(0, 10);
		return { kind: 'suspect', text: shown, problem: cellProblems.date(shown) };
	}
	if ('error' in value) return { kind: 'suspect', text: value.error, problem: cellProblems.error(value.error) };
	if ('richText' in value) return text(value.richText.map((run) => run.text).join(''));
	if ('formula' in value || 'sharedFormula' in value) {
		const result = value.result;
		return result === undefined ? { kind: 'suspect', text: '', problem: cellProblems.noResult() } : readCell(result);
	}
	if ('hyperlink' in value) {
		// The link text may itself be rich text, whatever the typings say.
		return readCell(value.text as ExcelJS.CellValue);
	}
	return text('');
}

// ---- From rows to members ----

function rosterFromRows(rows: SheetRow[], sheetName: string | undefined, issues: FieldIssue[]): ImportedMember[] {
	const headerAt = rows.findIndex((row) => !isBlank(row.cells));
	const header = rows[headerAt];
	if (!header) {
		issues.push(sheetName === undefined ? fileIssues.empty() : fileIssues.emptySheet(sheetName));
		return [];
	}
	const columns = mapHeader(header, issues);
	const present = FIELD_ORDER.filter((field) => columns[field] !== undefined);
	const below = rows.slice(headerAt + 1).filter((row) => !isBlank(row.cells));
	// A row with nothing in the roster's own columns, such as a pre-numbered 序号 with no one on it,
	// holds no member; it is not a member with everything missing.
	const dataRows = below.filter((row) => !isBlank(present.map((field) => row.cells[columns[field]!.index])));
	const headerComplete = FIELD_ORDER.every((field) => !FIELDS[field].required || columns[field]);
	if (dataRows.length === 0) {
		// Under a wrong header the people are there but unrecognised; the header issues already say why.
		if (below.length === 0 || headerComplete) issues.push(fileIssues.noData(header.row));
		return [];
	}
	if (dataRows.length > ROSTER_LIMITS.maxMembers) {
		// The file has to be cut down before anything else about it matters; listing thousands of row
		// problems would bury the one issue the clerk must act on first.
		issues.push(fileIssues.tooManyRows(dataRows.length));
		return [];
	}

	const members: ImportedMember[] = [];
	const seats = new Map<string, { row: number; name: string }>();
	const deputyNumbers = new Map<string, { row: number; name: string }>();
	for (const { row, cells } of dataRows) {
		const values: Partial<Record<Field, string>> = {};
		for (const field of present) {
			const column = columns[field]!;
			const cell = cells[column.index];
			const at = { row, column };
			const value = cellText(cell);
			if (cell?.kind === 'suspect') issues.push(rowIssue(at, cellProblems.inCell(at, cell.problem)));
			else if (value === '' && FIELDS[field].required) issues.push(rowIssue(at, rowProblems.empty(at, FIELDS[field])));
			else if (value.length > FIELDS[field].maxLength) issues.push(rowIssue(at, rowProblems.tooLong(at, value.length, FIELDS[field].maxLength)));
			else if (value !== '') values[field] = value;
		}

		const name = values.name ?? '';
		for (const [field, seen] of [['seat', seats], ['deputyNumber', deputyNumbers]] as const) {
			const value = values[field];
			if (value === undefined) continue;
			const key = normaliseSeat(value);
			const first = seen.get(key);
			if (first) {
				const at = { row, column: columns[field]! };
				issues.push(rowIssue(at, rowProblems.duplicate(at, FIELDS[field], value, name, first)));
			} else {
				seen.set(key, { row, name });
			}
		}

		// Any issue refuses the whole file, so only a complete roster is ever returned.
		if (values.name && values.group && values.seat) {
			members.push({ row, name: values.name, group: values.group, seat: values.seat, ...(values.deputyNumber ? { deputyNumber: values.deputyNumber } : {}) });
		}
	}
	return members;
}

interface Column {
	/** 0-based position in the row. */
	index: number;
	/** The header as written in the file, which is what the clerk looks for. */
	header: string;
}

/** Where a cell is, for issue paths and messages. */
interface CellAt {
	row: number;
	column: Column;
}

function mapHeader(header: SheetRow, issues: FieldIssue[]): Partial<Record<Field, Column>> {
	const found: Partial<Record<Field, Column>> = {};
	const headers = header.cells.map((cell, index) => ({ index, header: cellText(cell) })).filter((c) => c.header !== '');
	for (const column of headers) {
		const key = headerKey(column.header);
		const field = FIELD_ORDER.find((f) => FIELDS[f].headers.includes(key));
		if (!field) continue;
		const earlier = found[field];
		if (earlier) issues.push(rowIssue({ row: header.row, column }, headerProblems.duplicate(header.row, column, earlier)));
		else found[field] = column;
	}
	for (const field of FIELD_ORDER) {
		if (FIELDS[field].required && !found[field]) {
			issues.push({
				path: `第${header.row}行 ${FIELDS[field].label}`,
				message: headerProblems.missing(header.row, field, headers.map((c) => c.header))
			});
		}
	}
	return found;
}

/** Spacing and case do not matter in headers: "姓　名" and "Deputy Number" are what clerks type. */
function headerKey(header: string): string {
	return header.normalize('NFKC').replace(/[\s_-]/g, '').toLowerCase();
}

function cellText(cell: Cell | undefined): string {
	return cell?.text ?? '';
}

function isBlank(cells: (Cell | undefined)[]): boolean {
	return cells.every((cell) => cellText(cell) === '' && cell?.kind !== 'suspect');
}

/** Excel's name for the column at a 0-based index: A … Z, AA, AB … */
function columnLetter(index: number): string {
	let letters = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
	return letters;
}

function extensionOf(fileName: string): string {
	const match = /\.([A-Za-z0-9]{1,8})$/.exec(fileName.trim());
	return match ? `.${match[1]!.toLowerCase()}` : '';
}

// ---- Messages ----

function rowIssue(at: CellAt, message: LocalizedText): FieldIssue {
	return { path: `第${at.row}行 ${at.column.header}`, message };
}

function where(at: CellAt): LocalizedText {
	const letter = columnLetter(at.column.index);
	return { zh: `第${at.row}行“${at.column.header}”（${letter}列）`, en: `Row ${at.row}, column ${letter} "${at.column.header}"` };
}

const MB = 1024 * 1024;
const SAVE_AS = {
	zh: '请在 Excel 中打开名单，另存为“Excel 工作簿 (.xlsx)”或“CSV UTF-8 (逗号分隔)”后重新上传。',
	en: 'Open the roster in Excel and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8 (Comma delimited)", then upload that.'
};

const fileIssues = {
	tooLarge: (bytes: number): FieldIssue => ({
		path: '',
		message: {
			zh: `文件大小为 ${(bytes / MB).toFixed(1)} MB，超过上限 ${ROSTER_LIMITS.maxBytes / MB} MB。名单本身很小，请删除其中的图片、多余的工作表或列后重新上传。`,
			en: `The file is ${(bytes / MB).toFixed(1)} MB, over the ${ROSTER_LIMITS.maxBytes / MB} MB limit. A roster itself is small: remove pictures, extra sheets or columns and upload it again.`
		}
	}),
	empty: (): FieldIssue => ({
		path: '',
		message: { zh: '文件是空的，没有任何内容。请确认选择的是填好的名单文件。', en: 'The file is empty. Check that you picked the filled-in roster.' }
	}),
	emptySheet: (sheetName: string): FieldIssue => ({
		path: '',
		message: {
			zh: `工作表“${sheetName}”是空的。只读取第一个工作表，请把名单放在第一个工作表中。`,
			en: `Sheet "${sheetName}" is empty. Only the first sheet is read; put the roster on the first sheet.`
		}
	}),
	noData: (headerRow: number): FieldIssue => ({
		path: '',
		message: {
			zh: `表头（第${headerRow}行）下面没有任何人员。请在表头下方逐行填写人员后重新上传。`,
			en: `There is no one below the header (row ${headerRow}). Fill in one person per row under the header and upload again.`
		}
	}),
	tooManyRows: (count: number): FieldIssue => ({
		path: '',
		message: {
			zh: `文件有 ${count} 行数据，一次最多导入 ${ROSTER_LIMITS.maxMembers} 人。请检查是否选错了文件，或删除名单以外的内容。`,
			en: `The file has ${count} data rows; at most ${ROSTER_LIMITS.maxMembers} people can be imported at once. Check that this is the right file, or remove what is not part of the roster.`
		}
	}),
	legacyExcel: (): FieldIssue => ({
		path: '',
		message: {
			zh: `这是旧版 Excel 97-2003 (.xls) 文件，或设置了打开密码的工作簿，无法读取。${SAVE_AS.zh}（如有密码请先取消。）`,
			en: `This is an old Excel 97-2003 (.xls) file or a password-protected workbook, which cannot be read. ${SAVE_AS.en} (Remove any password first.)`
		}
	}),
	wrongKind: (kind: string): FieldIssue => ({
		path: '',
		message: {
			zh: `这是一个 ${kind} 文件，不是名单表格。请选择 Excel (.xlsx) 或 CSV 格式的名单。`,
			en: `This is a ${kind} file, not a roster spreadsheet. Pick the roster as an Excel (.xlsx) or CSV file.`
		}
	}),
	unreadable: (extension: string): FieldIssue => ({
		path: '',
		message: {
			zh: `${extension ? `文件扩展名是 ${extension}，但` : ''}文件内容既不是 Excel 工作簿，也不是 CSV 文本，可能已损坏或只是改了扩展名。${SAVE_AS.zh}`,
			en: `${extension ? `The file is named ${extension}, but its` : 'The file’s'} content is neither an Excel workbook nor CSV text; it may be damaged or merely renamed. ${SAVE_AS.en}`
		}
	}),
	corruptXlsx: (): FieldIssue => ({
		path: '',
		message: {
			zh: `文件看起来是 Excel 工作簿，但已损坏，无法打开（可能上传或复制时不完整）。${SAVE_AS.zh}`,
			en: `The file looks like an Excel workbook but is damaged and cannot be opened (perhaps it was copied or uploaded incompletely). ${SAVE_AS.en}`
		}
	}),
	notWorkbook: (): FieldIssue => ({
		path: '',
		message: {
			zh: `这是一个压缩文件（例如 Word 文档或 .zip），里面没有 Excel 工作表。${SAVE_AS.zh}`,
			en: `This is a compressed file (a Word document or a .zip, say) with no Excel worksheet in it. ${SAVE_AS.en}`
		}
	}),
	badCsv: (line: number | undefined): FieldIssue => ({
		path: line === undefined ? '' : `第${line}行`,
		message: {
			zh: `CSV 文件格式有误${line === undefined ? '' : `（第${line}行附近）`}：有未闭合的引号。${SAVE_AS.zh}`,
			en: `The CSV file is malformed${line === undefined ? '' : ` near line ${line}`}: a quote is never closed. ${SAVE_AS.en}`
		}
	})
};

const headerProblems = {
	missing: (headerRow: number, field: Field, found: string[]): LocalizedText => {
		const spec = FIELDS[field];
		const zhNames = field === 'group' ? '“代表小组”或“代表团”' : `“${spec.label}”`;
		const enNames = field === 'group' ? '"代表小组" or "代表团" (or "group")' : `"${spec.label}" (or "${field}")`;
		return {
			zh: `表头（第${headerRow}行）缺少${zhNames}列。找到的表头是：${found.map((h) => `“${h}”`).join('、')}。请把${spec.noun.zh}所在列的表头改为${zhNames}；表头必须是第一个有内容的行，如上方有标题行请删除。`,
			en: `The header (row ${headerRow}) has no ${enNames} column. Headers found: ${found.map((h) => `"${h}"`).join(', ')}. Name the ${spec.noun.en} column ${enNames}; the header must be the first row with anything in it, so delete any title row above it.`
		};
	},
	duplicate: (headerRow: number, column: Column, earlier: Column): LocalizedText => ({
		zh: `表头（第${headerRow}行）中“${column.header}”（${columnLetter(column.index)}列）与“${earlier.header}”（${columnLetter(earlier.index)}列）是同一项，只能保留一列。请删除或改名其中一列。`,
		en: `In the header (row ${headerRow}), "${column.header}" (column ${columnLetter(column.index)}) means the same as "${earlier.header}" (column ${columnLetter(earlier.index)}); keep only one. Delete or rename one of them.`
	})
};

const rowProblems = {
	empty: (at: CellAt, spec: FieldSpec): LocalizedText => ({
		zh: `${where(at).zh}为空，请填写${spec.noun.zh}；如果这一行是说明文字，请删除该行。`,
		en: `${where(at).en} is empty; fill in the ${spec.noun.en}, or delete the row if it is a note rather than a person.`
	}),
	tooLong: (at: CellAt, length: number, max: number): LocalizedText => ({
		zh: `${where(at).zh}有 ${length} 个字符，最多 ${max} 个，请缩短。`,
		en: `${where(at).en} has ${length} characters; at most ${max} are allowed. Shorten it.`
	}),
	duplicate: (at: CellAt, spec: FieldSpec, value: string, name: string, first: { row: number; name: string }): LocalizedText => ({
		zh: `${where(at).zh}的${spec.noun.zh}“${value}”${name ? `（${name}）` : ''}与第${first.row}行${first.name ? `（${first.name}）` : ''}重复；每人的${spec.noun.zh}必须不同。`,
		en: `${where(at).en}: ${spec.noun.en} "${value}"${name ? ` (${name})` : ''} is also on row ${first.row}${first.name ? ` (${first.name})` : ''}; no two people may share a ${spec.noun.en}.`
	})
};

const cellProblems = {
	inCell: (at: CellAt, problem: LocalizedText): LocalizedText => ({ zh: `${where(at).zh}${problem.zh}`, en: `${where(at).en} ${problem.en}` }),
	date: (shown: string): LocalizedText => ({
		zh: `被 Excel 自动转换成了日期（${shown}）。请把该列设置为“文本”格式后重新输入。`,
		en: `was turned into a date (${shown}) by Excel. Format the column as Text and type the value again.`
	}),
	lostDigits: (shown: string): LocalizedText => ({
		zh: `是超过 15 位的数字（${shown}），Excel 已丢失末尾几位。请把该列设置为“文本”格式后重新输入。`,
		en: `is a number of more than 15 digits (${shown}), and Excel has lost its last digits. Format the column as Text and type the value again.`
	}),
	error: (code: string): LocalizedText => ({
		zh: `显示为错误值 ${code}。请修正公式，或直接填写内容。`,
		en: `shows the error ${code}. Fix the formula or type the value in directly.`
	}),
	noResult: (): LocalizedText => ({
		zh: '是尚未计算的公式。请在 Excel 中打开文件并保存一次后重新上传，或直接填写内容。',
		en: 'is a formula that has never been calculated. Open and save the file once in Excel, or type the value in directly.'
	})
};
