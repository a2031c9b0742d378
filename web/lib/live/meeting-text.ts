/** Small pieces of text every live page shows the same way. */
import type { Material, Respondent } from '$shared/meeting.schema';

/** `2026-08-29` → `2026年8月29日`. */
export function chineseDate(iso: string): string {
	const [y, m, d] = iso.split('-').map(Number);
	return `${y}年${m}月${d}日`;
}

/** `1.5 MB`, `12 KB` (never `0 KB`). */
export function fileSize(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Where a tablet opens a material (the server checks that this device may). */
export function materialHref(meetingId: string, material: Material): string {
	return `/api/meetings/${encodeURIComponent(meetingId)}/materials/${encodeURIComponent(material.id)}`;
}

/** `钱慧敏（市教育局局长）`. */
export function respondentLabel(r: Respondent): string {
	return `${r.name}（${r.department}${r.title}）`;
}
