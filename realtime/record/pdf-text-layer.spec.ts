import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { CMapSyntaxError, LOOK_ALIKES, fixPdfTextLayer, fixToUnicodeCMap } from './pdf-text-layer';

const cmapOf = (...sections: string[]) =>
	[
		'/CIDInit /ProcSet findresource begin',
		'12 dict begin',
		'begincmap',
		'/CMapName /Adobe-Identity-UCS def',
		'/CMapType 2 def',
		'1 begincodespacerange',
		'<00> <FF>',
		'endcodespacerange',
		...sections,
		'endcmap',
		'CMapName currentdict /CMap defineresource pop',
		'end',
		'end'
	].join('\n');

/**
 * What a reader makes of a CMap's bfchar and bfrange sections: code → text. Written from the PDF
 * specification (9.10.3), apart from the code under test: a range with one destination counts up its
 * last byte, a range with an array takes its destinations in turn.
 */
function read(cmap: string): Map<number, string> {
	const map = new Map<number, string>();
	const bytes = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex');
	const text = (b: Buffer) => Buffer.from(b).swap16().toString('utf16le');
	const code = (hex: string) => bytes(hex).readUIntBE(0, bytes(hex).length);
	for (const [, count, kind, body] of cmap.matchAll(/(\d+)\s+begin(bfchar|bfrange)([\s\S]*?)end\2/g)) {
		const entries = [...body!.matchAll(/<([^>]*)>|\[([^\]]*)\]/g)];
		const size = kind === 'bfchar' ? 2 : 3;
		expect(entries.length, `${count} ${kind} entries`).toBe(Number(count) * size);
		expect(Number(count)).toBeLessThanOrEqual(100);
		for (let i = 0; i < entries.length; i += size) {
			const src = code(entries[i]![1]!);
			if (kind === 'bfchar') {
				map.set(src, text(bytes(entries[i + 1]![1]!)));
				continue;
			}
			const hi = code(entries[i + 1]![1]!);
			const dst = entries[i + 2]!;
			if (dst[2] !== undefined) {
				const list = [...dst[2].matchAll(/<([^>]*)>/g)].map((m) => text(bytes(m[1]!)));
				for (let c = src; c <= hi; c++) map.set(c, list[c - src]!);
			} else {
				const first = bytes(dst[1]!);
				for (let c = src; c <= hi; c++) {
					const b = Buffer.from(first);
					b[b.length - 1] = b[b.length - 1]! + c - src;
					map.set(c, text(b));
				}
			}
		}
	}
	return map;
}

describe('the look-alike table', () => {
	it('maps the radicals Chromium writes for these ideographs, and the figure dash to the en dash', () => {
		const pairs = { '⻓': '长', '⺠': '民', '⼗': '十', '⼾': '户', '⼈': '人', '⻔': '门', '‒': '–', '\u2003': '\u3000' };
		for (const [from, to] of Object.entries(pairs)) expect(String.fromCodePoint(LOOK_ALIKES.get(from.codePointAt(0)!) ?? 0), from).toBe(to);
	});

	it('has keys in the BMP, none a surrogate or an ideograph, so a destination can be rewritten unit by unit', () => {
		for (const [from, to] of LOOK_ALIKES) {
			expect(from).toBeLessThan(0xd800);
			expect(from < 0x3400 || from > 0x9fff).toBe(true);
			expect(LOOK_ALIKES.has(to), `${String.fromCodePoint(to)} is itself a look-alike`).toBe(false);
		}
	});
});

