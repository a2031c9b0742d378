import { describe, expect, it } from 'vitest';
import { CollectionSettingsSchema, type CollectionState, DEFAULT_COLLECTION_SETTINGS, ModerateSchema } from './collection.schema';
import {
	MAX_PENDING_SUGGESTIONS,
	adoptIntoAgenda,
	checkSuggestion,
	emptyCollection,
	groupQuotas,
	mergeQuestions,
	moderateProject,
	pickIntoBallot,
	poolCandidates,
	proposeProject,
	proposeQuestion,
	questionView,
	repeatedAskers,
	saveSelection,
	selectionQuestions,
	submitSuggestion,
	unmergeQuestion,
	withdrawQuestion,
	type CollectionOutcome
} from './collection.rules';
import type { AgendaItem, Member, Respondent } from './meeting.schema';

const members: Member[] = [
	{ id: 'a1', name: '甲一', group: '城东组', seat: '1' },
	{ id: 'a2', name: '甲二', group: '城东组', seat: '2' },
	{ id: 'b1', name: '乙一', group: '城西组', seat: '3' },
	{ id: 'b2', name: '乙二', group: '城西组', seat: '4' },
	{ id: 'x1', name: '离任', group: '城西组', seat: '5', retired: true }
];
const respondents: Respondent[] = [
	{ id: 'r1', name: '周', title: '副市长', department: '市政府' },
	{ id: 'r2', name: '钱', title: '局长', department: '教育局' }
];
const member = (id: string) => members.find((m) => m.id === id)!;

function stateOf(outcome: CollectionOutcome): CollectionState {
	if (!outcome.ok) throw new Error(`refused: ${outcome.error.message.en}`);
	return outcome.state;
}

let seq = 0;
function propose(state: CollectionState, memberId: string, topic = '课题', extra: Partial<{ coSignerIds: string[]; respondentIds: string[] }> = {}): CollectionOutcome {
	return proposeQuestion(
		state,
		{ member: member(memberId), members, respondents, now: 1000 + seq, id: `qp${++seq}` },
		{ topic, respondentIds: extra.respondentIds ?? ['r1'], text: `${topic}的问题`, coSignerIds: extra.coSignerIds ?? [] }
	);
}

describe('settings', () => {
	it('defaults to two questions per group and takes partial settings', () => {
		expect(DEFAULT_COLLECTION_SETTINGS.questionsPerGroup).toBe(2);
		expect(CollectionSettingsSchema.parse({ questionsPerGroup: 3 }).suggestionsPerHour).toBe(3);
		expect(CollectionSettingsSchema.safeParse({ questionsPerGroup: -1 }).success).toBe(false);
	});

	it('refuses a shortest suggestion text above the longest, which would refuse every suggestion', () => {
		const crossed = CollectionSettingsSchema.safeParse({ suggestionTextMin: 200, suggestionTextMax: 50 });
		expect(crossed.success).toBe(false);
		expect(crossed.error?.issues.map((i) => i.path.join('.'))).toEqual(['suggestionTextMin']);
		expect(CollectionSettingsSchema.safeParse({ suggestionTextMin: 50, suggestionTextMax: 50 }).success).toBe(true);
	});
});

