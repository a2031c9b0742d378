/**
 * What the wall and the public page put on show, from live snapshots built by the real rules
 * (`applyLive`, `liveViewFor`) as the host runs a meeting.
 */
import { describe, expect, it } from 'vitest';
import type { QuestionAction, QuestionPhase } from '$shared/inquiry.rules';
import { type LiveCommand, applyLive } from '$shared/live.rules';
import { type LiveState, emptyLiveState } from '$shared/live.schema';
import { type LiveView, liveViewFor } from '$shared/live.view';
import type { Meeting, Member } from '$shared/meeting.schema';
import { endClock, pauseClock, startClock } from '$shared/timer.rules';
import { readClock } from '../live/phase-clock';
import { clockNote, closingTime, deputyOnShow, inquiryOnShow, itemStatus, nextQuestions, questionNumber, questionOnFloor } from './live-board';

const T0 = 1_800_000_000_000;
const S = 1000;

const members: Member[] = [
	{ id: 'm1', name: '王建国', group: '城东组', seat: '1排1座' },
	{ id: 'm2', name: '李秀英', group: '城西组', seat: '1排2座' },
	{ id: 'm3', name: '张志强', group: '开发区组', seat: '1排3座' }
];

const meeting: Meeting = {
	id: 'mt',
	bodyId: 'b',
	kind: 'inquiry',
	title: '专题询问',
	date: '2026-11-30',
	venue: '第一会议室',
	rules: { quorum: 'two-thirds-of-all', passing: 'more-than-half-of-all', timers: { askSeconds: 120, answerSeconds: 240, followUpAskSeconds: 30, followUpAnswerSeconds: 90 } },
	respondents: [
		{ id: 'r1', name: '钱慧敏', title: '局长', department: '市教育局' },
		{ id: 'r2', name: '李明远', title: '局长', department: '市住房和城乡建设局' }
	],
	agenda: [
		{
			id: 'a1',
			kind: 'inquiry',
			title: '民生专题询问',
			questions: [
				{ id: 'q1', askerId: 'm1', respondentIds: ['r1'], topic: '课后服务', text: '课后服务覆盖率如何？' },
				{ id: 'q2', askerId: 'm2', respondentIds: ['r2'], topic: '老旧小区', text: '加装电梯为何推进慢？' },
				{ id: 'q3', askerId: 'm3', respondentIds: ['r1', 'r2'], topic: '就业帮扶', text: '供需对接如何打通？' },
				{ id: 'q4', askerId: 'm1', respondentIds: ['r2'], topic: '停车难', text: '停车泊位何时增加？' }
			]
		},
		{ id: 'a2', kind: 'vote', title: '表决', motion: '同意报告。' }
	],
	materials: []
};

/** Runs the host's commands through the real rules and returns what the public sees after them. */
function publicViewAfter(...commands: LiveCommand[]): LiveView {
	let state: LiveState = emptyLiveState();
	commands.forEach((command, i) => {
		const outcome = applyLive(state, command, { meeting, members, roll: {}, now: T0 + i * S });
		if (!outcome.ok) throw new Error(`${command.type} refused: ${outcome.error.message.en}`);
		state = outcome.state;
	});
	return liveViewFor({ meeting, members, state, roll: {}, version: commands.length }, 'public', null);
}

const activate = (itemId: string): LiveCommand => ({ type: 'agenda', itemId, action: 'activate' });
const step = (entryId: string, from: QuestionPhase, action: QuestionAction): LiveCommand => ({ type: 'question-step', entryId, from, action });