describe('fixToUnicodeCMap', () => {
	it('rewrites bfchar destinations that are look-alikes and keeps the others', () => {
		const before = cmapOf('3 beginbfchar', '<02> <2ED3>', '<03> <5C40>', '<04> <2F08 2EA0>', 'endbfchar');
		expect(read(before)).toEqual(new Map([[2, '⻓'], [3, '局'], [4, '⼈⺠']]));
		const { cmap, sections } = fixToUnicodeCMap(before);
		expect(sections).toBe(1);
		expect(read(cmap)).toEqual(new Map([[2, '长'], [3, '局'], [4, '人民']]));
		expect(cmap).toContain('3 beginbfchar\n<02> <957F>\n<03> <5C40>\n<04> <4EBA6C11>\nendbfchar');
		// Everything outside the sections is kept as it was.
		expect(cmap.split('3 beginbfchar')[0]).toBe(before.split('3 beginbfchar')[0]);
	});

	it('rewrites a look-alike into an ideograph outside the BMP as a surrogate pair', () => {
		const { cmap } = fixToUnicodeCMap(cmapOf('1 beginbfchar', '<10> <2E87>', 'endbfchar'));
		expect(read(cmap).get(0x10)).toBe('\u{20628}');
		expect(cmap).toContain('<10> <D841DE28>');
	});

	it('cuts a range whose counting-up destination straddles a look-alike, and the codes around it still count on', () => {
		// <20>…<23> read ‑ ‒ – —: the second is the look-alike of the en dash.
		const before = cmapOf('2 beginbfrange', '<20> <23> <2011>', '<30> <31> <0041>', 'endbfrange');
		expect([...read(before).values()].join('')).toBe('‑‒–—AB');
		const { cmap, sections } = fixToUnicodeCMap(before);
		expect(sections).toBe(1);
		expect(cmap).toContain('4 beginbfrange\n<20> <20> <2011>\n<21> <21> <2013>\n<22> <23> <2013>\n<30> <31> <0041>\nendbfrange');
		expect(read(cmap)).toEqual(new Map([[0x20, '‑'], [0x21, '–'], [0x22, '–'], [0x23, '—'], [0x30, 'A'], [0x31, 'B']]));
	});

	it('cuts ranges whose first or last code is the look-alike, with two-byte codes kept two bytes wide', () => {
		// EM SPACE is the look-alike of the IDEOGRAPHIC SPACE; EN SPACE and THREE-PER-EM SPACE are not.
		const before = cmapOf('2 beginbfrange', '<0100> <0101> <2003>', '<0200> <0201> <2002>', 'endbfrange');
		const { cmap } = fixToUnicodeCMap(before);
		expect(cmap).toContain('<0100> <0100> <3000>\n<0101> <0101> <2004>\n<0200> <0200> <2002>\n<0201> <0201> <3000>');
		expect(read(cmap)).toEqual(new Map([[0x100, '\u3000'], [0x101, '\u2004'], [0x200, '\u2002'], [0x201, '\u3000']]));
	});

	it('rewrites the look-alikes in a range with an array of destinations, keeping the array', () => {
		const before = cmapOf('1 beginbfrange', '<40> <43> [<5C40> <2ED3> <3001> <2F17>]', 'endbfrange');
		const { cmap } = fixToUnicodeCMap(before);
		expect(cmap).toContain('1 beginbfrange\n<40> <43> [<5C40> <957F> <3001> <5341>]\nendbfrange');
		expect([...read(cmap).values()].join('')).toBe('局长、十');
	});

	it('splits a section that grows past 100 entries into several', () => {
		// Kangxi radicals ⼀ (U+2F00) on: nearly every one is a look-alike, so the range falls into ~150 entries.
		const before = cmapOf('1 beginbfrange', '<00> <95> <2F00>', 'endbfrange');
		const { cmap } = fixToUnicodeCMap(before);
		const counts = [...cmap.matchAll(/(\d+) beginbfrange/g)].map((m) => Number(m[1]));
		expect(counts.length).toBeGreaterThan(1);
		const expected = new Map([...read(before)].map(([code, text]) => [code, String.fromCodePoint(LOOK_ALIKES.get(text.codePointAt(0)!) ?? text.codePointAt(0)!)]));
		expect(read(cmap)).toEqual(expected);
		expect(read(cmap).get(0x17)).toBe('十');
	});

	it('returns a CMap with no look-alike unchanged', () => {
		const before = cmapOf('1 beginbfchar', '<01> <5C40>', 'endbfchar', '1 beginbfrange', '<02> <04> <0031>', 'endbfrange');
		expect(fixToUnicodeCMap(before)).toEqual({ cmap: before, sections: 0 });
	});

	it.each([
		['a name for a destination', cmapOf('1 beginbfchar', '<02> /uni2ED3', 'endbfchar')],
		['a count that does not match', cmapOf('2 beginbfchar', '<02> <2ED3>', 'endbfchar')],
		['a destination that is not UTF-16', cmapOf('1 beginbfchar', '<02> <2ED>', 'endbfchar')],
		['a range whose last byte would pass FF', cmapOf('1 beginbfrange', '<00> <10> <2EF8>', 'endbfrange')],
		['a range with too few destinations', cmapOf('1 beginbfrange', '<00> <02> [<2ED3> <5C40>]', 'endbfrange')],
		['a range running backwards', cmapOf('1 beginbfrange', '<05> <02> <2ED3>', 'endbfrange')],
		['a section without its count', cmapOf('beginbfchar', '<02> <2ED3>', 'endbfchar')]
	])('refuses %s', (_, cmap) => {
		expect(() => fixToUnicodeCMap(cmap)).toThrow(CMapSyntaxError);
	});
});

