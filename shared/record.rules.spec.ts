import { describe, expect, it } from 'vitest';
import { emptyLiveState, type LiveState, type RollEntry } from './live.schema';
import type { Body, Meeting, Member } from './meeting.schema';
import { announcementOf, buildMeetingRecord, choiceText, csvField, durationText, recordDateTime, recordToCsv, type RecordSource } from './record.rules';
import type { VoteOutcome, VoteView } from './vote.schema';

/** 2026-08-29 09:00:00 in China (01:00 UTC): every time below is this plus whole seconds. */
const T0 = Date.UTC(2026, 7, 29, 1, 0, 0);
const at = (seconds: number) => T0 + seconds * 1000;

const BODY: Body = { id: 'b', name: '示范县人大常委会', kind: 'standing-committee' };
const MEMBERS: Member[] = [
	{ id: 'm1', name: '张明', group: '第一组', seat: '1' },
	{ id: 'm2', name: '李华', group: '第一组', seat: '2' },
	{ id: 'm3', name: '王芳', group: '第二组', seat: '3' },
	{ id: 'm4', name: '赵退', group: '第二组', seat: '4', retired: true }
];

const MEETING: Meeting = {
	id: 'mtg',
	bodyId: 'b',
	kind: 'standing-committee',
	title: '常委会第十次会议',
	date: '2026-08-29',
	venue: '常委会会议室',
	rules: { quorum: 'more-than-half-of-all', passing: 'more-than-half-of-all', timers: { askSeconds: 60, answerSeconds: 120, followUpAskSeconds: 30, followUpAnswerSeconds: 60 } },
	respondents: [{ id: 'r1', name: '钱局长', title: '局长', department: '县教育局' }],
	agenda: [
		{ id: 'i1', kind: 'report', title: '听取报告', presenter: '县长' },
		{
			id: 'i2',
			kind: 'inquiry',
			title: '专题询问',
			questions: [
				{ id: 'q1', askerId: 'm1', respondentIds: ['r1'], topic: '课后服务', text: '课后服务覆盖率如何？' },
				{ id: 'q2', askerId: 'm2', respondentIds: ['r1'], topic: '=SUM(A1)', text: '第二问，未询问。' }
			]
		},
		{ id: 'i3', kind: 'vote', title: '表决决议', motion: '同意报告。' },
		{ id: 'i4', kind: 'ballot', title: '项目票决', seats: 1, candidates: [{ id: 'c1', name: '加装电梯' }, { id: 'c2', name: '新建幼儿园' }] }
	],
	materials: []
};

const ROLL: Record<string, RollEntry> = {
	m1: { signedInAt: at(10), by: 'self', departedAt: null },
	m2: { signedInAt: at(20), by: 'clerk', departedAt: at(900) }
};

/**
 * q1: asked by m1 for 70 s of a 60 s limit (10 s over), answered in 100 s of 120 s, then a follow-up by
 * m2 of 20 s (limit 30) and its answer of 75 s of 60 s with 10 s added (5 s over). Used 70+100+20+75 =
 * 265 s; overtime 10+5 = 15 s.
 */
const STATE: LiveState & { closedAt: number | null } = {
	...emptyLiveState(),
	signIn: { open: false, openedAt: at(0), closedAt: at(300) },
	items: { i1: 'done', i2: 'done', i3: 'done', i4: 'skipped' },
	order: { i2: ['q1', 'q2'] },
	runs: {
		q1: {
			questionId: 'q1',
			phase: 'done',
			askerId: 'm2',
			respondentIds: ['r1'],
			clock: null,
			followUps: 1,
			record: [
				{ phase: 'asking', speakerIds: ['m1'], startedAt: at(400), endedAt: at(470), limitMs: 60_000, extendedMs: 0, usedMs: 70_000, overtimeMs: 10_000 },
				{ phase: 'answering', speakerIds: ['r1'], startedAt: at(470), endedAt: at(570), limitMs: 120_000, extendedMs: 0, usedMs: 100_000, overtimeMs: 0 },
				{ phase: 'follow-up-asking', speakerIds: ['m2'], startedAt: at(570), endedAt: at(590), limitMs: 30_000, extendedMs: 0, usedMs: 20_000, overtimeMs: 0 },
				{ phase: 'follow-up-answering', speakerIds: ['r1'], startedAt: at(590), endedAt: at(665), limitMs: 60_000, extendedMs: 10_000, usedMs: 75_000, overtimeMs: 5_000 }
			]
		}
	},
	requests: [{ id: 'rq', itemId: 'i2', memberId: 'm3', topic: '临时问题', respondentIds: ['r1'], text: '', status: 'rejected', raisedAt: at(500), decidedAt: at(510), reason: '时间不够' }],
	currentEntryId: 'q1',
	closedAt: at(1000)
};