describe('question proposals', () => {
	it('accepts exactly the group quota, counting every deputy of the group together', () => {
		let s = emptyCollection();
		s = stateOf(propose(s, 'a1', 'A'));
		s = stateOf(propose(s, 'a2', 'B'));
		const third = propose(s, 'a1', 'C');
		expect(third.ok).toBe(false);
		if (!third.ok) {
			expect(third.error.code).toBe('CONFLICT');
			expect(third.error.message.zh).toContain('城东组已提出 2 个问题');
		}
		// Another group's quota is its own.
		s = stateOf(propose(s, 'b1', 'D'));
		expect(groupQuotas(s, members)).toEqual([
			{ group: '城东组', used: 2, limit: 2 },
			{ group: '城西组', used: 1, limit: 2 }
		]);
	});

	it('frees the quota when the proposer withdraws, and only the proposer may', () => {
		let s = stateOf(propose(emptyCollection(), 'a1'));
		s = stateOf(propose(s, 'a1'));
		const id = s.questions[0]!.id;
		expect(withdrawQuestion(s, 'a2', id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
		s = stateOf(withdrawQuestion(s, 'a1', id));
		expect(groupQuotas(s, members)[0]!.used).toBe(1);
		expect(propose(s, 'a2').ok).toBe(true);
	});

	it('refuses unknown respondents, retired or self co-signers, and a closed collection', () => {
		const s = emptyCollection();
		const bad = propose(s, 'a1', 'T', { respondentIds: ['r9'], coSignerIds: ['a1', 'x1', 'zz'] });
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(bad.error.issues?.map((i) => i.path)).toEqual(['respondentIds', 'coSignerIds', 'coSignerIds', 'coSignerIds']);
		const closed = { ...s, settings: { ...s.settings, questionsOpen: false } };
		expect(propose(closed, 'a1')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
	});
});

describe('merging duplicates', () => {
	it('keeps both proposing groups and every co-signer, and can be undone exactly', () => {
		let s = stateOf(propose(emptyCollection(), 'a1', '学校交通', { coSignerIds: ['a2'] }));
		s = stateOf(propose(s, 'b1', '校门口拥堵', { coSignerIds: ['b2'] }));
		const [a, b] = s.questions as unknown as [{ id: string }, { id: string }];
		s = stateOf(saveSelection(s, [{ proposalId: b.id, askerId: 'b1' }], members));
		const merged = stateOf(mergeQuestions(s, b.id, a.id));
		const view = questionView(merged, merged.questions[0]!);
		expect(view.groups).toEqual(['城东组', '城西组']);
		expect(view.proposerIds).toEqual(['a1', 'b1']);
		expect(view.allCoSignerIds.sort()).toEqual(['a2', 'b1', 'b2']);
		expect(view.mergedFrom).toEqual([b.id]);
		// The merged one leaves the selection, but still counts against its group's quota.
		expect(merged.selection).toEqual([]);
		expect(groupQuotas(merged, members)[1]!.used).toBe(1);
		// A merged question is not open: it cannot be a target, selected or withdrawn.
		expect(mergeQuestions(merged, a.id, b.id).ok).toBe(false);
		expect(saveSelection(merged, [{ proposalId: b.id, askerId: 'b1' }], members).ok).toBe(false);
		expect(withdrawQuestion(merged, 'b1', b.id).ok).toBe(false);
		expect(withdrawQuestion(merged, 'a1', a.id).ok).toBe(false);

		const undone = stateOf(unmergeQuestion(merged, b.id));
		expect(questionView(undone, undone.questions[0]!).groups).toEqual(['城东组']);
		expect(undone.questions[1]!.mergedInto).toBeNull();
	});

	it('carries along what was merged into the source', () => {
		let s = stateOf(propose(emptyCollection(), 'a1'));
		s = stateOf(propose(s, 'b1'));
		s = stateOf(propose(s, 'b2'));
		const [q1, q2, q3] = s.questions.map((q) => q.id) as [string, string, string];
		s = stateOf(mergeQuestions(s, q3, q2));
		s = stateOf(mergeQuestions(s, q2, q1));
		expect(questionView(s, s.questions[0]!).mergedFrom.sort()).toEqual([q2, q3].sort());
		expect(mergeQuestions(s, q1, q1).ok).toBe(false);
	});
});

describe('selection and adoption', () => {
	it('turns the ordered selection into prepared questions with one asker each', () => {
		let s = stateOf(propose(emptyCollection(), 'a1', '甲题'));
		s = stateOf(propose(s, 'b1', '乙题', { respondentIds: ['r1', 'r2'] }));
		const [a, b] = s.questions.map((q) => q.id) as [string, string];
		s = stateOf(
			saveSelection(
				s,
				[
					{ proposalId: b, askerId: 'b2' },
					{ proposalId: a, askerId: 'a1' }
				],
				members
			)
		);
		expect(selectionQuestions(s)).toEqual([
			{ id: `c-${b}`, askerId: 'b2', respondentIds: ['r1', 'r2'], topic: '乙题', text: '乙题的问题' },
			{ id: `c-${a}`, askerId: 'a1', respondentIds: ['r1'], topic: '甲题', text: '甲题的问题' }
		]);
		expect(repeatedAskers([{ proposalId: a, askerId: 'a1' }, { proposalId: b, askerId: 'a1' }])).toEqual(['a1']);
	});

	it('refuses a selection naming a proposal twice or a retired asker, with a path per problem', () => {
		const s = stateOf(propose(emptyCollection(), 'a1'));
		const id = s.questions[0]!.id;
		const out = saveSelection(s, [{ proposalId: id, askerId: 'x1' }, { proposalId: id, askerId: 'a1' }], members);
		expect(out.ok).toBe(false);
		if (!out.ok) expect(out.error.issues?.map((i) => i.path)).toEqual(['selection.0.askerId', 'selection.1.proposalId']);
	});

	it('replaces only the chosen inquiry item’s questions', () => {
		const agenda: AgendaItem[] = [
			{ id: 'i1', kind: 'inquiry', title: '询问', questions: [{ id: 'old', askerId: 'a1', respondentIds: ['r1'], topic: 't', text: 'x' }] },
			{ id: 'v1', kind: 'vote', title: '表决', motion: 'm' }
		];
		const q = [{ id: 'c-1', askerId: 'b1', respondentIds: ['r2'], topic: 'n', text: 'y' }];
		const out = adoptIntoAgenda(agenda, 'i1', q);
		expect(out.ok && out.agenda[0]).toMatchObject({ questions: q });
		expect(out.ok && out.agenda[1]).toEqual(agenda[1]);
		expect(adoptIntoAgenda(agenda, 'v1', q).ok).toBe(false);
		expect(adoptIntoAgenda(agenda, 'i1', []).ok).toBe(false);
	});
});

describe('projects and public suggestions', () => {
	const settings = DEFAULT_COLLECTION_SETTINGS;

	it('limits projects per deputy; a deputy’s project enters the pool at once', () => {
		let s = emptyCollection({ ...settings, projectsPerDeputy: 1 });
		s = stateOf(proposeProject(s, member('a1'), { title: '口袋公园', summary: '在城东建口袋公园' }, 1, 'pj1'));
		expect(s.projects[0]).toMatchObject({ status: 'in-pool', group: '城东组' });
		expect(proposeProject(s, member('a1'), { title: '再来一个', summary: '再来' }, 2, 'pj2')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
		expect(proposeProject(s, member('a2'), { title: '另一个', summary: '另一人的' }, 2, 'pj2').ok).toBe(true);
	});

	it('explains empty, short and oversized suggestions in both languages', () => {
		expect(checkSuggestion({ title: '  ', text: '' }, settings).map((i) => i.message.zh)).toEqual(['请填写建议的标题。', '请填写建议的内容。']);
		expect(checkSuggestion({ title: '路灯', text: '太暗' }, settings)[0]!.message.zh).toContain('至少 10 个字');
		const long = checkSuggestion({ title: '标'.repeat(41), text: '字'.repeat(501) }, settings);
		expect(long.map((i) => i.message.zh)).toEqual([expect.stringContaining('最多 40 个字，现有 41 个字'), expect.stringContaining('最多 500 个字，现有 501 个字')]);
		expect(long.every((i) => i.message.en.length > 0)).toBe(true);
		// Characters, not UTF-16 units: 500 emoji are 500 characters.
		expect(checkSuggestion({ title: '表情', text: '😀'.repeat(500) }, settings)).toEqual([]);
	});

	it('keeps a suggestion pending until a clerk decides; a rejection keeps its reason', () => {
		let s = stateOf(submitSuggestion(emptyCollection(), { title: ' 增设路灯 ', text: '东门路段夜间太暗，建议增设路灯。' }, 5, 'pj1'));
		expect(s.projects[0]).toMatchObject({ source: 'public', status: 'pending', title: '增设路灯' });
		const approved = moderateProject(s, 'pj1', { decision: 'approve' }, '工作人员', 6);
		expect(approved).toMatchObject({ ok: true, action: 'collection.project-approved' });
		s = stateOf(approved);
		expect(moderateProject(s, 'pj1', { decision: 'approve' }, '另一位', 7)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
		s = stateOf(moderateProject(s, 'pj1', { decision: 'reject', reason: '与已有项目重复' }, '工作人员', 8));
		expect(s.projects[0]).toMatchObject({ status: 'rejected', reason: '与已有项目重复' });
		expect(ModerateSchema.safeParse({ projectId: 'pj1', decision: 'reject' }).success).toBe(false);
	});

	it('refuses suggestions when closed or when too many wait for review', () => {
		const closed = emptyCollection({ ...settings, suggestionsOpen: false });
		expect(submitSuggestion(closed, { title: '标题', text: '足够长的一条建议内容' }, 1, 'p')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
		let full = emptyCollection();
		full = {
			...full,
			projects: Array.from({ length: MAX_PENDING_SUGGESTIONS }, (_, i) => ({ id: `p${i}`, source: 'public' as const, title: 't', summary: 's', status: 'pending' as const, createdAt: 0 }))
		};
		expect(submitSuggestion(full, { title: '标题', text: '足够长的一条建议内容' }, 1, 'p')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
	});

	it('picks only pool projects into a ballot, with more candidates than seats', () => {
		let s = emptyCollection();
		s = stateOf(proposeProject(s, member('a1'), { title: '一', summary: '一' }, 1, 'p1'));
		s = stateOf(proposeProject(s, member('a2'), { title: '二', summary: '二' }, 1, 'p2'));
		s = stateOf(submitSuggestion(s, { title: '三', text: '第三个项目的建议内容' }, 1, 'p3'));
		expect(poolCandidates(s, ['p1', 'p3']).ok).toBe(false);
		const picked = poolCandidates(s, ['p2', 'p1']);
		expect(picked.ok && picked.candidates.map((c) => c.id)).toEqual(['p-p2', 'p-p1']);
		const agenda: AgendaItem[] = [{ id: 'b', kind: 'ballot', title: '票决', seats: 2, candidates: [{ id: 'c1', name: 'x' }, { id: 'c2', name: 'y' }, { id: 'c3', name: 'z' }] }];
		expect(picked.ok && pickIntoBallot(agenda, 'b', picked.candidates)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
		const one = { ...agenda[0]!, seats: 1 } as AgendaItem;
		const out = picked.ok ? pickIntoBallot([one], 'b', picked.candidates) : null;
		expect(out?.ok && out.agenda[0]).toMatchObject({ candidates: [{ id: 'p-p2', name: '二' }, { id: 'p-p1', name: '一' }] });
	});
});
