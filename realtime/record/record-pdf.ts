/**
 * PDFs of printable pages (the meeting record, a vote's announcement), printed by headless Chromium
 * from the very page people print from their browser, so the paper and the PDF cannot differ.
 *
 * One browser per process, launched on the first PDF (most meetings never ask for one) and reused;
 * closed when the server stops. It is Debian's Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium):
 * nothing is ever downloaded. Chinese text needs the `fonts-noto-cjk` package, or the PDF shows boxes.
 *
 * The page is loaded from this same server, but the data it asks for is handed to it from here: the
 * PDF shows exactly what the route already computed for the caller (and their role), with no session
 * to pass to the browser, and the browser reaches nothing outside this server.
 *
 * Chromium's text layer names some ideographs by look-alike radicals (局⻓ for 局长); each PDF's ToUnicode
 * maps are put right before it is handed out (`pdf-text-layer.ts`).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { CommandError } from '../../shared/result';
import { fixPdfTextLayer } from './pdf-text-layer';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'];

/** How long a page may take to load and render its data before the PDF is given up. */
const RENDER_TIMEOUT_MS = 30_000;

const noChromium = (path: string) =>
	new CommandError('UNAVAILABLE', {
		zh: `服务器上没有可用的 Chromium（${path}），无法生成 PDF。请安装 chromium 软件包（或设置 CHROMIUM_PATH），也可在浏览器中打开打印页，用“打印 → 另存为 PDF”。`,
		en: `No usable Chromium on the server (${path}), so no PDF can be made. Install the chromium package (or set CHROMIUM_PATH), or open the printable page in a browser and print it to PDF.`
	});

const renderFailed = () =>
	new CommandError('UNAVAILABLE', {
		zh: 'PDF 生成失败（页面未能在规定时间内完成排版），请稍后重试，或在浏览器中打开打印页另存为 PDF。',
		en: 'The PDF could not be made (the page did not finish rendering in time); try again, or print the page to PDF from a browser.'
	});

export interface PdfRequest {
	/** The page to print, on this server. */
	url: string;
	/** API answers the page will ask for, by path (`/api/…`), handed to it as JSON. */
	answers: Record<string, unknown>;
	/** Shown in the page footer beside the page numbers. */
	footer: string;
	/** A4 portrait (the record) or landscape (an announcement shown on a wall). */
	landscape?: boolean;
}

export class PdfRenderer {
	#browser: Promise<Browser> | null = null;
	/** PDFs are made one at a time: two cores serve the meeting first. */
	#queue: Promise<unknown> = Promise.resolve();
	#closed = false;
	/** A PDF whose text layer could not be put right is logged once, not on every download. */
	#textLayerWarned = false;

	constructor(private readonly executablePath: string = process.env.CHROMIUM_PATH || '/usr/bin/chromium') {}

	#launch(): Promise<Browser> {
		if (this.#closed) return Promise.reject(new CommandError('UNAVAILABLE'));
		if (!this.#browser) {
			const path = this.executablePath;
			const launching = existsSync(path)
				? chromium.launch({ executablePath: path, args: CHROMIUM_ARGS, headless: true })
				: Promise.reject(noChromium(path));
			this.#browser = launching.then(
				(browser) => {
					// A browser that crashed is launched again for the next PDF.
					browser.on('disconnected', () => {
						if (this.#browser === launching) this.#browser = null;
					});
					return browser;
				},
				(err: unknown) => {
					this.#browser = null;
					if (err instanceof CommandError) throw err;
					console.error('[pdf] could not start Chromium:', err);
					throw noChromium(path);
				}
			);
		}
		return this.#browser;
	}

	/** The page printed to PDF, or UNAVAILABLE when Chromium is missing or the page does not render. */
	render(request: PdfRequest): Promise<Buffer> {
		const run = this.#queue.then(() => this.#render(request));
		this.#queue = run.catch(() => {});
		return run;
	}

	async #render({ url, answers, footer, landscape = false }: PdfRequest): Promise<Buffer> {
		const browser = await this.#launch();
		const origin = new URL(url).origin;
		const context = await browser.newContext({ javaScriptEnabled: true, offline: false });
		let pdf: Buffer;
		try {
			await context.route('**/*', async (route) => {
				const target = new URL(route.request().url());
				if (target.origin !== origin) return route.abort('blockedbyclient');
				if (Object.hasOwn(answers, target.pathname)) {
					return route.fulfill({ status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ ok: true, data: answers[target.pathname] }) });
				}
				// The page's own files only: any other API call would run without the caller's session.
				if (target.pathname.startsWith('/api/') || target.pathname.startsWith('/socket.io/')) return route.abort('blockedbyclient');
				return route.continue();
			});
			const page = await context.newPage();
			page.setDefaultTimeout(RENDER_TIMEOUT_MS);
			try {
				await page.goto(url, { waitUntil: 'load' });
				// The page marks itself ready once its data is laid out; fonts must be loaded before printing.
				await page.waitForSelector('[data-print-ready]', { state: 'attached' });
				await page.evaluate(() => document.fonts.ready.then(() => undefined));
			} catch (err) {
				console.error(`[pdf] ${url} did not render:`, err);
				throw renderFailed();
			}
			const escaped = footer.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
			pdf = await page.pdf({
				format: 'A4',
				landscape,
				printBackground: true,
				preferCSSPageSize: true,
				displayHeaderFooter: true,
				headerTemplate: '<span></span>',
				// The margins are the page's own (@page in its print style); the footer sits in the bottom one.
				footerTemplate: `<div style="width:100%;font-size:8px;color:#666;padding:0 20mm;display:flex;justify-content:space-between;font-family:'Noto Sans CJK SC',sans-serif"><span>${escaped}</span><span>第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</span></div>`
			});
		} finally {
			await context.close().catch(() => {});
		}
		return this.#withRightText(pdf);
	}

	/** The PDF with its text layer put right, or as Chromium wrote it when that cannot be done soundly. */
	async #withRightText(pdf: Buffer): Promise<Buffer> {
		const fix = await fixPdfTextLayer(pdf);
		if (fix.ok) return fix.pdf === pdf ? pdf : Buffer.from(fix.pdf.buffer, fix.pdf.byteOffset, fix.pdf.byteLength);
		if (!this.#textLayerWarned) {
			this.#textLayerWarned = true;
			console.warn(`[pdf] text layer left as Chromium wrote it (some ideographs will copy as radicals): ${fix.problem}`);
		}
		return pdf;
	}

	/** Closes the browser if one was started; later PDFs are refused. */
	async close(): Promise<void> {
		this.#closed = true;
		const browser = this.#browser;
		this.#browser = null;
		if (browser) await browser.then((b) => b.close()).catch(() => {});
	}
}
