/** Text and links of the meeting record's printable pages (会议记录, 表决结果公告). */
import { RECORD_LABELS } from '$shared/record.rules';
import type { RecordRespondent, RecordVote } from '$shared/record.schema';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 23 → 二十三: how an official document numbers its sections. */
export function chineseNumeral(n: number): string {
	if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
	if (n < 10) return DIGITS[n]!;
	const tens = Math.floor(n / 10);
	const ones = n % 10;
	return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** `无记名 · 首次按键有效 · 限时 60 秒 · 结束即公布`. */
export function voteSettingsText(vote: Pick<RecordVote, 'settings'>): string {
	const s = vote.settings;
	return [
		RECORD_LABELS.anonymous[s.anonymous ? 'true' : 'false'].zh,
		RECORD_LABELS.press[s.press].zh,
		s.durationSeconds === null ? '主持人结束' : `限时 ${s.durationSeconds} 秒`,
		RECORD_LABELS.reveal[s.reveal].zh
	].join(' · ');
}

/** `钱慧敏（县教育局局长）`. */
export function respondentText(r: RecordRespondent): string {
	return r.department || r.title ? `${r.name}（${r.department}${r.title}）` : r.name;
}

/** The API addresses of one meeting's record and its exports. */
export function recordLinks(meetingId: string) {
	const api = `/api/meetings/${encodeURIComponent(meetingId)}`;
	return {
		page: `/record/${encodeURIComponent(meetingId)}`,
		data: `${api}/record`,
		json: `${api}/record?download`,
		csv: `${api}/record/csv`,
		pdf: `${api}/record/pdf`
	};
}

/** The printable announcement of one vote, and its API addresses. */
export function announcementLinks(meetingId: string, voteId: string) {
	const api = `/api/meetings/${encodeURIComponent(meetingId)}/votes/${encodeURIComponent(voteId)}/announcement`;
	return { page: `/record/${encodeURIComponent(meetingId)}/votes/${encodeURIComponent(voteId)}`, data: api, pdf: `${api}/pdf` };
}
