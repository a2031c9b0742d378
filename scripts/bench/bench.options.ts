/** Reading a bench's command-line options: one rule for whole numbers, one error for a bad option. */

/** A bad option: the bench prints it with its usage and exits 2, having run nothing. */
export class UsageError extends Error {}

/** `raw` as a whole number of at least `min`, or a UsageError naming the option `--name`. */
export function wholeNumber(name: string, raw: string, min: number): number {
	const n = Number(raw);
	if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, not ${JSON.stringify(raw)}`);
	return n;
}
