/** Summaries of measured samples, the same way in every bench. Pure. */

/**
 * The nearest-rank percentile: an actual sample, never an interpolation, so p99 of 30 samples is the
 * largest one (a small run cannot hide its worst case behind arithmetic).
 */
export function percentile(samples: readonly number[], p: number): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[rank - 1]!;
}

export interface Summary {
	n: number;
	min: number;
	p50: number;
	p99: number;
	max: number;
}

export function summarize(samples: readonly number[]): Summary {
	return {
		n: samples.length,
		min: samples.length ? Math.min(...samples) : Number.NaN,
		p50: percentile(samples, 50),
		p99: percentile(samples, 99),
		max: samples.length ? Math.max(...samples) : Number.NaN
	};
}

/** Rounded for printing: a tenth of a millisecond is already finer than anything measured here. */
export function ms(value: number, digits = 1): number {
	return Number.isFinite(value) ? Number(value.toFixed(digits)) : value;
}

export function formatSummary(s: Summary, unit = 'ms'): string {
	return `p50 ${ms(s.p50)} ${unit}, p99 ${ms(s.p99)} ${unit}, max ${ms(s.max)} ${unit} (n=${s.n})`;
}