const SETTINGS = { anonymous: true, press: 'first', durationSeconds: null, reveal: 'at-close', ratingBasis: 'all-members' } as const;

function view(partial: Partial<VoteView> & Pick<VoteView, 'id' | 'itemId' | 'kind' | 'openedAt'>): VoteView {
	return {
		meetingId: 'mtg',
		entryId: null,
		title: '',
		subject: '',
		candidates: [],
		seats: null,
		settings: { ...SETTINGS },
		deadline: null,
		rerunOf: null,
		members: 3,
		passing: 'more-than-half-of-all',
		status: 'closed',
		version: 5,
		closedAt: partial.openedAt + 60_000,
		closedBy: 'host',
		announcedAt: null,
		annulled: null,
		turnout: { voted: 0, present: 2 },
		revealed: true,
		...partial
	};
}

/** Motion, anonymous: 2 yes of 3 members (needs ⌊3/2⌋+1 = 2): passed; 未按 0 of 2 present. */
const MOTION_OUTCOME: VoteOutcome = {
	result: { kind: 'motion', motion: { yes: 2, no: 0, abstain: 0, notPressed: 0, cast: 2, members: 3, present: 2, needed: 2, passed: true } },
	present: 2,
	voted: 2,
	receipts: [
		{ receipt: 'AAAA111111', choice: 'yes' },
		{ receipt: 'BBBB222222', choice: 'yes' }
	]
};

/** A rating of q1's answer, named: m1 satisfied, m2 unsatisfied → 1 of 3 satisfied is not over half; 1 of 3 either is not: 不满意. */
const RATING_OUTCOME: VoteOutcome = {
	result: { kind: 'rating', rating: { satisfied: 1, basicallySatisfied: 0, unsatisfied: 1, abstain: 0, cast: 2, denominator: 3, grade: 'unsatisfied', satisfiedShare: 1 / 3 } },
	present: 2,
	voted: 2,
	receipts: [
		{ receipt: 'CCCC333333', choice: 'unsatisfied' },
		{ receipt: 'DDDD444444', choice: 'satisfied' }
	],
	named: [
		{ memberId: 'm1', choice: 'satisfied' },
		{ memberId: 'm2', choice: 'unsatisfied' }
	]
};

/** The same motion counted by hand after the devices failed: 1 yes, 1 no, 0 abstain → 1 < 2: not passed. */
const MANUAL_OUTCOME: VoteOutcome = {
	result: { kind: 'motion', motion: { yes: 1, no: 1, abstain: 0, notPressed: 0, cast: 2, members: 3, present: 2, needed: 2, passed: false } },
	present: 2,
	voted: 2,
	receipts: [],
	manual: { reason: '表决器故障，举手表决', at: at(800) }
};

const VOTES: VoteView[] = [
	view({ id: 'v2', itemId: 'i3', kind: 'motion', openedAt: at(700), title: '表决决议', subject: '同意报告。', outcome: MOTION_OUTCOME }),
	view({
		id: 'v1',
		itemId: 'i2',
		entryId: 'q1',
		kind: 'rating',
		openedAt: at(670),
		title: '满意度测评：课后服务',
		subject: '课后服务（县教育局钱局长的答复）',
		settings: { ...SETTINGS, anonymous: false },
		outcome: RATING_OUTCOME
	}),
	view({ id: 'v3', itemId: 'i3', kind: 'motion', openedAt: at(760), title: '表决决议', subject: '同意报告。', rerunOf: 'v2', manual: MANUAL_OUTCOME }),
	view({ id: 'v4', itemId: 'i3', kind: 'motion', openedAt: at(850), title: '表决决议', subject: '同意报告。', status: 'annulled', revealed: false, annulled: { reason: '误操作', at: at(860) } })
];

const LOG = { seq: 42, hash: 'ab'.repeat(32), verified: true };

