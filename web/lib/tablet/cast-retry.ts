/**
 * When a cast gets no answer (UNAVAILABLE: the socket timed out, or the server was restarting), the
 * tablet cannot know whether it was counted. It sends the same press again with the same key: the
 * server answers a key it has seen with its first answer, so a retry never counts twice. Any other
 * answer — success or a refusal — is final.
 */
import type { Result } from '$shared/result';

/** Four retries over about 7.5 s, then the press waits for the connection to come back. */
export const CAST_RETRY_DELAYS_MS: readonly number[] = [500, 1_000, 2_000, 4_000];

export interface RetryOptions {
	delaysMs?: readonly number[];
	sleep?: (ms: number) => Promise<void>;
	/** 0–1; spreads a hall of tablets retrying after the same outage over ±25 % of each delay. */
	random?: () => number;
	/** Told before each retry (1, 2, …). */
	onRetry?: (attempt: number) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait before retry number `attempt` (1-based). */
export function retryDelay(attempt: number, delaysMs: readonly number[] = CAST_RETRY_DELAYS_MS, random: () => number = Math.random): number {
	const base = delaysMs[Math.min(attempt, delaysMs.length) - 1] ?? 0;
	return Math.round(base * (0.75 + 0.5 * random()));
}

/** Runs `send` until it is answered, or the retries run out (the last UNAVAILABLE is returned). */
export async function sendWithRetry<T>(send: () => Promise<Result<T>>, options: RetryOptions = {}): Promise<Result<T>> {
	const { delaysMs = CAST_RETRY_DELAYS_MS, sleep = realSleep, random = Math.random, onRetry } = options;
	let result = await send();
	for (let attempt = 1; attempt <= delaysMs.length && !result.ok && result.error.code === 'UNAVAILABLE'; attempt++) {
		await sleep(retryDelay(attempt, delaysMs, random));
		onRetry?.(attempt);
		result = await send();
	}
	return result;
}
