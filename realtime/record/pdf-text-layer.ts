/**
 * The text layer of the PDFs Chromium prints: what copy and paste, search and text extraction read.
 *
 * Chromium (Skia) writes each font's ToUnicode CMap glyph by glyph, naming each glyph by the lowest code
 * point the font maps to it. The Noto CJK fonts draw many ideographs with the same glyph as a Kangxi
 * radical or a CJK radicals supplement character, whose code point is lower, so the PDF shows 局长 but
 * says 局⻓, and 人民 comes out as ⼈⺠; a few punctuation marks fare the same (– as ‒). A journalist copying
 * the record, or a clerk searching it for 局长, gets the wrong text.
 *
 * So each ToUnicode CMap is rewritten before the PDF leaves the server: every look-alike in a destination
 * becomes the character the page contains. Only the CMaps change, never the drawing. A PDF whose CMaps
 * cannot be read with certainty is left exactly as Chromium wrote it.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';

/**
 * Look-alike radicals, each written next to the ideograph it stands for in the text layer.
 *
 * Built by `npx tsx scripts/pdf-look-alikes.ts` from the cmaps of Debian's `fonts-noto-cjk` (Noto Sans and
 * Serif CJK SC, regular and bold: the faces the printable pages use), and checked against them by
 * `pdf-text-layer.fonts.spec.ts`. An entry is there only when those fonts draw the radical with the very
 * glyph of that one CJK unified ideograph and no other, so the PDF's glyph can only have been that
 * ideograph, unless the page wrote the radical itself, which Chinese text never does (input methods do
 * not type them). Radicals a face draws with a glyph of their own are not here: they come out as themselves.
 */