function source(audience: 'staff' | 'public', votes: VoteView[] = VOTES): RecordSource {
	return { meeting: MEETING, body: BODY, members: MEMBERS, state: STATE, roll: ROLL, votes, log: LOG, audience, generatedAt: at(1200) };
}

describe('the meeting record', () => {
	const record = buildMeetingRecord(source('staff'));

	it('counts attendance among current members: 应到 3 (one retired), 实到 2, one left, 缺席 1; quorum > 1/2 of 3 is 2', () => {
		expect(record.attendance).toMatchObject({ expected: 3, signedIn: 2, departed: 1, present: 1, absent: 1, quorumNeeds: 2, quorumMet: true, signInOpenedAt: at(0), signInClosedAt: at(300) });
		expect(record.attendance.roll).toEqual([
			{ id: 'm1', name: '张明', group: '第一组', seat: '1', signedInAt: at(10), by: 'self', departedAt: null },
			{ id: 'm2', name: '李华', group: '第一组', seat: '2', signedInAt: at(20), by: 'clerk', departedAt: at(900) },
			{ id: 'm3', name: '王芳', group: '第二组', seat: '3', signedInAt: null, by: null, departedAt: null }
		]);
	});

	it('records each question with its asker, respondents, phases, follow-ups, time used and overtime', () => {
		const inquiry = record.agenda[1]!;
		expect(inquiry.questions).toHaveLength(2);
		const [q1, q2] = inquiry.questions!;
		expect(q1).toMatchObject({ number: 1, topic: '课后服务', text: '课后服务覆盖率如何？', status: 'done', usedMs: 265_000, overtimeMs: 15_000, ratingVoteIds: ['v1'] });
		expect(q1!.asker).toEqual({ id: 'm1', name: '张明', group: '第一组' });
		expect(q1!.respondents).toEqual([{ id: 'r1', name: '钱局长', title: '局长', department: '县教育局' }]);
		expect(q1!.followUps).toEqual([{ asker: { id: 'm2', name: '李华', group: '第一组' } }]);
		expect(q1!.phases.map((p) => [p.phase, p.speakers])).toEqual([
			['asking', ['张明']],
			['answering', ['钱局长']],
			['follow-up-asking', ['李华']],
			['follow-up-answering', ['钱局长']]
		]);
		expect(q2).toMatchObject({ number: 2, status: 'queued', phases: [], usedMs: 0, overtimeMs: 0 });
		expect(record.totals).toEqual({ questions: 2, questionsDone: 1, followUps: 1, overtimeMs: 15_000, votes: 4 });
	});

	it('numbers votes in the order they were opened and files them under their item or question', () => {
		expect(record.votes.map((v) => [v.number, v.id])).toEqual([
			[1, 'v1'],
			[2, 'v2'],
			[3, 'v3'],
			[4, 'v4']
		]);
		expect(record.agenda[2]!.voteIds).toEqual(['v2', 'v3', 'v4']);
		expect(record.agenda[1]!.voteIds).toEqual([]);
	});

	it('keeps the receipts of an anonymous vote and no names; a named vote lists who chose what', () => {
		const motion = record.votes[1]!;
		expect(motion.receipts).toEqual(MOTION_OUTCOME.receipts);
		expect(motion.named).toBeNull();
		expect(JSON.stringify(motion)).not.toMatch(/m1|m2|张明|李华/);
		const rating = record.votes[0]!;
		expect(rating.named).toEqual([
			{ id: 'm1', name: '张明', group: '第一组', choice: 'satisfied' },
			{ id: 'm2', name: '李华', group: '第一组', choice: 'unsatisfied' }
		]);
	});

	it('lets a count by hand stand, with its reason, and shows an annulled vote with its reason', () => {
		const manual = record.votes[2]!;
		expect(manual).toMatchObject({ counted: 'manual', manual: { reason: '表决器故障，举手表决', at: at(800) }, electronic: null, rerunOf: 'v2' });
		expect(manual.count?.result).toEqual(MANUAL_OUTCOME.result);
		const annulled = record.votes[3]!;
		expect(annulled).toMatchObject({ status: 'annulled', annulled: { reason: '误操作' }, counted: null, count: null });
	});

	it('carries the log head and the closing time', () => {
		expect(record.log).toEqual(LOG);
		expect(record.closedAt).toBe(at(1000));
	});

	it('gives the public no roll, no question texts, no requests to ask, and no result that was not revealed', () => {
		const hidden = view({ id: 'v5', itemId: 'i4', kind: 'ballot', openedAt: at(950), revealed: false, settings: { ...SETTINGS, reveal: 'on-announce' } });
		const open = buildMeetingRecord(source('public', [...VOTES, hidden]));
		expect(open.attendance.roll).toBeUndefined();
		expect(open.attendance.signedIn).toBe(2);
		const inquiry = open.agenda[1]!;
		expect(inquiry.requests).toBeUndefined();
		expect(inquiry.questions!.every((q) => q.text === undefined)).toBe(true);
		expect(JSON.stringify(open)).not.toContain('课后服务覆盖率如何');
		expect(open.votes.find((v) => v.id === 'v5')).toMatchObject({ revealed: false, count: null, counted: null });
	});
});

