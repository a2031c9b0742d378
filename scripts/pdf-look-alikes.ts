/**
 * Derives the look-alike table of `realtime/record/pdf-text-layer.ts` from the fonts installed here, and
 * lets a test check that table against them: `npx tsx scripts/pdf-look-alikes.ts` prints what the fonts
 * say, in the table's own format.
 *
 * Chromium (Skia) writes a PDF's ToUnicode map glyph by glyph, giving each glyph the lowest code point the
 * font's cmap maps to it. The Noto CJK fonts draw many ideographs and the radical that looks the same with
 * one glyph, and the radical's code point is the lower, so the text layer says ⻓ where the page says 长.
 * A look-alike here is the lowest code point of such a group when it is a radical (CJK Radicals Supplement
 * or Kangxi Radicals) and the group holds exactly one CJK unified ideograph, the same in every face that
 * shares the glyph (were there two, there would be no telling which the page meant): the PDF's ⻓ can then
 * only have been 长, unless the page wrote the radical itself, which Chinese text never does. Punctuation
 * comes from the server's own short list, kept where the fonts draw the pair with one glyph.
 *
 * Only the OpenType tables needed are read: the TTC header, the table directory, `name` (to pick the
 * faces) and the Unicode `cmap` subtable (format 12, or 4 when a face has no 12).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PUNCTUATION_LOOK_ALIKES as PUNCTUATION } from '../realtime/record/pdf-text-layer';

/** The faces the printable pages use (their CSS asks for Noto Sans/Serif CJK SC, regular and bold). */
export const PRINT_FONTS = [
	{ file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'Noto Sans CJK SC' },
	{ file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', face: 'Noto Sans CJK SC' },
	{ file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', face: 'Noto Serif CJK SC' },
	{ file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc', face: 'Noto Serif CJK SC' }
] as const;

/** CJK Radicals Supplement and Kangxi Radicals: code points a page never writes, only their ideographs. */
const isRadical = (cp: number) => cp >= 0x2e80 && cp <= 0x2fdf;

const isUnifiedIdeograph = (cp: number) =>
	(cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x323af);

/** code point → glyph id, from one face's Unicode cmap. */
export function readCmap(font: Buffer, faceOffset: number): Map<number, number> {
	const tables = new Map<string, number>();
	const numTables = font.readUInt16BE(faceOffset + 4);
	for (let i = 0; i < numTables; i++) {
		const record = faceOffset + 12 + i * 16;
		tables.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
	}
	const cmap = tables.get('cmap');
	if (cmap === undefined) throw new Error('a face without a cmap table');
	let format4: number | undefined;
	let format12: number | undefined;
	for (let i = 0; i < font.readUInt16BE(cmap + 2); i++) {
		const record = cmap + 4 + i * 8;
		const platform = font.readUInt16BE(record);
		const encoding = font.readUInt16BE(record + 2);
		const subtable = cmap + font.readUInt32BE(record + 4);
		const format = font.readUInt16BE(subtable);
		if (platform === 3 && encoding === 10 && format === 12) format12 = subtable;
		if (platform === 3 && encoding === 1 && format === 4) format4 = subtable;
	}
	const map = new Map<number, number>();
	if (format12 !== undefined) {
		const groups = font.readUInt32BE(format12 + 12);
		for (let g = 0; g < groups; g++) {
			const at = format12 + 16 + g * 12;
			const [start, end, glyph] = [font.readUInt32BE(at), font.readUInt32BE(at + 4), font.readUInt32BE(at + 8)];
			for (let cp = start; cp <= end; cp++) map.set(cp, glyph + cp - start);
		}
		return map;
	}
	if (format4 === undefined) throw new Error('a face without a Unicode cmap');
	const segments = font.readUInt16BE(format4 + 6) / 2;
	const ends = format4 + 14;
	const starts = ends + segments * 2 + 2;
	const deltas = starts + segments * 2;
	const rangeOffsets = deltas + segments * 2;
	for (let s = 0; s < segments; s++) {
		const [end, start] = [font.readUInt16BE(ends + s * 2), font.readUInt16BE(starts + s * 2)];
		const delta = font.readInt16BE(deltas + s * 2);
		const rangeOffset = font.readUInt16BE(rangeOffsets + s * 2);
		for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
			let glyph: number;
			if (rangeOffset === 0) glyph = (cp + delta) & 0xffff;
			else {
				const raw = font.readUInt16BE(rangeOffsets + s * 2 + rangeOffset + (cp - start) * 2);
				glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
			}
			if (glyph !== 0) map.set(cp, glyph);
		}
	}
	return map;
}

/** The full names (name id 4, else 1) of the faces of a TTC or single font, with their offsets. */
export function faces(font: Buffer): { name: string; offset: number }[] {
	const offsets =
		font.toString('latin1', 0, 4) === 'ttcf'
			? Array.from({ length: font.readUInt32BE(8) }, (_, i) => font.readUInt32BE(12 + i * 4))
			: [0];
	return offsets.map((offset) => {
		const numTables = font.readUInt16BE(offset + 4);
		let nameTable = -1;
		for (let i = 0; i < numTables; i++) {
			const record = offset + 12 + i * 16;
			if (font.toString('latin1', record, record + 4) === 'name') nameTable = font.readUInt32BE(record + 8);
		}
		const names = new Map<number, string>();
		if (nameTable >= 0) {
			const count = font.readUInt16BE(nameTable + 2);
			const strings = nameTable + font.readUInt16BE(nameTable + 4);
			for (let i = 0; i < count; i++) {
				const record = nameTable + 6 + i * 12;
				const [platform, encoding, language, id] = [0, 2, 4, 6].map((d) => font.readUInt16BE(record + d)) as [number, number, number, number];
				if (platform !== 3 || encoding !== 1 || language !== 0x409) continue;
				const start = strings + font.readUInt16BE(record + 10);
				const bytes = Buffer.from(font.subarray(start, start + font.readUInt16BE(record + 8)));
				names.set(id, bytes.swap16().toString('utf16le'));
			}
		}
		return { name: names.get(1) ?? names.get(4) ?? '', offset };
	});
}

export interface FontLookAlikes {
	/** look-alike → the character pages contain, as in the server's table. */
	table: Map<number, number>;
	/** Look-alikes left out: a radical drawn like two ideographs, or like different ones in different faces. */
	refused: string[];
}

/**
 * The look-alikes of the given faces. A face that draws a radical with a glyph of its own says nothing
 * about it (the page's radical would come out as itself); faces that share it with an ideograph must
 * all name the same one.
 */
export function lookAlikesFromFonts(fonts: readonly { file: string; face: string }[] = PRINT_FONTS): FontLookAlikes {
	const found = new Map<number, Set<string>>();
	const refused: string[] = [];
	for (const { file, face } of fonts) {
		const font = readFileSync(file);
		const match = faces(font).find((f) => f.name === face);
		if (!match) throw new Error(`${file} has no face named ${face}`);
		const byGlyph = new Map<number, number[]>();
		for (const [cp, glyph] of readCmap(font, match.offset)) {
			const group = byGlyph.get(glyph);
			if (group) group.push(cp);
			else byGlyph.set(glyph, [cp]);
		}
		for (const group of byGlyph.values()) {
			const lowest = Math.min(...group);
			const punctuation = PUNCTUATION[lowest];
			let targets: number[];
			if (punctuation !== undefined) targets = group.includes(punctuation) ? [punctuation] : [];
			else if (isRadical(lowest)) targets = group.filter(isUnifiedIdeograph);
			else continue;
			if (targets.length === 0) continue;
			const seen = found.get(lowest) ?? found.set(lowest, new Set()).get(lowest)!;
			seen.add(targets.map((cp) => String.fromCodePoint(cp)).join(''));
		}
	}
	const table = new Map<number, number>();
	for (const [cp, targets] of [...found].sort(([a], [b]) => a - b)) {
		const [only] = targets;
		if (targets.size === 1 && only !== undefined && [...only].length === 1) table.set(cp, only.codePointAt(0)!);
		else refused.push(`${String.fromCodePoint(cp)} looks like ${[...targets].join(' or ')}`);
	}
	return { table, refused };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const { table, refused } = lookAlikesFromFonts();
	const hex = (cp: number) => cp.toString(16).toUpperCase().padStart(4, '0');
	const radicals = [...table].filter(([from]) => isRadical(from)).map(([from, to]) => String.fromCodePoint(from, to));
	for (let i = 0; i < radicals.length; i += 24) console.log(radicals.slice(i, i + 24).join(' '));
	for (const [from, to] of table) if (!isRadical(from)) console.log(`0x${hex(from)}: 0x${hex(to)}`);
	console.log(`${table.size} look-alikes`);
	for (const line of refused) console.log(`refused: ${line}`);
}
