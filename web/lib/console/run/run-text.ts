/** How the 会场控制 page writes times, statuses and names: Chinese first, English beside. */
import type { ItemStatus } from '$shared/live.schema';
import type { Member, Respondent } from '$shared/meeting.schema';

export const ITEM_STATUS_LABELS: Record<ItemStatus, { zh: string; en: string }> = {
	pending: { zh: '未开始', en: 'Pending' },
	active: { zh: '进行中', en: 'Current' },
	done: { zh: '已结束', en: 'Done' },
	skipped: { zh: '已跳过', en: 'Skipped' }
};

/** A used time as "m:ss" (whole seconds elapsed). */
export function duration(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

const clockFormat = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });

/** "09:05", Beijing time, for sign-in and departure times. */
export function timeOfDay(ms: number): string {
	return clockFormat.format(ms);
}

/** Resolves the ids in a phase record (deputies asking, respondents answering) to names. */
export function speakerNames(ids: readonly string[], members: readonly Member[], respondents: readonly Respondent[]): string {
	return ids.map((id) => members.find((m) => m.id === id)?.name ?? respondents.find((r) => r.id === id)?.name ?? id).join('、');
}
