/** The product's vocabulary, Chinese first with English beside it, shared by every page. */
import type { AgendaItemKind, MeetingKind } from '$shared/meeting.schema';

export const MEETING_KIND_LABELS: Record<MeetingKind, { zh: string; en: string }> = {
	'congress-session': { zh: '人民代表大会会议', en: 'Congress session' },
	'standing-committee': { zh: '常委会会议', en: 'Standing-committee meeting' },
	inquiry: { zh: '专题询问会', en: 'Inquiry meeting' }
};
export const BODY_KIND_LABELS: Record<'congress' | 'standing-committee', { zh: string; en: string }> = {
	congress: { zh: '人民代表大会', en: 'Congress' },
	'standing-committee': { zh: '人大常委会', en: 'Standing committee' }
};
export const QUORUM_LABELS: Record<'two-thirds-of-all' | 'more-than-half-of-all', { zh: string; en: string }> = {
	'two-thirds-of-all': { zh: '全体组成人员三分之二以上出席（≥2/3）', en: 'At least 2/3 of all members present' },
	'more-than-half-of-all': { zh: '全体组成人员过半数出席（>1/2）', en: 'More than half of all members present' }
};
export const PASSING_LABELS: Record<'more-than-half-of-all' | 'two-thirds-of-all' | 'majority-of-cast', { zh: string; en: string }> = {
	'more-than-half-of-all': { zh: '全体组成人员过半数赞成（默认）', en: 'More than half of all members (default)' },
	'two-thirds-of-all': { zh: '全体组成人员三分之二以上赞成', en: 'Two thirds of all members' },
	'majority-of-cast': { zh: '投票人数过半数赞成', en: 'Majority of votes cast' }
};
export const ITEM_KIND_LABELS: Record<AgendaItemKind, { zh: string; en: string }> = {
	report: { zh: '报告', en: 'Report' },
	inquiry: { zh: '询问', en: 'Inquiry' },
	vote: { zh: '表决', en: 'Vote' },
	ballot: { zh: '票决', en: 'Project ballot' },
	rating: { zh: '测评', en: 'Rating' }
};
export const RATING_TARGET_LABELS: Record<'answer' | 'department' | 'report' | 'project', { zh: string; en: string }> = {
	answer: { zh: '答复', en: 'An answer' },
	department: { zh: '部门', en: 'A department' },
	report: { zh: '报告', en: 'A report' },
	project: { zh: '项目', en: 'A project' }
};

