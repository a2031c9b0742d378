/**
 * How follow-up items (跟踪督办) read on every board: dates in China time, what is due and how soon, the
 * order boards list items in, counts per status, and the words for who did a step. Pure, no Svelte.
 */
import { DAY_MS, workingDaysLater } from '$shared/followup.rules';
import {
	type FollowupItem,
	type FollowupStatus,
	type FollowupView,
	type Milestone,
	type TimelineEntry,
	FOLLOWUP_STATUSES,
	MILESTONE_LABELS
} from '$shared/followup.schema';
import type { LocalizedText } from '$shared/result';

/** Deadlines are dates in China (UTC+8, no daylight saving), whatever the browser's zone. */
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** `2026-09-30`, the date in China. */
export function chinaDate(at: number): string {
	return new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** `2026-09-30 14:05`, in China. */
export function chinaDateTime(at: number): string {
	const iso = new Date(at + CHINA_OFFSET_MS).toISOString();
	return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Whole days from `now` until `at`, rounded up (a deadline later today is 1 day away); negative once past. */
export function daysUntil(at: number, now: number): number {
	const diff = at - now;
	return diff >= 0 ? Math.ceil(diff / DAY_MS) : -Math.ceil(-diff / DAY_MS);
}

/** "还有 12 天" / "今天到期" / "已逾期 3 天", for a deadline not yet met. */
export function dueText(dueAt: number, now: number): { text: LocalizedText; tone: 'ok' | 'soon' | 'overdue' } {
	if (dueAt <= now) {
		const days = Math.max(1, -daysUntil(dueAt, now));
		return { text: { zh: `已逾期 ${days} 天`, en: `${days} day${days === 1 ? '' : 's'} overdue` }, tone: 'overdue' };
	}
	const days = daysUntil(dueAt, now);
	return { text: { zh: `还有 ${days} 天`, en: `${days} day${days === 1 ? '' : 's'} left` }, tone: days <= 7 ? 'soon' : 'ok' };
}

export function milestoneText(m: Milestone): LocalizedText {
	const label = MILESTONE_LABELS[m.kind];
	const n = m.kind === 'checkpoint' || m.kind === 're-report' ? Number(m.id.split('-').at(-1)) : 0;
	return n > 1 || m.kind === 'checkpoint' ? { zh: `${label.zh}（第 ${n} 次）`, en: `${label.en} (${n})` } : label;
}

/** The colour family of a status on every board. */
export const STATUS_TONES: Record<FollowupStatus, 'new' | 'work' | 'wait' | 'done' | 'back'> = {
	assigned: 'new',
	'in-progress': 'work',
	answered: 'wait',
	evaluating: 'wait',
	closed: 'done',
	returned: 'back',
	reopened: 'back'
};

/** The boards' order, the server's own (`compareFollowups`). */
export { compareFollowups as compareItems } from '$shared/followup.rules';

/** How many items are in each status, every status listed (zero included), in lifecycle order. */
export function statusCounts(items: readonly FollowupItem[]): { status: FollowupStatus; count: number }[] {
	return FOLLOWUP_STATUSES.map((status) => ({ status, count: items.filter((i) => i.status === status).length }));
}

/** The departments named on items, sorted as Chinese text. */
export function departmentsOf(items: readonly FollowupItem[]): string[] {
	return [...new Set(items.map((i) => i.department))].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));
}

/** When an assigned item can no longer be sent back: the end of the `workingDays`-th working day after its assignment. */
export { returnDeadline } from '$shared/followup.rules';

const ROLE_WORDS: Record<string, LocalizedText> = {
	system: { zh: '系统', en: 'System' },
	host: { zh: '主持人', en: 'Host' },
	clerk: { zh: '工作人员', en: 'Clerk' },
	deputy: { zh: '代表', en: 'Deputy' },
	respondent: { zh: '承办单位', en: 'Department' },
	screen: { zh: '大屏', en: 'Screen' },
	public: { zh: '公众', en: 'Public' }
};

/** "工作人员 张三", "系统". */
export function byText(entry: TimelineEntry): string {
	const role = ROLE_WORDS[entry.by.role]?.zh ?? entry.by.role;
	return entry.by.role === 'system' ? role : `${role} ${entry.by.name}`;
}
