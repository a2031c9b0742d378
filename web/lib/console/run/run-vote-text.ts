/** How the host's vote controls word settings, thresholds and shares: Chinese first, English beside. */
import type { LocalizedText } from '$shared/result';
import { CHOICE_LABELS, type PassingRule } from '$shared/vote.rules';
import type { VoteKind, VoteSettings, VoteStatus, VoteView } from '$shared/vote.schema';

export const VOTE_KIND_LABELS: Record<VoteKind, LocalizedText> = {
	motion: { zh: '表决', en: 'Vote' },
	ballot: { zh: '票决', en: 'Project ballot' },
	rating: { zh: '满意度测评', en: 'Rating' }
};

export const VOTE_STATUS_LABELS: Record<VoteStatus | 'ready', LocalizedText> = {
	ready: { zh: '未开始', en: 'Not opened' },
	open: { zh: '表决中', en: 'Open' },
	closed: { zh: '已结束', en: 'Closed' },
	annulled: { zh: '已作废', en: 'Annulled' }
};

export const PRESS_LABELS: Record<VoteSettings['press'], LocalizedText> = {
	first: { zh: '以第一次按键为准', en: 'First press counts' },
	last: { zh: '以最后一次按键为准', en: 'Last press counts' }
};

export const REVEAL_LABELS: Record<VoteSettings['reveal'], LocalizedText> = {
	'at-close': { zh: '结束后立即公布', en: 'Shown at the close' },
	'on-announce': { zh: '宣布后公布', en: 'Shown when announced' }
};

export const BASIS_LABELS: Record<VoteSettings['ratingBasis'], LocalizedText> = {
	'all-members': { zh: '全体组成人员', en: 'All members' },
	present: { zh: '出席人数', en: 'Those present' },
	cast: { zh: '投票人数', en: 'Ballots cast' }
};

const PASSING_BASIS: Record<PassingRule, { zh: string; en: string; share: LocalizedText }> = {
	'more-than-half-of-all': { zh: '全体组成人员', en: 'all members', share: { zh: '过半数', en: 'more than half of' } },
	'two-thirds-of-all': { zh: '全体组成人员', en: 'all members', share: { zh: '三分之二以上', en: 'two thirds of' } },
	'majority-of-cast': { zh: '投票人数', en: 'votes cast', share: { zh: '过半数', en: 'more than half of' } }
};

/** "须赞成 ≥ 19 票（全体组成人员 36 人过半数）"; before any vote is cast under "majority of cast", no number. */
export function thresholdText(rule: PassingRule, members: number, needed: number | null, cast?: number): LocalizedText {
	const basis = PASSING_BASIS[rule];
	const count = rule === 'majority-of-cast' ? cast : members;
	const of = count === undefined ? basis.zh : `${basis.zh} ${count} 人`;
	const ofEn = count === undefined ? basis.en : `${count} ${basis.en}`;
	if (needed === null) return { zh: `须${of}${basis.share.zh}赞成`, en: `Passes with ${basis.share.en} ${ofEn}` };
	return { zh: `须赞成 ≥ ${needed} 票（${of}${basis.share.zh}）`, en: `Needs ${needed} yes (${basis.share.en} ${ofEn})` };
}

/** "60 秒", "2 分钟", "1 分 30 秒". */
export function secondsText(seconds: number): string {
	if (seconds < 60) return `${seconds} 秒`;
	const m = Math.floor(seconds / 60);
	const s = seconds % 60;
	return s === 0 ? `${m} 分钟` : `${m} 分 ${s} 秒`;
}

/** One line for a vote's settings: "无记名 · 以第一次按键为准 · 限时 60 秒 · 宣布后公布 · 以全体组成人员计". */
export function settingsSummary(settings: VoteSettings, kind: VoteKind): string {
	const parts = [
		settings.anonymous ? '无记名' : '记名',
		PRESS_LABELS[settings.press].zh,
		settings.durationSeconds === null ? '不限时' : `限时 ${secondsText(settings.durationSeconds)}`,
		REVEAL_LABELS[settings.reveal].zh
	];
	if (kind === 'rating') parts.push(`以${BASIS_LABELS[settings.ratingBasis].zh}计`);
	return parts.join(' · ');
}

/** A share as "52.8%" (one decimal, "100%" and "0%" whole); "—" when there is nothing to share. */
export function percent(part: number, whole: number): string {
	if (whole <= 0) return '—';
	const p = Math.round((part / whole) * 1000) / 10;
	return `${p}%`;
}

/** A bar's width, 0–1, never past full. */
export function fraction(part: number, whole: number): number {
	return whole <= 0 ? 0 : Math.min(1, Math.max(0, part / whole));
}

/** A vote in one line, for the history: its outcome as the host knows it. */
export function outcomeLine(vote: VoteView): LocalizedText {
	if (vote.status === 'annulled') return { zh: `已作废：${vote.annulled?.reason ?? ''}`, en: 'Annulled' };
	if (vote.status === 'open') return { zh: `表决中，已投 ${vote.turnout.voted} / 应投 ${vote.turnout.present}`, en: 'Open' };
	const outcome = vote.manual ?? vote.outcome;
	if (!outcome) return { zh: '已结束，正在计票', en: 'Closed, counting' };
	const byHand = vote.manual ? { zh: '（人工计票）', en: ' (by hand)' } : { zh: '', en: '' };
	const { result } = outcome;
	switch (result.kind) {
		case 'motion': {
			const { passed, yes } = result.motion;
			return { zh: `${passed ? '通过' : '未通过'}，赞成 ${yes} 票${byHand.zh}`, en: `${passed ? 'Passed' : 'Not passed'}, ${yes} yes${byHand.en}` };
		}
		case 'ballot': {
			const { elected, tie } = result.ballot;
			const tied = tie ? `，${tie.candidateIds.length} 项并列待重新票决` : '';
			return { zh: `当选 ${elected.length} 项${tied}${byHand.zh}`, en: `${elected.length} elected${tie ? `, ${tie.candidateIds.length} tied` : ''}${byHand.en}` };
		}
		case 'rating': {
			const grade = CHOICE_LABELS[result.rating.grade];
			return { zh: `测评结果：${grade.zh}${byHand.zh}`, en: `${grade.en}${byHand.en}` };
		}
	}
}