/** A PDF with one Type0 font whose ToUnicode stream holds `cmap` (FlateDecode unless told otherwise). */
async function pdfWithCMap(cmap: string, filter: 'FlateDecode' | 'ASCIIHexDecode' = 'FlateDecode'): Promise<{ bytes: Uint8Array; ref: PDFRef }> {
	const doc = await PDFDocument.create();
	const stream =
		filter === 'FlateDecode'
			? doc.context.flateStream(cmap)
			: doc.context.stream(Buffer.from(cmap, 'latin1').toString('hex'), { Filter: 'ASCIIHexDecode' });
	const ref = doc.context.register(stream);
	doc.context.register(doc.context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'AAAAAA+NotoSansCJKsc-Regular', ToUnicode: ref }));
	doc.addPage();
	return { bytes: await doc.save({ useObjectStreams: false }), ref };
}

describe('fixPdfTextLayer', () => {
	it('rewrites the ToUnicode stream of a PDF, compressed again', async () => {
		const { bytes, ref } = await pdfWithCMap(cmapOf('1 beginbfchar', '<02> <2ED3>', 'endbfchar'));
		const fix = await fixPdfTextLayer(bytes);
		expect(fix).toMatchObject({ ok: true, fixedCMaps: 1 });
		const stream = (await PDFDocument.load(fix.pdf)).context.lookup(ref);
		expect(stream).toBeInstanceOf(PDFRawStream);
		expect((stream as PDFRawStream).dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'));
		expect(inflateSync((stream as PDFRawStream).contents).toString('latin1')).toContain('<02> <957F>');
	});

	it('hands back the very same bytes when there is nothing to fix', async () => {
		const { bytes } = await pdfWithCMap(cmapOf('1 beginbfchar', '<02> <957F>', 'endbfchar'));
		const fix = await fixPdfTextLayer(bytes);
		expect(fix).toMatchObject({ ok: true, fixedCMaps: 0 });
		expect(fix.pdf).toBe(bytes);
	});

	it('leaves the PDF as it was, saying why, when a CMap cannot be read with certainty', async () => {
		const { bytes } = await pdfWithCMap(cmapOf('2 beginbfchar', '<02> <2ED3>', 'endbfchar', '1 beginbfchar', '<03> <2F17>', 'endbfchar'));
		const fix = await fixPdfTextLayer(bytes);
		expect(fix).toMatchObject({ ok: false, problem: expect.stringContaining('CMapSyntaxError') });
		expect(fix.pdf).toBe(bytes);
	});

	it('leaves the PDF as it was when a ToUnicode stream has a filter Chromium does not use', async () => {
		const { bytes } = await pdfWithCMap(cmapOf('1 beginbfchar', '<02> <2ED3>', 'endbfchar'), 'ASCIIHexDecode');
		const fix = await fixPdfTextLayer(bytes);
		expect(fix).toMatchObject({ ok: false, problem: expect.stringContaining('ASCIIHexDecode') });
		expect(fix.pdf).toBe(bytes);
	});

	it('leaves bytes that are not a PDF as they were', async () => {
		const bytes = new TextEncoder().encode('%PDF-1.4\nnot really');
		const fix = await fixPdfTextLayer(bytes);
		expect(fix.ok).toBe(false);
		expect(fix.pdf).toBe(bytes);
	});
});