const RADICALS = `
⺂乛 ⺃乚 ⺅亻 ⺇𠘨 ⺉刂 ⺋㔾 ⺍𭕄 ⺎兀 ⺏尣 ⺐尢 ⺒巳 ⺓幺 ⺔彑 ⺕彐 ⺖忄 ⺘扌 ⺙攵 ⺛旡 ⺞歺 ⺟母 ⺠民 ⺡氵 ⺣灬 ⺤爫
⺦丬 ⺨犭 ⺩𤣩 ⺫罒 ⺭礻 ⺮𥫗 ⺯糹 ⺰纟 ⺱罓 ⺳㓁 ⺹耂 ⺺肀 ⺽𦥑 ⺾艹 ⻁虎 ⻂衤 ⻃覀 ⻅见 ⻆角 ⻇𧢲 ⻈讠 ⻉贝 ⻊𧾷 ⻋车
⻌辶 ⻐钅 ⻑長 ⻒镸 ⻓长 ⻔门 ⻕𨸏 ⻖阝 ⻘青 ⻙韦 ⻚页 ⻛风 ⻜飞 ⻝食 ⻞𩙿 ⻟飠 ⻠饣 ⻡𩠐 ⻢马 ⻣骨 ⻤鬼 ⻥鱼 ⻦鸟 ⻧卤
⻨麦 ⻩黄 ⻪黾 ⻫斉 ⻬齐 ⻮齿 ⻯竜 ⻰龙 ⻱龜 ⻲亀 ⻳龟 ⼀一 ⼁丨 ⼂丶 ⼃丿 ⼄乙 ⼅亅 ⼆二 ⼇亠 ⼈人 ⼉儿 ⼊入 ⼋八 ⼌冂
⼍冖 ⼎冫 ⼏几 ⼐凵 ⼑刀 ⼒力 ⼓勹 ⼔匕 ⼕匚 ⼖匸 ⼗十 ⼘卜 ⼙卩 ⼚厂 ⼛厶 ⼜又 ⼝口 ⼞囗 ⼟土 ⼠士 ⼡夂 ⼢夊 ⼣夕 ⼤大
⼥女 ⼦子 ⼧宀 ⼨寸 ⼩小 ⼫尸 ⼬屮 ⼭山 ⼮巛 ⼯工 ⼰己 ⼱巾 ⼲干 ⼴广 ⼵廴 ⼶廾 ⼷弋 ⼸弓 ⼺彡 ⼻彳 ⼼心 ⼽戈 ⼾户 ⼿手
⽀支 ⽁攴 ⽂文 ⽃斗 ⽄斤 ⽅方 ⽆无 ⽇日 ⽈曰 ⽉月 ⽊木 ⽋欠 ⽌止 ⽍歹 ⽎殳 ⽏毋 ⽐比 ⽑毛 ⽒氏 ⽓气 ⽔水 ⽕火 ⽖爪 ⽗父
⽘爻 ⽙爿 ⽚片 ⽛牙 ⽜牛 ⽝犬 ⽞玄 ⽟玉 ⽠瓜 ⽡瓦 ⽢甘 ⽣生 ⽤用 ⽥田 ⽦疋 ⽧疒 ⽨癶 ⽩白 ⽪皮 ⽫皿 ⽬目 ⽭矛 ⽮矢 ⽯石
⽰示 ⽱禸 ⽲禾 ⽳穴 ⽴立 ⽵竹 ⽶米 ⽷糸 ⽸缶 ⽹网 ⽺羊 ⽻羽 ⽼老 ⽽而 ⽾耒 ⽿耳 ⾀聿 ⾁肉 ⾂臣 ⾃自 ⾄至 ⾅臼 ⾆舌 ⾇舛
⾈舟 ⾉艮 ⾊色 ⾋艸 ⾌虍 ⾍虫 ⾎血 ⾏行 ⾐衣 ⾑襾 ⾒見 ⾔言 ⾕谷 ⾖豆 ⾗豕 ⾘豸 ⾙貝 ⾚赤 ⾛走 ⾜足 ⾝身 ⾞車 ⾟辛 ⾠辰
⾡辵 ⾢邑 ⾣酉 ⾤釆 ⾥里 ⾦金 ⾨門 ⾩阜 ⾪隶 ⾫隹 ⾬雨 ⾭靑 ⾮非 ⾯面 ⾰革 ⾱韋 ⾲韭 ⾳音 ⾴頁 ⾵風 ⾶飛 ⾸首 ⾹香 ⾺馬
⾼高 ⾽髟 ⾾鬥 ⾿鬯 ⿀鬲 ⿂魚 ⿃鳥 ⿄鹵 ⿅鹿 ⿆麥 ⿇麻 ⿈黃 ⿉黍 ⿊黑 ⿋黹 ⿌黽 ⿍鼎 ⿎鼓 ⿏鼠 ⿐鼻 ⿑齊 ⿒齒 ⿓龍 ⿕龠`;

/**
 * Punctuation the same fonts draw with one glyph, where the lower code point is a Western or technical
 * character Chinese pages do not use and the higher one is what they and Chinese input methods write.
 * The fonts check keeps an entry only where the faces draw the pair with one glyph.
 */
export const PUNCTUATION_LOOK_ALIKES: Readonly<Record<number, number>> = {
	0x2003: 0x3000, // EM SPACE → IDEOGRAPHIC SPACE (the record's 日　　期, 附件一　出席名单)
	0x2012: 0x2013, // FIGURE DASH → EN DASH (ranges: 2026–11)
	0x2215: 0xff0f, // DIVISION SLASH → FULLWIDTH SOLIDUS ／
	0x2329: 0x3008, // LEFT-POINTING ANGLE BRACKET → LEFT ANGLE BRACKET 〈
	0x232a: 0x3009, // RIGHT-POINTING ANGLE BRACKET → RIGHT ANGLE BRACKET 〉
	0x301c: 0xff5e // WAVE DASH → FULLWIDTH TILDE ～ (what a Chinese input method types: 9:00～10:00)
};

