/**
 * What the wall and the public page put on show from a live snapshot: the question on the floor, the
 * next ones, and the words for item statuses and clock states. Pure, so both pages say the same thing.
 */
import type { ClockReading } from '../live/phase-clock';
import type { QuestionPhase } from '$shared/inquiry.rules';
import type { ItemStatus } from '$shared/live.schema';
import type { CurrentQuestionView, InquiryLiveView, LiveView, MemberRef, QueueEntryView } from '$shared/live.view';
import type { Respondent } from '$shared/meeting.schema';
import type { LocalizedText } from '$shared/result';

/** Phases in which a called question holds the floor; a finished, skipped or re-queued one does not. */
const ON_FLOOR: readonly QuestionPhase[] = ['asking', 'answering', 'follow-up-asking', 'follow-up-answering', 'rating'];

/** The question on the floor, or null between questions. */
export function questionOnFloor(live: LiveView | null): CurrentQuestionView | null {
	const current = live?.current ?? null;
	return current && ON_FLOOR.includes(current.phase) ? current : null;
}

/**
 * The inquiry whose queue is on show: the active item's, or, while the host has moved on to another
 * item with a question still on the floor, that question's.
 */
export function inquiryOnShow(live: LiveView | null): InquiryLiveView | null {
	if (!live) return null;
	const itemId = live.inquiries.some((i) => i.itemId === live.activeItemId) ? live.activeItemId : questionOnFloor(live)?.entry.itemId;
	return live.inquiries.find((i) => i.itemId === itemId) ?? null;
}

/** The next (at most three) questions waiting in the inquiry on show. */
export function nextQuestions(live: LiveView | null): QueueEntryView[] {
	return inquiryOnShow(live)?.next ?? [];
}

/** "第 3 问 / 共 6 问": the question on the floor counts as the one after those finished. */
export function questionNumber(inquiry: InquiryLiveView | null): { n: number; total: number } | null {
	if (!inquiry || inquiry.total === 0) return null;
	return { n: Math.min(inquiry.finished + 1, inquiry.total), total: inquiry.total };
}

export function isFollowUp(phase: QuestionPhase): boolean {
	return phase === 'follow-up-asking' || phase === 'follow-up-answering';
}

/** The deputy to name: during a follow-up, whoever asks it; otherwise the question's asker. */
export function deputyOnShow(question: CurrentQuestionView): MemberRef {
	return isFollowUp(question.phase) ? question.askingDeputy : question.entry.asker;
}

export const ITEM_STATUS_LABELS: Record<ItemStatus, LocalizedText> = {
	pending: { zh: '待进行', en: 'Pending' },
	active: { zh: '进行中', en: 'Now' },
	done: { zh: '已完成', en: 'Done' },
	skipped: { zh: '已跳过', en: 'Skipped' }
};

export function itemStatus(live: LiveView | null, itemId: string): ItemStatus {
	return live?.items[itemId] ?? 'pending';
}

/**
 * The words beside a countdown that colour alone must not carry: nearly up, overtime, paused, ended;
 * nothing while it simply runs.
 */
export function clockNote(reading: ClockReading): LocalizedText | null {
	if (reading.state === 'ended') return { zh: '本阶段已结束', en: 'Phase ended' };
	if (reading.state === 'paused') return { zh: '暂停', en: 'Paused' };
	if (reading.overtime) return { zh: '超时', en: 'Overtime' };
	if (reading.warning) return { zh: '即将到时', en: 'Time nearly up' };
	return null;
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/**
 * `2026年11月21日 16:05`: when the session closed (闭幕), in China Standard Time whatever the screen's own
 * time zone, as the public page and the wall both say it.
 */
export function closingTime(closedAt: number): string {
	const d = new Date(closedAt + CHINA_OFFSET_MS);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `张三（城东代表小组）`. */
export function deputyLabel(member: MemberRef): string {
	return member.group ? `${member.name}（${member.group}）` : member.name;
}

/** `市住房和城乡建设局局长`: where a respondent answers from. */
export function respondentPost(r: Respondent): string {
	return `${r.department}${r.title}`;
}