describe('the question on the floor', () => {
	it('is none before anything is called, and the next three wait in the active inquiry', () => {
		const view = publicViewAfter(activate('a1'));
		expect(questionOnFloor(view)).toBeNull();
		expect(nextQuestions(view).map((q) => q.topic)).toEqual(['课后服务', '老旧小区', '就业帮扶']);
		expect(questionNumber(inquiryOnShow(view))).toEqual({ n: 1, total: 4 });
	});

	it('is the called question while it runs, and leaves the next three behind it', () => {
		const view = publicViewAfter(activate('a1'), step('q1', 'queued', { type: 'call' }));
		expect(questionOnFloor(view)?.entry.topic).toBe('课后服务');
		expect(questionOnFloor(view)?.phase).toBe('asking');
		expect(nextQuestions(view).map((q) => q.topic)).toEqual(['老旧小区', '就业帮扶', '停车难']);
	});

	it('names the follow-up’s deputy during a follow-up, and the question’s asker otherwise', () => {
		const called = [activate('a1'), step('q1', 'queued', { type: 'call' }), step('q1', 'asking', { type: 'answer' })];
		const followUp = publicViewAfter(...called, step('q1', 'answering', { type: 'follow-up', askerId: 'm3' }));
		expect(deputyOnShow(questionOnFloor(followUp)!).name).toBe('张志强');
		const rating = publicViewAfter(
			...called,
			step('q1', 'answering', { type: 'follow-up', askerId: 'm3' }),
			step('q1', 'follow-up-asking', { type: 'follow-up-answer' }),
			step('q1', 'follow-up-answering', { type: 'rate' })
		);
		expect(questionOnFloor(rating)?.phase).toBe('rating');
		expect(deputyOnShow(questionOnFloor(rating)!).name).toBe('王建国');
	});

	it('is none again once the question is done, and the count moves on', () => {
		const view = publicViewAfter(
			activate('a1'),
			step('q1', 'queued', { type: 'call' }),
			step('q1', 'asking', { type: 'answer' }),
			step('q1', 'answering', { type: 'finish' })
		);
		expect(view.current?.entry.id).toBe('q1');
		expect(questionOnFloor(view)).toBeNull();
		expect(questionNumber(inquiryOnShow(view))).toEqual({ n: 2, total: 4 });
		expect(itemStatus(view, 'a1')).toBe('active');
		expect(itemStatus(view, 'a2')).toBe('pending');
	});

	it('shows no queue while the active item is not an inquiry and nothing is on the floor', () => {
		const view = publicViewAfter(activate('a2'));
		expect(inquiryOnShow(view)).toBeNull();
		expect(nextQuestions(view)).toEqual([]);
		expect(nextQuestions(null)).toEqual([]);
	});
});

describe('the words beside a countdown', () => {
	const clock = startClock(60 * S, T0);

	it('say nothing while plenty is left, then that time is nearly up, then overtime', () => {
		expect(clockNote(readClock(clock, T0 + 10 * S))).toBeNull();
		expect(clockNote(readClock(clock, T0 + 31 * S))?.zh).toBe('即将到时');
		expect(clockNote(readClock(clock, T0 + 61 * S))?.zh).toBe('超时');
	});

	it('say paused, and ended, whatever is left', () => {
		expect(clockNote(readClock(pauseClock(clock, T0 + 5 * S), T0 + 90 * S))?.zh).toBe('暂停');
		expect(clockNote(readClock(endClock(clock, T0 + 70 * S), T0 + 90 * S))?.zh).toBe('本阶段已结束');
	});
});

describe('a closed session', () => {
	it('has nothing on show and every item settled, and says when it closed', () => {
		const view = publicViewAfter(activate('a1'), step('q1', 'queued', { type: 'call' }), step('q1', 'asking', { type: 'answer' }), step('q1', 'answering', { type: 'finish' }), { type: 'meeting-close' });
		expect(view.closedAt).toBe(T0 + 4 * S);
		expect(view.activeItemId).toBeNull();
		expect(questionOnFloor(view)).toBeNull();
		expect(nextQuestions(view)).toEqual([]);
		expect(itemStatus(view, 'a1')).toBe('done');
	});

	it('gives the closing time in China Standard Time, to the minute, across midnight UTC too', () => {
		expect(closingTime(Date.UTC(2026, 10, 21, 2, 5, 59))).toBe('2026年11月21日 10:05');
		expect(closingTime(Date.UTC(2026, 11, 31, 16, 0, 0))).toBe('2027年1月1日 00:00');
	});
});