/** Look-alike code point → the character the page contains. Every key is in the BMP and no surrogate. */
export const LOOK_ALIKES: ReadonlyMap<number, number> = new Map([
	...RADICALS.trim()
		.split(/\s+/)
		.map((pair) => [...pair].map((c) => c.codePointAt(0)!) as [number, number]),
	...Object.entries(PUNCTUATION_LOOK_ALIKES).map(([from, to]) => [Number(from), to] as [number, number])
]);

/** A CMap this module cannot read with certainty; the PDF is then left alone. */
export class CMapSyntaxError extends Error {}

/** The longest run of entries one `beginbfchar`/`beginbfrange` section may hold (PDF 32000-1, 9.10.3). */
const MAX_SECTION_ENTRIES = 100;

type Hex = Uint8Array;
type Token = Hex | Hex[];

const hex = (bytes: Hex) => `<${Buffer.from(bytes).toString('hex').toUpperCase()}>`;

/** The hex strings and arrays of hex strings of a section's body; anything else is refused. */
function tokens(body: string): Token[] {
	const out: Token[] = [];
	let array: Hex[] | null = null;
	const re = /\s+|%[^\r\n]*|<([0-9A-Fa-f\s]*)>|(\[)|(\])|(\S+)/g;
	for (const m of body.matchAll(re)) {
		if (m[1] !== undefined) {
			const digits = m[1].replace(/\s+/g, '');
			if (digits.length === 0 || digits.length % 2 !== 0) throw new CMapSyntaxError(`empty or odd-length hex string <${m[1]}>`);
			const bytes = Uint8Array.from(Buffer.from(digits, 'hex'));
			if (array) array.push(bytes);
			else out.push(bytes);
		} else if (m[2]) {
			if (array) throw new CMapSyntaxError('nested array');
			array = [];
		} else if (m[3]) {
			if (!array) throw new CMapSyntaxError('] without [');
			out.push(array);
			array = null;
		} else if (m[4] !== undefined) throw new CMapSyntaxError(`unexpected token ${m[4].slice(0, 20)}`);
	}
	if (array) throw new CMapSyntaxError('unclosed array');
	return out;
}

const isHex = (t: Token | undefined): t is Hex => t instanceof Uint8Array;

/** A destination (UTF-16BE) with its look-alikes replaced, or null when it holds none. */
function fixDestination(dst: Hex): Hex | null {
	if (dst.length % 2 !== 0) throw new CMapSyntaxError(`destination ${hex(dst)} is not UTF-16`);
	let changed = false;
	const units: number[] = [];
	for (let i = 0; i < dst.length; i += 2) {
		const unit = (dst[i]! << 8) | dst[i + 1]!;
		const target = LOOK_ALIKES.get(unit);
		if (target === undefined) units.push(unit);
		else {
			changed = true;
			const text = String.fromCodePoint(target);
			for (let j = 0; j < text.length; j++) units.push(text.charCodeAt(j));
		}
	}
	if (!changed) return null;
	const out = new Uint8Array(units.length * 2);
	units.forEach((unit, i) => {
		out[i * 2] = unit >> 8;
		out[i * 2 + 1] = unit & 0xff;
	});
	return out;
}

const codeOf = (src: Hex) => src.reduce((n, byte) => n * 256 + byte, 0);
const codeBytes = (code: number, width: number) => Uint8Array.from({ length: width }, (_, i) => Math.floor(code / 256 ** (width - 1 - i)) % 256);

/** The destination of the `offset`-th code of a range: only the last byte counts up (PDF 32000-1, 9.10.3). */
function nthDestination(first: Hex, offset: number): Hex {
	const last = first[first.length - 1]! + offset;
	if (last > 0xff) throw new CMapSyntaxError(`range from ${hex(first)} runs past its last byte`);
	const out = Uint8Array.from(first);
	out[out.length - 1] = last;
	return out;
}

