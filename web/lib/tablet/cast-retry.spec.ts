import { describe, expect, it } from 'vitest';
import { type ErrorCode, type Result, fail, ok } from '$shared/result';
import { retryDelay, sendWithRetry } from './cast-retry';

/** A server that answers with `answers` in turn, recording every send. */
function scripted(answers: Result<string>[]) {
	const sent: number[] = [];
	const send = async () => {
		sent.push(sent.length);
		return answers[Math.min(sent.length - 1, answers.length - 1)]!;
	};
	return { send, sent };
}

const noAnswer = fail('UNAVAILABLE');
const refused = (code: ErrorCode) => fail(code);

describe('resending a cast', () => {
	it('sends once when answered', async () => {
		const { send, sent } = scripted([ok('receipt')]);
		const slept: number[] = [];
		expect(await sendWithRetry(send, { sleep: async (ms) => void slept.push(ms) })).toEqual(ok('receipt'));
		expect(sent).toHaveLength(1);
		expect(slept).toEqual([]);
	});

	it('sends again after no answer, waiting longer each time, until answered', async () => {
		const { send, sent } = scripted([noAnswer, noAnswer, ok('receipt')]);
		const slept: number[] = [];
		const retries: number[] = [];
		const result = await sendWithRetry(send, { delaysMs: [100, 200, 400], random: () => 0.5, sleep: async (ms) => void slept.push(ms), onRetry: (n) => retries.push(n) });
		expect(result).toEqual(ok('receipt'));
		expect(sent).toHaveLength(3);
		expect(slept).toEqual([100, 200]);
		expect(retries).toEqual([1, 2]);
	});

	it('gives up after the last delay and returns the last UNAVAILABLE', async () => {
		const { send, sent } = scripted([noAnswer]);
		const result = await sendWithRetry(send, { delaysMs: [1, 1, 1], sleep: async () => {} });
		expect(result).toEqual(noAnswer);
		expect(sent).toHaveLength(4);
	});

	it.each(['CONFLICT', 'FORBIDDEN', 'BAD_REQUEST', 'NOT_FOUND', 'INTERNAL', 'RATE_LIMITED'] as const)('takes a %s refusal as final', async (code) => {
		const { send, sent } = scripted([refused(code), ok('never')]);
		expect(await sendWithRetry(send, { sleep: async () => {} })).toEqual(refused(code));
		expect(sent).toHaveLength(1);
	});

	it('stops at a refusal that follows a lost answer', async () => {
		const { send, sent } = scripted([noAnswer, refused('CONFLICT'), ok('never')]);
		expect(await sendWithRetry(send, { delaysMs: [1, 1, 1], sleep: async () => {} })).toEqual(refused('CONFLICT'));
		expect(sent).toHaveLength(2);
	});

	it('spreads each delay over ±25 %', () => {
		expect(retryDelay(1, [1000], () => 0)).toBe(750);
		expect(retryDelay(1, [1000], () => 1)).toBe(1250);
		expect(retryDelay(3, [100, 200, 400], () => 0.5)).toBe(400);
		expect(retryDelay(9, [100, 200], () => 0.5)).toBe(200);
	});
});
