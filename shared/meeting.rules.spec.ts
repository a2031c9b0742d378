import { describe, expect, it } from 'vitest';
import type { AgendaItem, Member, Respondent } from './meeting.schema';
import { checkMeetingPlan, newMeeting, newPlanIssues } from './meeting.rules';

const members: Member[] = [
	{ id: 'm1', name: '王建国', group: '城东组', seat: '1' },
	{ id: 'm2', name: '李秀英', group: '城西组', seat: '2', retired: true }
];
const respondents: Respondent[] = [{ id: 'r1', name: '钱慧敏', title: '局长', department: '市教育局' }];
const inquiry = (askerId: string, respondentIds = ['r1']): AgendaItem => ({
	id: 'i1',
	kind: 'inquiry',
	title: '专题询问',
	questions: [{ id: 'q1', askerId, respondentIds, topic: '课后服务', text: '覆盖率如何？' }]
});

describe('a new meeting', () => {
	it('takes the quorum of its kind: 2/3 for a congress session, more than half for a standing committee', () => {
		const base = { bodyId: 'b', title: 't', date: '2026-08-29', venue: 'v' };
		expect(newMeeting({ ...base, kind: 'congress-session' }, 'x', 'congress').rules.quorum).toBe('two-thirds-of-all');
		expect(newMeeting({ ...base, kind: 'standing-committee' }, 'x', 'standing-committee').rules.quorum).toBe('more-than-half-of-all');
	});

	it('gives an inquiry meeting the quorum of the body holding it', () => {
		const base = { bodyId: 'b', title: 't', date: '2026-08-29', venue: 'v', kind: 'inquiry' as const };
		expect(newMeeting(base, 'x', 'congress').rules.quorum).toBe('two-thirds-of-all');
		expect(newMeeting(base, 'x', 'standing-committee').rules.quorum).toBe('more-than-half-of-all');
		expect(newMeeting({ ...base, rules: { quorum: 'two-thirds-of-all' } }, 'x', 'standing-committee').rules.quorum).toBe('two-thirds-of-all');
	});

	it('defaults to passing by more than half of all members and the local timer defaults, keeping what was given', () => {
		const m = newMeeting({ bodyId: 'b', kind: 'inquiry', title: 't', date: '2026-08-29', venue: 'v', rules: { timers: { answerSeconds: 240 } } }, 'x', 'congress');
		expect(m.rules.passing).toBe('more-than-half-of-all');
		expect(m.rules.timers).toEqual({ askSeconds: 180, answerSeconds: 240, followUpAskSeconds: 60, followUpAnswerSeconds: 180 });
		expect(m.agenda).toEqual([]);
	});
});

describe('checking a plan against the roster', () => {
	it('accepts questions asked by current members of known respondents', () => {
		expect(checkMeetingPlan({ agenda: [inquiry('m1')], respondents, materials: [] }, members)).toEqual([]);
	});

	it('refuses an asker who is not a member, or has retired, naming the question', () => {
		const unknown = checkMeetingPlan({ agenda: [inquiry('m9')], respondents, materials: [] }, members);
		expect(unknown.map((i) => i.path)).toEqual(['agenda.0.questions.0.askerId']);
		const retired = checkMeetingPlan({ agenda: [inquiry('m2')], respondents, materials: [] }, members);
		expect(retired[0]!.message.zh).toContain('李秀英');
	});

	it('refuses a respondent not on the list', () => {
		expect(checkMeetingPlan({ agenda: [inquiry('m1', ['r1', 'r2'])], respondents, materials: [] }, members).map((i) => i.path)).toEqual([
			'agenda.0.questions.0.respondentIds.1'
		]);
	});

	it('refuses a ballot without more candidates than seats, and duplicate ids', () => {
		const ballot: AgendaItem = { id: 'b1', kind: 'ballot', title: '票决', seats: 2, candidates: [{ id: 'c1', name: 'A' }, { id: 'c1', name: 'B' }] };
		const issues = checkMeetingPlan({ agenda: [ballot, { id: 'b1', kind: 'report', title: '报告' }], respondents, materials: [] }, members);
		expect(issues.map((i) => i.path).sort()).toEqual(['agenda.0.candidates', 'agenda.0.candidates.1.id', 'agenda.1.id']);
	});

	it('refuses a material of an item that is not on the agenda', () => {
		const issues = checkMeetingPlan(
			{ agenda: [], respondents, materials: [{ id: 'f1', itemId: 'gone', name: '报告.pdf', type: 'application/pdf', size: 10 }] },
			members
		);
		expect(issues.map((i) => i.path)).toEqual(['materials.0.itemId']);
	});
});

describe('issues a change brings', () => {
	it('are those the plan did not have before', () => {
		const before = checkMeetingPlan({ agenda: [inquiry('m2')], respondents, materials: [] }, members);
		const worse = checkMeetingPlan({ agenda: [inquiry('m2', ['r1', 'r9'])], respondents, materials: [] }, members);
		expect(newPlanIssues(before, before)).toEqual([]);
		expect(newPlanIssues(before, worse).map((i) => i.path)).toEqual(['agenda.0.questions.0.respondentIds.1']);
	});
});
