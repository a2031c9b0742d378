/**
 * The look-alike table against the fonts the server prints with: every entry must be a radical (or
 * listed punctuation) that the installed Noto CJK SC faces draw with the glyph of that one character,
 * and no such radical may be missing. When Debian's fonts change, this says so and
 * `npx tsx scripts/pdf-look-alikes.ts` prints the table again.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRINT_FONTS, lookAlikesFromFonts } from '../../scripts/pdf-look-alikes';
import { LOOK_ALIKES } from './pdf-text-layer';

const missing = PRINT_FONTS.filter((f) => !existsSync(f.file)).map((f) => f.file);
if (missing.length > 0) console.warn(`[pdf-text-layer.fonts.spec] skipped: fonts-noto-cjk is not installed (${missing.join(', ')} missing)`);

const show = (entries: Iterable<[number, number]>) => [...entries].map(([from, to]) => `${String.fromCodePoint(from)}→${String.fromCodePoint(to)}`);

describe.skipIf(missing.length > 0)('the look-alike table and the installed fonts', () => {
	const fonts = missing.length > 0 ? null : lookAlikesFromFonts();

	it('holds only code points the fonts draw with the glyph of the character they are mapped to', () => {
		expect(fonts!.refused, 'radicals the fonts draw like two ideographs').toEqual([]);
		expect(show([...LOOK_ALIKES].filter(([from, to]) => fonts!.table.get(from) !== to)), 'entries the fonts do not back').toEqual([]);
	});

	it('misses none of them', () => {
		expect(show([...fonts!.table].filter(([from]) => !LOOK_ALIKES.has(from))), 'look-alikes missing from the table').toEqual([]);
	});
});
