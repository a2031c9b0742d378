/**
 * Reading a record's PDF back as the text a person copies from it, for browser tests to compare with
 * what happened in the session.
 *
 * The text is taken as the PDF says it, with pdf.js's own Unicode normalisation turned off and no
 * look-alike table: the server puts Chromium's text layer right (`realtime/record/pdf-text-layer.ts`),
 * and these tests are there to prove it, so 局长 must come back as 局长, not as 局⻓ folded after the fact.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Every text item of every page, in order, one line per page, with all spacing (layout, not words) removed. */
export async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string }> {
	const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
	let text = '';
	for (let n = 1; n <= doc.numPages; n++) {
		const content = await (await doc.getPage(n)).getTextContent({ disableNormalization: true });
		for (const item of content.items) if ('str' in item) text += item.str;
		text += '\n';
	}
	const pages = doc.numPages;
	await doc.destroy();
	return { pages, text: text.replace(/[^\S\n]+/g, '') };
}
