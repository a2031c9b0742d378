/**
 * Reading a record's PDF back as the text a person reads, for browser tests to compare with what
 * happened in the session.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Chromium writes the PDF's text map from glyphs, and the Noto CJK fonts draw some characters with the
 * glyph of another, lower code point, so they come back as that one: some ideographs as radicals, the
 * en dash – as the figure dash ‒. NFKC alone is not enough: it folds most Kangxi radicals (⼗ U+2F17 → 十),
 * but none of the radicals supplement's (⻓ U+2ED3 stays ⻓, not 长), ⼾ into the traditional 戶 where the
 * glyph is 户, and no dashes. This table is every such radical, read from the cmaps of Debian's Noto Sans
 * and Serif CJK SC (regular and bold), and the dash; it is applied before NFKC.
 */
const LOOK_ALIKES: Record<string, string> = {
	'‒': '–',
	'⺂': '乛', '⺃': '乚', '⺅': '亻', '⺉': '刂', '⺋': '㔾', '⺎': '兀', '⺏': '尣', '⺐': '尢', '⺒': '巳', '⺓': '幺', '⺔': '彑', '⺕': '彐',
	'⺖': '忄', '⺘': '扌', '⺙': '攵', '⺛': '旡', '⺞': '歺', '⺠': '民', '⺡': '氵', '⺣': '灬', '⺤': '爫', '⺦': '丬', '⺨': '犭', '⺫': '罒',
	'⺭': '礻', '⺯': '糹', '⺰': '纟', '⺱': '罓', '⺲': '罒', '⺳': '㓁', '⺹': '耂', '⺺': '肀', '⺾': '艹', '⻁': '虎', '⻂': '衤', '⻃': '覀',
	'⻅': '见', '⻆': '角', '⻈': '讠', '⻉': '贝', '⻋': '车', '⻌': '辶', '⻐': '钅', '⻑': '長', '⻒': '镸', '⻓': '长', '⻔': '门', '⻖': '阝',
	'⻘': '青', '⻙': '韦', '⻚': '页', '⻛': '风', '⻜': '飞', '⻝': '食', '⻟': '飠', '⻠': '饣', '⻢': '马', '⻣': '骨', '⻤': '鬼', '⻥': '鱼',
	'⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾', '⻫': '斉', '⻬': '齐', '⻮': '齿', '⻯': '竜', '⻰': '龙', '⻱': '龜', '⻲': '亀',
	'⼾': '户'
};

/** What a person reads, for comparing; full-width punctuation folds too, so both sides go through it. */
export const readable = (text: string) => text.replace(/[\u2012\u2E80-\u2FDF]/g, (c) => LOOK_ALIKES[c] ?? c).normalize('NFKC');

/** Every text item of every page, in order, with the spaces pdf.js puts between runs removed. */
export async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string }> {
	const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
	let text = '';
	for (let n = 1; n <= doc.numPages; n++) {
		const content = await (await doc.getPage(n)).getTextContent();
		for (const item of content.items) if ('str' in item) text += item.str;
		text += '\n';
	}
	const pages = doc.numPages;
	await doc.destroy();
	return { pages, text: readable(text).replace(/[ \t]+/g, '') };
}
