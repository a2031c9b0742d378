/**
 * The real renderer — Debian's Chromium printing a page served over HTTP — and the text a reader gets
 * back out of its PDF through pdf.js, with pdf.js's own Unicode normalisation turned off: what a person
 * copying from the record, or searching it, gets. Skipped, with the reason printed, where Chromium is
 * missing.
 */
import { existsSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfRenderer } from './record-pdf';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const noChromium = !existsSync(CHROMIUM);
if (noChromium) console.warn(`[record-pdf.int.spec] skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

const LINE = '局长、人民、十、户、2026–11';
const HEADING = '附件一　出席名单';
const FOOTER = '示范县人大常委会·局长述职';

/** The record's two faces: Noto Serif CJK SC for the text, Noto Sans CJK SC bold for headings. */
const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm 20mm 25mm; }
p { font-family: 'Noto Serif CJK SC', serif; font-size: 12pt; }
h2 { font-family: 'Noto Sans CJK SC', sans-serif; font-weight: 900; font-size: 14pt; }
</style></head><body data-print-ready><p>${LINE}</p><h2>${HEADING}</h2><h2>${LINE}</h2></body></html>`;

/** Each line of each page as pdf.js reads it, with no normalisation. */
async function lines(pdf: Buffer): Promise<string[]> {
	const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false }).promise;
	const out: string[] = [];
	let line = '';
	for (let n = 1; n <= doc.numPages; n++) {
		for (const item of (await (await doc.getPage(n)).getTextContent({ disableNormalization: true })).items) {
			if (!('str' in item)) continue;
			line += item.str;
			if (item.hasEOL) {
				out.push(line);
				line = '';
			}
		}
		if (line) out.push(line);
		line = '';
	}
	await doc.destroy();
	return out;
}

/** The decoded ToUnicode CMaps of a PDF, read with pdf-lib. */
async function toUnicodeCMaps(pdf: Buffer): Promise<string[]> {
	const context = (await PDFDocument.load(pdf)).context;
	const cmaps: string[] = [];
	for (const [, object] of context.enumerateIndirectObjects()) {
		const stream = object instanceof PDFDict ? context.lookup(object.get(PDFName.of('ToUnicode'))) : undefined;
		if (stream instanceof PDFRawStream) cmaps.push(inflateSync(stream.contents).toString('latin1'));
	}
	return cmaps;
}

describe.skipIf(noChromium)('the text layer of a PDF printed by Chromium', () => {
	let server: Server;
	let url: string;
	const renderer = new PdfRenderer(CHROMIUM);

	beforeAll(async () => {
		server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/record/m`;
	});
	afterAll(async () => {
		await renderer.close();
		await new Promise((resolve) => server.close(resolve));
	});

	it('reads back exactly what the page says: ideographs, not radicals; the en dash; the ideographic space', async () => {
		const pdf = await renderer.render({ url, answers: {}, footer: FOOTER });
		const text = await lines(pdf);
		// pdf.js reports every whitespace glyph as a plain space, so the ideographic space is checked in the CMaps below.
		expect(text.slice(0, 3)).toEqual([LINE, HEADING.replace('　', ' '), LINE]);
		expect(text.slice(3).join('').replace(/ /g, '')).toBe(`${FOOTER}第1页/共1页`);
		const cmaps = (await toUnicodeCMaps(pdf)).join('\n');
		expect(cmaps).toContain('<3000>');
		expect(cmaps).not.toContain('<2003>');
	}, 60_000);
});