/** One bfchar section's entries, rewritten; null when none changes. */
function fixBfchar(entries: Token[]): string[] | null {
	if (entries.length % 2 !== 0) throw new CMapSyntaxError('bfchar entries come in pairs');
	let changed = false;
	const lines: string[] = [];
	for (let i = 0; i < entries.length; i += 2) {
		const [src, dst] = [entries[i], entries[i + 1]];
		if (!isHex(src) || !isHex(dst)) throw new CMapSyntaxError('bfchar maps a code to a hex string');
		const fixed = fixDestination(dst);
		if (fixed) changed = true;
		lines.push(`${hex(src)} ${hex(fixed ?? dst)}`);
	}
	return changed ? lines : null;
}

/**
 * One bfrange section's entries, rewritten; null when none changes. A range with an array keeps its
 * shape. A range with one first destination that covers a look-alike is cut around it: the codes before
 * and after stay ranges counting on from where they were, each look-alike becomes a range of one code.
 */
function fixBfrange(entries: Token[]): string[] | null {
	if (entries.length % 3 !== 0) throw new CMapSyntaxError('bfrange entries come in threes');
	let changed = false;
	const lines: string[] = [];
	for (let i = 0; i < entries.length; i += 3) {
		const [lo, hi, dst] = [entries[i], entries[i + 1], entries[i + 2]];
		if (!isHex(lo) || !isHex(hi) || lo.length !== hi.length) throw new CMapSyntaxError('a bfrange is two codes of one width');
		const [first, last, width] = [codeOf(lo), codeOf(hi), lo.length];
		if (first > last) throw new CMapSyntaxError(`bfrange ${hex(lo)} ${hex(hi)} runs backwards`);
		if (dst === undefined) throw new CMapSyntaxError('bfrange without a destination');
		if (!isHex(dst)) {
			if (dst.length !== last - first + 1) throw new CMapSyntaxError(`bfrange ${hex(lo)} ${hex(hi)} lists ${dst.length} destinations`);
			const fixed = dst.map((d) => fixDestination(d));
			if (fixed.some(Boolean)) changed = true;
			lines.push(`${hex(lo)} ${hex(hi)} [${dst.map((d, n) => hex(fixed[n] ?? d)).join(' ')}]`);
			continue;
		}
		const range = (from: number, to: number) => `${hex(codeBytes(from, width))} ${hex(codeBytes(to, width))} ${hex(nthDestination(dst, from - first))}`;
		const pieces: string[] = [];
		let unchanged: number | null = null; // the first code of the run of unchanged codes being walked
		for (let code = first; code <= last; code++) {
			const fixed = fixDestination(nthDestination(dst, code - first));
			if (!fixed) {
				unchanged ??= code;
				continue;
			}
			if (unchanged !== null) pieces.push(range(unchanged, code - 1));
			unchanged = null;
			pieces.push(`${hex(codeBytes(code, width))} ${hex(codeBytes(code, width))} ${hex(fixed)}`);
		}
		if (pieces.length === 0) {
			lines.push(`${hex(lo)} ${hex(hi)} ${hex(dst)}`);
			continue;
		}
		if (unchanged !== null) pieces.push(range(unchanged, last));
		changed = true;
		lines.push(...pieces);
	}
	return changed ? lines : null;
}

/**
 * The CMap with every look-alike in its bfchar and bfrange destinations replaced by the character the
 * page contains, and how many destinations changed. Everything else is kept byte for byte; a section
 * that changes is written again (split into sections of at most 100 entries). Throws CMapSyntaxError on
 * anything it cannot read with certainty.
 */
