/**
 * The phase machine of one inquiry question (DESIGN.md §3, Inquiry):
 *
 *   queued → asking → answering → (follow-up asking → follow-up answering)* → rating → done
 *
 * The rating phase may be skipped (finish straight from an answer); a queued question may be skipped,
 * and a skipped one put back in the queue.
 * Each phase runs a clock (`timer.rules.ts`) with its limit from the meeting's settings; leaving a phase
 * ends its clock and keeps its times in the question's record. Pure: the server runs it inside one
 * atomic step that first checks the phase it starts from.
 */
import type { TimerSettingsSchema } from './meeting.schema';
import { type PhaseClock, type PhaseTimes, endClock, phaseTimes, startClock } from './timer.rules';
import type * as z from 'zod';

export type TimerSettings = z.output<typeof TimerSettingsSchema>;

export const QUESTION_PHASES = ['queued', 'asking', 'answering', 'follow-up-asking', 'follow-up-answering', 'rating', 'done', 'skipped'] as const;
export type QuestionPhase = (typeof QUESTION_PHASES)[number];

/** Phases with a running clock. */
export const TIMED_PHASES = ['asking', 'answering', 'follow-up-asking', 'follow-up-answering'] as const;
export type TimedPhase = (typeof TIMED_PHASES)[number];

export const PHASE_LABELS: Record<QuestionPhase, { zh: string; en: string }> = {
	queued: { zh: '待提问', en: 'Queued' },
	asking: { zh: '提问', en: 'Asking' },
	answering: { zh: '答复', en: 'Answering' },
	'follow-up-asking': { zh: '追问', en: 'Follow-up' },
	'follow-up-answering': { zh: '追问答复', en: 'Follow-up answer' },
	rating: { zh: '满意度测评', en: 'Rating' },
	done: { zh: '已完成', en: 'Done' },
	skipped: { zh: '已跳过', en: 'Skipped' }
};

/** One finished phase in the record: who spoke, and its times. */
export interface PhaseRecord extends PhaseTimes {
	phase: TimedPhase;
	/** The deputy asking, or the respondent(s) answering. */
	speakerIds: string[];
}

export interface QuestionRun {
	questionId: string;
	phase: QuestionPhase;
	/** The deputy asking now (the question's asker, or a follow-up's). */
	askerId: string;
	respondentIds: string[];
	/** The current phase's clock; null outside timed phases. */
	clock: PhaseClock | null;
	record: PhaseRecord[];
	followUps: number;
}

export type QuestionAction =
	| { type: 'call' }
	| { type: 'answer' }
	| { type: 'follow-up'; askerId: string }
	| { type: 'follow-up-answer' }
	| { type: 'rate' }
	| { type: 'finish' }
	| { type: 'skip' }
	| { type: 'requeue' };

export type TransitionResult = { ok: true; run: QuestionRun } | { ok: false; reason: { zh: string; en: string } };

/** Which actions each phase allows. */
export const ALLOWED: Record<QuestionPhase, readonly QuestionAction['type'][]> = {
	queued: ['call', 'skip'],
	asking: ['answer'],
	answering: ['follow-up', 'rate', 'finish'],
	'follow-up-asking': ['follow-up-answer'],
	'follow-up-answering': ['follow-up', 'rate', 'finish'],
	rating: ['finish'],
	done: [],
	/** A skipped question can be put back in the queue and called later. */
	skipped: ['requeue']
};

export function newQuestionRun(questionId: string, askerId: string, respondentIds: string[]): QuestionRun {
	return { questionId, phase: 'queued', askerId, respondentIds: [...respondentIds], clock: null, record: [], followUps: 0 };
}

function limitOf(phase: TimedPhase, timers: TimerSettings): number {
	const seconds = { asking: timers.askSeconds, answering: timers.answerSeconds, 'follow-up-asking': timers.followUpAskSeconds, 'follow-up-answering': timers.followUpAnswerSeconds }[phase];
	return seconds * 1000;
}

/** Ends the current phase's clock and appends it to the record. */
function closePhase(run: QuestionRun, now: number): QuestionRun {
	if (!run.clock || !(TIMED_PHASES as readonly string[]).includes(run.phase)) return { ...run, clock: null };
	const phase = run.phase as TimedPhase;
	const speaking = phase === 'asking' || phase === 'follow-up-asking' ? [run.askerId] : [...run.respondentIds];
	return { ...run, clock: null, record: [...run.record, { phase, speakerIds: speaking, ...phaseTimes(endClock(run.clock, now)) }] };
}

function enter(run: QuestionRun, phase: QuestionPhase, now: number, timers: TimerSettings): QuestionRun {
	const timed = (TIMED_PHASES as readonly string[]).includes(phase);
	return { ...run, phase, clock: timed ? startClock(limitOf(phase as TimedPhase, timers), now) : null };
}

/** Applies `action` at server time `now`, or says why the current phase does not allow it. */
export function transition(run: QuestionRun, action: QuestionAction, now: number, timers: TimerSettings): TransitionResult {
	if (!ALLOWED[run.phase].includes(action.type)) {
		return {
			ok: false,
			reason: {
				zh: `问题当前处于“${PHASE_LABELS[run.phase].zh}”阶段，不能执行此操作；可能已被其他控制台更改。`,
				en: `The question is in its "${PHASE_LABELS[run.phase].en}" phase, which does not allow this; another console may have changed it.`
			}
		};
	}
	const closed = closePhase(run, now);
	switch (action.type) {
		case 'call':
			return { ok: true, run: enter(closed, 'asking', now, timers) };
		case 'answer':
		case 'follow-up-answer':
			return { ok: true, run: enter(closed, action.type === 'answer' ? 'answering' : 'follow-up-answering', now, timers) };
		case 'follow-up':
			return { ok: true, run: enter({ ...closed, askerId: action.askerId, followUps: closed.followUps + 1 }, 'follow-up-asking', now, timers) };
		case 'rate':
			return { ok: true, run: enter(closed, 'rating', now, timers) };
		case 'finish':
			return { ok: true, run: enter(closed, 'done', now, timers) };
		case 'skip':
			return { ok: true, run: enter(closed, 'skipped', now, timers) };
		case 'requeue':
			return { ok: true, run: enter(closed, 'queued', now, timers) };
	}
}

/** Total overtime of a question's record, as the meeting record reports it. */
export function totalOvertimeMs(run: QuestionRun): number {
	return run.record.reduce((sum, r) => sum + r.overtimeMs, 0);
}
