import { describe, expect, it } from 'vitest';
import { CommandError } from '../../shared/result';
import { PdfRenderer } from './record-pdf';

describe('PDFs without Chromium', () => {
	it('answers UNAVAILABLE with a message saying what to install, and tries again on the next PDF', async () => {
		const renderer = new PdfRenderer('/nonexistent/chromium');
		const request = { url: 'http://127.0.0.1:9/record/m', answers: {}, footer: '' };
		for (let attempt = 0; attempt < 2; attempt++) {
			const error = await renderer.render(request).then(
				() => null,
				(err: unknown) => err
			);
			expect(error).toBeInstanceOf(CommandError);
			expect((error as CommandError).error).toMatchObject({
				code: 'UNAVAILABLE',
				message: { zh: expect.stringContaining('chromium'), en: expect.stringContaining('Install the chromium package') }
			});
		}
		await renderer.close();
	});
});
