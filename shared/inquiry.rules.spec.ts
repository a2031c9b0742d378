import { describe, expect, it } from 'vitest';
import { ALLOWED, QUESTION_PHASES, type QuestionAction, type QuestionRun, newQuestionRun, totalOvertimeMs, transition } from './inquiry.rules';
import { extendClock, pauseClock, remainingAt, resumeClock } from './timer.rules';

const T0 = 1_800_000_000_000;
const S = 1000;
const timers = { askSeconds: 180, answerSeconds: 300, followUpAskSeconds: 60, followUpAnswerSeconds: 180 };

function step(run: QuestionRun, action: QuestionAction, now: number): QuestionRun {
	const result = transition(run, action, now, timers);
	if (!result.ok) throw new Error(result.reason.en);
	return result.run;
}

describe('one question through every phase', () => {
	it('runs asking → answering → follow-up → follow-up answer → rating → done, keeping each phase’s times', () => {
		let run = newQuestionRun('q1', 'd001', ['r-housing']);
		run = step(run, { type: 'call' }, T0);
		expect(run.phase).toBe('asking');
		expect(remainingAt(run.clock!, T0)).toBe(180 * S);

		run = step(run, { type: 'answer' }, T0 + 170 * S); // asked in 2:50
		expect(run.phase).toBe('answering');
		expect(run.clock!.deadline).toBe(T0 + 170 * S + 300 * S);

		run = step(run, { type: 'follow-up', askerId: 'd007' }, T0 + 490 * S); // answered in 5:20: 20 s over
		expect(run).toMatchObject({ phase: 'follow-up-asking', askerId: 'd007', followUps: 1 });
		expect(remainingAt(run.clock!, T0 + 490 * S)).toBe(60 * S);

		run = step(run, { type: 'follow-up-answer' }, T0 + 540 * S);
		run = step(run, { type: 'rate' }, T0 + 700 * S);
		expect(run.phase).toBe('rating');
		expect(run.clock).toBeNull();
		run = step(run, { type: 'finish' }, T0 + 760 * S);
		expect(run.phase).toBe('done');

		expect(run.record.map((r) => [r.phase, r.speakerIds, r.usedMs / S, r.overtimeMs / S])).toEqual([
			['asking', ['d001'], 170, 0],
			['answering', ['r-housing'], 320, 20],
			['follow-up-asking', ['d007'], 50, 0],
			['follow-up-answering', ['r-housing'], 160, 0]
		]);
		expect(totalOvertimeMs(run)).toBe(20 * S);
	});

	it('may finish straight after the answer, skipping the rating', () => {
		let run = step(newQuestionRun('q1', 'd001', ['r1']), { type: 'call' }, T0);
		run = step(run, { type: 'answer' }, T0 + S);
		expect(step(run, { type: 'finish' }, T0 + 2 * S).phase).toBe('done');
	});

	it('records a paused and extended phase by the time actually used', () => {
		let run = step(newQuestionRun('q1', 'd001', ['r1']), { type: 'call' }, T0);
		run = { ...run, clock: extendClock(resumeClock(pauseClock(run.clock!, T0 + 60 * S), T0 + 120 * S), 60 * S) };
		run = step(run, { type: 'answer' }, T0 + 300 * S); // 240 s used of 180 + 60
		expect(run.record[0]).toMatchObject({ usedMs: 240 * S, extendedMs: 60 * S, overtimeMs: 0 });
	});
});

describe('refused transitions', () => {
	const actions: QuestionAction[] = [
		{ type: 'call' },
		{ type: 'answer' },
		{ type: 'follow-up', askerId: 'd002' },
		{ type: 'follow-up-answer' },
		{ type: 'rate' },
		{ type: 'finish' },
		{ type: 'skip' },
		{ type: 'requeue' }
	];

	it('refuses every action its phase does not allow and leaves the run as it was', () => {
		for (const phase of QUESTION_PHASES) {
			const run: QuestionRun = { ...newQuestionRun('q1', 'd001', ['r1']), phase };
			for (const action of actions) {
				const result = transition(run, action, T0, timers);
				expect(result.ok, `${phase} + ${action.type}`).toBe(ALLOWED[phase].includes(action.type));
				if (!result.ok) {
					expect(result.reason.zh).toMatch(/阶段/);
					expect(result.reason.en).toMatch(/phase/);
				}
			}
		}
	});

	it('lets a second console’s identical command fail instead of applying twice', () => {
		const called = step(newQuestionRun('q1', 'd001', ['r1']), { type: 'call' }, T0);
		const answered = step(called, { type: 'answer' }, T0 + S);
		expect(transition(answered, { type: 'answer' }, T0 + 2 * S, timers).ok).toBe(false);
	});

	it('ends in done with nothing more allowed; a skipped question can only go back in the queue', () => {
		expect(ALLOWED.done).toEqual([]);
		expect(ALLOWED.skipped).toEqual(['requeue']);
		const skipped = step(newQuestionRun('q1', 'd001', ['r1']), { type: 'skip' }, T0);
		expect(skipped.phase).toBe('skipped');
		const back = step(skipped, { type: 'requeue' }, T0 + S);
		expect(back).toMatchObject({ phase: 'queued', clock: null, record: [] });
		expect(step(back, { type: 'call' }, T0 + 2 * S).phase).toBe('asking');
	});
});