describe('the result announcement', () => {
	const record = buildMeetingRecord(source('staff'));

	it('gives one vote with its item and, for a rating of an answer, the question; no receipts or names', () => {
		const a = announcementOf(record, 'v1')!;
		expect(a.item).toEqual({ number: 2, title: '专题询问' });
		expect(a.question).toEqual({ topic: '课后服务', respondents: [{ id: 'r1', name: '钱局长', title: '局长', department: '县教育局' }] });
		expect(a.vote).not.toHaveProperty('receipts');
		expect(a.vote).not.toHaveProperty('named');
		expect(a.vote.count?.result).toEqual(RATING_OUTCOME.result);
		expect(announcementOf(record, 'v2')!.question).toBeNull();
	});

	it('is null for a vote the meeting does not have', () => {
		expect(announcementOf(record, 'nope')).toBeNull();
	});
});

describe('text', () => {
	it('writes times in China Standard Time, as Excel reads them', () => {
		expect(recordDateTime(at(0))).toBe('2026-08-29 09:00:00');
		expect(recordDateTime(Date.UTC(2026, 7, 29, 16, 5, 9))).toBe('2026-08-30 00:05:09');
		expect(recordDateTime(null)).toBe('');
	});

	it('writes durations in minutes and seconds', () => {
		expect(durationText(265_000)).toBe('4分25秒');
		expect(durationText(45_400)).toBe('45秒');
		expect(durationText(59_600)).toBe('1分00秒');
	});

	it('names each candidate’s mark on a ballot', () => {
		expect(choiceText({ marks: { c1: 'yes', c2: 'abstain' } }, [{ id: 'c1', name: '加装电梯' }, { id: 'c2', name: '新建幼儿园' }])).toBe('加装电梯：赞成；新建幼儿园：弃权');
		expect(choiceText('basically-satisfied')).toBe('基本满意');
	});
});