export function fixToUnicodeCMap(cmap: string): { cmap: string; sections: number } {
	const sections = /(\d+)\s+begin(bfchar|bfrange)\b([\s\S]*?)\bend\2\b/g;
	const found = [...cmap.matchAll(/\bbegin(bfchar|bfrange)\b/g)].length;
	let seen = 0;
	let fixedSections = 0;
	const out = cmap.replace(sections, (whole, count: string, kind: 'bfchar' | 'bfrange', body: string) => {
		seen++;
		const entries = tokens(body);
		if (entries.length !== Number(count) * (kind === 'bfchar' ? 2 : 3)) throw new CMapSyntaxError(`${count} begin${kind} holds ${entries.length} tokens`);
		const lines = kind === 'bfchar' ? fixBfchar(entries) : fixBfrange(entries);
		if (!lines) return whole;
		fixedSections++;
		const chunks: string[] = [];
		for (let i = 0; i < lines.length; i += MAX_SECTION_ENTRIES) {
			const chunk = lines.slice(i, i + MAX_SECTION_ENTRIES);
			chunks.push(`${chunk.length} begin${kind}\n${chunk.join('\n')}\nend${kind}`);
		}
		return chunks.join('\n');
	});
	if (seen !== found) throw new CMapSyntaxError('a bfchar or bfrange section without its count or end');
	return { cmap: out, sections: fixedSections };
}

/** The decoded bytes of a ToUnicode stream: plain or FlateDecode, the only filters Chromium uses. */
function streamBytes(stream: PDFRawStream): Uint8Array {
	const filter = stream.dict.get(PDFName.of('Filter'));
	const filters = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
	if (stream.dict.has(PDFName.of('DecodeParms'))) throw new CMapSyntaxError('a ToUnicode stream with decode parameters');
	if (filters.length === 0) return stream.contents;
	if (filters.length === 1 && filters[0] === PDFName.of('FlateDecode')) return inflateSync(stream.contents);
	throw new CMapSyntaxError(`a ToUnicode stream with filter ${String(filter)}`);
}

export type TextLayerFix =
	| { ok: true; pdf: Uint8Array; fixedCMaps: number }
	/** The PDF as it was, and why it could not be fixed. */
	| { ok: false; pdf: Uint8Array; problem: string };

/**
 * The PDF with its ToUnicode CMaps fixed (the same bytes when no CMap holds a look-alike), or the PDF as
 * it was with the reason when any CMap cannot be read with certainty: a PDF is never half fixed.
 */
export async function fixPdfTextLayer(pdf: Uint8Array): Promise<TextLayerFix> {
	try {
		const doc = await PDFDocument.load(pdf, { updateMetadata: false, throwOnInvalidObject: true });
		// pdf-lib reads leniently; a PDF it sees no page in is not one to write back.
		if (doc.getPageCount() === 0) throw new Error('pdf-lib finds no page in it');
		const context = doc.context;
		const toUnicode = new Map<string, PDFRef>();
		for (const [, object] of context.enumerateIndirectObjects()) {
			if (!(object instanceof PDFDict)) continue;
			const ref = object.get(PDFName.of('ToUnicode'));
			if (ref instanceof PDFRef) toUnicode.set(ref.toString(), ref);
			else if (ref !== undefined && !(ref instanceof PDFName)) throw new CMapSyntaxError('a ToUnicode that is not a stream');
		}
		const replacements: [PDFRef, PDFRawStream][] = [];
		for (const ref of toUnicode.values()) {
			const stream = context.lookup(ref);
			if (!(stream instanceof PDFRawStream)) throw new CMapSyntaxError(`ToUnicode ${ref.toString()} is not a stream`);
			const { cmap, sections } = fixToUnicodeCMap(Buffer.from(streamBytes(stream)).toString('latin1'));
			if (sections === 0) continue;
			const dict = stream.dict.clone(context);
			dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
			replacements.push([ref, PDFRawStream.of(dict, deflateSync(Buffer.from(cmap, 'latin1')))]);
		}
		if (replacements.length === 0) return { ok: true, pdf, fixedCMaps: 0 };
		for (const [ref, stream] of replacements) context.assign(ref, stream);
		const fixed = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
		return { ok: true, pdf: fixed, fixedCMaps: replacements.length };
	} catch (err) {
		return { ok: false, pdf, problem: err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err) };
	}
}
