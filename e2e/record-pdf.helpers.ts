/**
 * Reading a record's PDF back as the text a person reads, for browser tests to compare with what
 * happened in the session.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Chromium writes the PDF's text map from glyphs, and the Noto CJK fonts draw a character and its
 * look-alike radical with one glyph, so some characters come back as radicals. NFKC alone is not enough:
 * it folds the Kangxi radicals (⼗ U+2F17 → 十) but leaves the radicals supplement's simplified forms as
 * they are (⻓ U+2ED3 stays ⻓, not 长), so those are mapped here first.
 */
const RADICALS: Record<string, string> = { '⻅': '见', '⻆': '角', '⻉': '贝', '⻋': '车', '⻓': '长', '⻔': '门', '⻘': '青', '⻚': '页', '⻛': '风', '⻜': '飞', '⻢': '马', '⻥': '鱼', '⻦': '鸟', '⻨': '麦', '⻩': '黄', '⻬': '齐', '⻮': '齿', '⻰': '龙' };

/** What a person reads, for comparing; full-width punctuation folds too, so both sides go through it. */
export const readable = (text: string) => text.replace(/[\u2E80-\u2EFF]/g, (c) => RADICALS[c] ?? c).normalize('NFKC');

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
