import { describe, expect, it } from 'vitest';
import type { Meeting, Member } from './meeting.schema';
import { viewFor } from './meeting.view';
import { ROLES, type Role } from './roles';

const members: Member[] = [
	{ id: 'm1', name: '王建国', group: '城东组', seat: '1排1座', deputyNumber: 'SECRET-NO-1' },
	{ id: 'm2', name: '李秀英', group: '城西组', seat: '1排2座' },
	{ id: 'm3', name: '退出者', group: '城西组', seat: '1排3座', retired: true }
];
const meeting: Meeting = {
	id: 'mt',
	bodyId: 'b',
	kind: 'inquiry',
	title: '专题询问',
	date: '2026-11-30',
	venue: '会议室',
	rules: { quorum: 'two-thirds-of-all', passing: 'more-than-half-of-all', timers: { askSeconds: 180, answerSeconds: 300, followUpAskSeconds: 60, followUpAnswerSeconds: 180 } },
	respondents: [{ id: 'r1', name: '钱慧敏', title: '局长', department: '市教育局' }],
	agenda: [
		{ id: 'a1', kind: 'inquiry', title: '询问', questions: [{ id: 'q1', askerId: 'm1', respondentIds: ['r1'], topic: '课后服务', text: 'QUESTION-TEXT' }] },
		{ id: 'a2', kind: 'vote', title: '表决', motion: 'MOTION-TEXT' }
	],
	materials: [{ id: 'f1', itemId: 'a1', name: 'MATERIAL-NAME.pdf', type: 'application/pdf', size: 10 }]
};
const source = { meeting, version: 7, body: { id: 'b', name: '示范县人大', kind: 'congress' as const }, members };

function seen(role: Role, principal: Parameters<typeof viewFor>[2] = null): string {
	return JSON.stringify(viewFor(source, role, principal));
}

describe('what each role sees of a meeting', () => {
	it('shows everyone the title, agenda titles, motions and the count of current members', () => {
		for (const role of ROLES) {
			const view = viewFor(source, role, null);
			expect(view.agenda.map((a) => a.title)).toEqual(['询问', '表决']);
			expect(view.agenda[1]!.motion).toBe('MOTION-TEXT');
			expect(view.body.memberCount).toBe(2);
			expect(view.version).toBe(7);
			expect(view.role).toBe(role);
		}
	});

	it('gives the public no questions, respondents, materials, rules or roster', () => {
		const json = seen('public');
		for (const hidden of ['QUESTION-TEXT', '钱慧敏', 'MATERIAL-NAME', 'SECRET-NO-1', '李秀英', 'answerSeconds']) expect(json).not.toContain(hidden);
		expect(viewFor(source, 'public', null).agenda[0]!.questionCount).toBe(1);
	});

	it('gives a wall screen the questions and respondents but not the materials or the roster', () => {
		const json = seen('screen', { role: 'screen', subjectId: 'screen', name: '大屏', meetingId: 'mt' });
		expect(json).toContain('QUESTION-TEXT');
		expect(json).toContain('钱慧敏');
		for (const hidden of ['MATERIAL-NAME', 'SECRET-NO-1', '李秀英']) expect(json).not.toContain(hidden);
	});

	it('gives a deputy questions, materials and who they are, but not the roster or other deputies', () => {
		const view = viewFor(source, 'deputy', { role: 'deputy', subjectId: 'm2', name: '李秀英', bodyId: 'b' });
		expect(view.self).toEqual({ role: 'deputy', id: 'm2', name: '李秀英', seat: '1排2座', group: '城西组' });
		const json = JSON.stringify(view);
		expect(json).toContain('QUESTION-TEXT');
		expect(json).toContain('MATERIAL-NAME');
		// The asker's name is part of the question; their deputy number and the rest of the roster are not.
		expect(json).not.toContain('SECRET-NO-1');
		expect(json).not.toContain('退出者');
		expect(view.roster).toBeUndefined();
		expect(view.rules).toBeUndefined();
	});

	it('gives staff the rules and the whole roster, retired members included', () => {
		for (const role of ['host', 'clerk'] as const) {
			const view = viewFor(source, role, { role, subjectId: 'admin', name: '管理员' });
			expect(view.rules?.timers.answerSeconds).toBe(300);
			expect(view.roster?.members.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
		}
	});

	it('does not let a change to a view reach the meeting it came from', () => {
		const view = viewFor(source, 'host', null);
		view.agenda[0]!.questions![0]!.respondentIds.push('r9');
		view.roster!.members[0]!.name = 'changed';
		expect(meeting.agenda[0]!.kind === 'inquiry' && meeting.agenda[0]!.questions[0]!.respondentIds).toEqual(['r1']);
		expect(members[0]!.name).toBe('王建国');
	});
});