describe('CSV', () => {
	it('quotes fields as RFC 4180 says and defuses formulas', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('two\nlines')).toBe('"two\nlines"');
		expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
		expect(csvField('-1+1')).toBe("'-1+1");
		expect(csvField(12)).toBe('12');
		expect(csvField(null)).toBe('');
		expect(csvField(true)).toBe('是');
	});

	const csv = recordToCsv(buildMeetingRecord(source('staff')));
	const lines = csv.slice(1).split('\r\n');
	const sectionOf = (title: string) => {
		const start = lines.findIndex((l) => l.startsWith(title));
		const end = lines.indexOf('', start);
		return lines.slice(start + 1, end);
	};

	it('starts with a byte-order mark and ends lines with CRLF, with no bare LF outside quotes', () => {
		expect(csv.startsWith('\uFEFF【会议】Meeting\r\n')).toBe(true);
		expect(csv.endsWith('\r\n')).toBe(true);
		expect(csv.replaceAll('\r\n', '')).not.toContain('\n');
	});

	it('has a table per section, each a header and its rows', () => {
		expect(sectionOf('【出席】')).toEqual(['应到,实到,中途离会,会末在场,缺席,法定人数,达到法定人数,签到开始,签到结束', '3,2,1,1,1,2,是,2026-08-29 09:00:00,2026-08-29 09:05:00']);
		expect(sectionOf('【出席名单】')).toEqual([
			'序号,姓名,代表小组,座位,签到时间,签到方式,离会时间',
			'1,张明,第一组,1,2026-08-29 09:00:10,本人签到,',
			'2,李华,第一组,2,2026-08-29 09:00:20,工作人员补签,2026-08-29 09:15:00',
			'3,王芳,第二组,3,缺席,,'
		]);
		expect(sectionOf('【询问】')).toEqual([
			'议程序号,问题序号,题目,问题内容,来源,提问代表,代表小组,应询人,状态,追问次数,追问代表,用时（秒）,超时（秒）,满意度测评',
			'2,1,课后服务,课后服务覆盖率如何？,预先征集,张明,第一组,钱局长（县教育局局长）,已完成,1,李华,265,15,第1号：不满意',
			"2,2,'=SUM(A1),第二问，未询问。,预先征集,李华,第一组,钱局长（县教育局局长）,未询问,0,,0,0,"
		]);
		expect(sectionOf('【发言计时】')).toEqual([
			'议程序号,问题序号,题目,环节,发言人,开始,结束,限时（秒）,延时（秒）,用时（秒）,超时（秒）',
			'2,1,课后服务,提问,张明,2026-08-29 09:06:40,2026-08-29 09:07:50,60,0,70,10',
			'2,1,课后服务,答复,钱局长,2026-08-29 09:07:50,2026-08-29 09:09:30,120,0,100,0',
			'2,1,课后服务,追问,李华,2026-08-29 09:09:30,2026-08-29 09:09:50,30,0,20,0',
			'2,1,课后服务,追问答复,钱局长,2026-08-29 09:09:50,2026-08-29 09:11:05,60,10,75,5'
		]);
		expect(sectionOf('【举手提问】')).toEqual(['议程序号,代表,代表小组,题目,提出时间,处理,处理时间,说明', '2,王芳,第二组,临时问题,2026-08-29 09:08:20,未接受,2026-08-29 09:08:30,时间不够']);
	});

	it('writes each vote with its settings and result, and its receipts and named choices', () => {
		const votes = sectionOf('【表决】');
		expect(votes).toHaveLength(5);
		expect(votes[0]!.split(',').slice(0, 4)).toEqual(['表决序号', '议程序号', '类型', '名称']);
		// v2: the anonymous motion, 2 yes of 3 members, 2 present, passed.
		expect(votes[2]).toBe(
			'2,3,表决,表决决议,同意报告。,无记名,首次按键有效,,结束即公布,全体组成人员过半数赞成,2026-08-29 09:11:40,2026-08-29 09:12:40,主持人结束,,已结束,电子表决,3,2,2,2,0,0,0,2,,,,,通过,,,'
		);
		// v3: counted by hand, 1 yes 1 no: not passed, with the reason; a re-run of vote 2.
		expect(votes[3]).toBe(
			'3,3,表决,表决决议,同意报告。,无记名,首次按键有效,,结束即公布,全体组成人员过半数赞成,2026-08-29 09:12:40,2026-08-29 09:13:40,主持人结束,,已结束,人工计票,3,2,2,1,1,0,0,2,,,,,未通过,表决器故障，举手表决,,第2号'
		);
		expect(votes[4]).toContain(',已作废,');
		expect(votes[4]).toContain(',误操作,');
		// v1: the named rating of q1's answer, 不满意 measured against all 3 members.
		expect(votes[1]).toContain(',满意度测评,满意度测评：课后服务,');
		expect(votes[1]).toContain(',记名,');
		expect(votes[1]).toContain(',3,2,2,,,0,,,1,0,1,全体组成人员3人,不满意,,,');
		expect(sectionOf('【回执】')).toEqual(['表决序号,回执码,选择', '1,CCCC333333,不满意', '1,DDDD444444,满意', '2,AAAA111111,赞成', '2,BBBB222222,赞成']);
		expect(sectionOf('【记名表决】')).toEqual(['表决序号,姓名,代表小组,选择', '1,张明,第一组,满意', '1,李华,第一组,不满意']);
		expect(sectionOf('【会议日志】')).toEqual(['日志条数,最终哈希（SHA-256）,校验', `42,${'ab'.repeat(32)},通过`]);
	});

	it('leaves the roll, question texts and requests out of the public CSV', () => {
		const open = recordToCsv(buildMeetingRecord(source('public')));
		expect(open).not.toContain('【出席名单】');
		expect(open).not.toContain('【举手提问】');
		expect(open).not.toContain('课后服务覆盖率如何');
		expect(open).toContain('公开版');
	});
});
