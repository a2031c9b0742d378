import { describe, expect, it } from 'vitest';
import { fraction, outcomeLine, percent, secondsText, settingsSummary, thresholdText } from './run-vote-text';
import { motionOutcome, ratingOutcome, tiedBallotOutcome, voteView } from './run-vote.fixture';

describe('vote wording', () => {
	it('states the threshold with the count it is taken of', () => {
		expect(thresholdText('more-than-half-of-all', 36, 19).zh).toBe('须赞成 ≥ 19 票（全体组成人员 36 人过半数）');
		expect(thresholdText('two-thirds-of-all', 36, 24).zh).toBe('须赞成 ≥ 24 票（全体组成人员 36 人三分之二以上）');
		expect(thresholdText('majority-of-cast', 36, 16, 30).zh).toBe('须赞成 ≥ 16 票（投票人数 30 人过半数）');
		expect(thresholdText('majority-of-cast', 36, null).zh).toBe('须投票人数过半数赞成');
		expect(thresholdText('more-than-half-of-all', 36, 19).en).toBe('Needs 19 yes (more than half of 36 all members)');
	});

	it('says a time limit the way the hall says it', () => {
		expect(secondsText(45)).toBe('45 秒');
		expect(secondsText(120)).toBe('2 分钟');
		expect(secondsText(90)).toBe('1 分 30 秒');
	});

	it('sums up a vote’s settings in one line', () => {
		const settings = { anonymous: true, press: 'first', durationSeconds: null, reveal: 'at-close', ratingBasis: 'all-members' } as const;
		expect(settingsSummary(settings, 'motion')).toBe('无记名 · 以第一次按键为准 · 不限时 · 结束后立即公布');
		expect(settingsSummary({ ...settings, anonymous: false, press: 'last', durationSeconds: 60, reveal: 'on-announce', ratingBasis: 'present' }, 'rating')).toBe(
			'记名 · 以最后一次按键为准 · 限时 1 分钟 · 宣布后公布 · 以出席人数计'
		);
	});

	it('writes shares with one decimal, and nothing for an empty whole', () => {
		expect(percent(19, 36)).toBe('52.8%');
		expect(percent(36, 36)).toBe('100%');
		expect(percent(0, 36)).toBe('0%');
		expect(percent(3, 0)).toBe('—');
	});

	it('keeps a bar within its track', () => {
		expect(fraction(18, 36)).toBe(0.5);
		expect(fraction(40, 36)).toBe(1);
		expect(fraction(1, 0)).toBe(0);
	});
});

describe('a vote in one line', () => {
	it('says how each kind of vote came out', () => {
		expect(outcomeLine(voteView({ status: 'closed', outcome: motionOutcome(20) })).zh).toBe('通过，赞成 20 票');
		expect(outcomeLine(voteView({ status: 'closed', outcome: motionOutcome(12) })).zh).toBe('未通过，赞成 12 票');
		expect(outcomeLine(voteView({ kind: 'ballot', status: 'closed', outcome: tiedBallotOutcome })).zh).toBe('当选 1 项，2 项并列待重新票决');
		expect(outcomeLine(voteView({ kind: 'rating', status: 'closed', outcome: ratingOutcome })).zh).toBe('测评结果：基本满意');
	});

	it('marks a count by hand, an annulment with its reason, and a vote still open', () => {
		const manual = { ...motionOutcome(25), manual: { reason: '设备故障', at: 9 } };
		expect(outcomeLine(voteView({ status: 'closed', outcome: motionOutcome(12), manual })).zh).toBe('通过，赞成 25 票（人工计票）');
		expect(outcomeLine(voteView({ status: 'annulled', annulled: { reason: '设备故障', at: 9 } })).zh).toBe('已作废：设备故障');
		expect(outcomeLine(voteView({ turnout: { voted: 12, present: 30 } })).zh).toBe('表决中，已投 12 / 应投 30');
		expect(outcomeLine(voteView({ status: 'closed' })).zh).toBe('已结束，正在计票');
	});
});
