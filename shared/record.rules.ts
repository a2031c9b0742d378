/**
 * Builds the meeting record (会议记录) from what the meeting logged, and writes it as CSV. Pure: the
 * server reads the meeting, the live state with its roll, the votes as the reader may see them and the
 * log's head, and passes them in; the page, the PDF, the CSV and the JSON all show this one value.
 */
import { isPresent, queueOf } from './live.rules';
import { quorumThreshold } from './attendance.rules';
import { PHASE_LABELS, type QuestionPhase } from './inquiry.rules';
import type { LiveState, RollEntry } from './live.schema';
import type { Body, Meeting, Member, Respondent } from './meeting.schema';
import type {
	MeetingRecord,
	RecordAudience,
	RecordCount,
	RecordItem,
	RecordLog,
	RecordMember,
	RecordQuestion,
	RecordRespondent,
	RecordVote,
	VoteAnnouncement
} from './record.schema';
import { MEETING_RECORD_FORMAT } from './record.schema';
import type { LocalizedText } from './result';
import { CHOICE_LABELS, type MotionChoice, type RatingChoice } from './vote.rules';
import type { VoteChoice, VoteOutcome, VoteView } from './vote.schema';

/** Everything a record is made from, read by the server at one moment. */
export interface RecordSource {
	meeting: Meeting;
	body: Body;
	/** The body's whole roster, retired members included (they may be named in old runs). */
	members: readonly Member[];
	/** The live document; `closedAt` is set once the host closes the meeting. */
	state: LiveState & { closedAt?: number | null };
	roll: Readonly<Record<string, RollEntry>>;
	/** Every vote of the meeting as the audience may see it (`viewOf` for staff or the public), receipts included. */
	votes: readonly VoteView[];
	/** The log's head read after everything above, so its hash covers all the record shows. */
	log: RecordLog;
	audience: RecordAudience;
	generatedAt: number;
}

const unknownMember = (id: string): RecordMember => ({ id, name: id, group: '' });
const unknownRespondent = (id: string): RecordRespondent => ({ id, name: id, title: '', department: '' });

/** The record of a meeting, for `source.audience`. */
export function buildMeetingRecord(source: RecordSource): MeetingRecord {
	const { meeting, body, members, state, roll, audience } = source;
	const staff = audience === 'staff';
	const memberById = new Map(members.map((m) => [m.id, m]));
	const respondentById = new Map<string, Respondent>(meeting.respondents.map((r) => [r.id, r]));
	const member = (id: string): RecordMember => {
		const m = memberById.get(id);
		return m ? { id, name: m.name, group: m.group } : unknownMember(id);
	};
	const respondent = (id: string): RecordRespondent => {
		const r = respondentById.get(id);
		return r ? { id, name: r.name, title: r.title, department: r.department } : unknownRespondent(id);
	};

	const votes = [...source.votes].sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((v, i) => recordVote(v, i + 1, staff, member));

	const agenda = meeting.agenda.map((item, i): RecordItem => {
		const base: RecordItem = {
			number: i + 1,
			id: item.id,
			kind: item.kind,
			title: item.title,
			status: state.items[item.id] ?? 'pending',
			voteIds: votes.filter((v) => v.itemId === item.id && v.entryId === null).map((v) => v.id)
		};
		switch (item.kind) {
			case 'report':
				return item.presenter ? { ...base, presenter: item.presenter } : base;
			case 'vote':
				return { ...base, motion: item.motion };
			case 'ballot':
				return { ...base, seats: item.seats, candidates: item.candidates.map((c) => ({ id: c.id, name: c.name })) };
			case 'rating':
				return { ...base, rating: { target: item.target, subject: item.subject } };
			case 'inquiry': {
				const questions = queueOf(state, meeting, item.id).map((entry, n): RecordQuestion => {
					const run = state.runs[entry.id];
					const phases = (run?.record ?? []).map((p) => ({
						phase: p.phase,
						speakers: p.speakerIds.map((id) => (p.phase === 'asking' || p.phase === 'follow-up-asking' ? member(id).name : respondent(id).name)),
						startedAt: p.startedAt,
						endedAt: p.endedAt,
						limitMs: p.limitMs,
						extendedMs: p.extendedMs,
						usedMs: p.usedMs,
						overtimeMs: p.overtimeMs
					}));
					const question: RecordQuestion = {
						number: n + 1,
						entryId: entry.id,
						source: entry.source,
						topic: entry.topic,
						asker: member(entry.askerId),
						respondents: entry.respondentIds.map(respondent),
						status: run?.phase ?? 'queued',
						phases,
						followUps: (run?.record ?? []).filter((p) => p.phase === 'follow-up-asking').map((p) => ({ asker: member(p.speakerIds[0] ?? '') })),
						usedMs: phases.reduce((sum, p) => sum + p.usedMs, 0),
						overtimeMs: phases.reduce((sum, p) => sum + p.overtimeMs, 0),
						ratingVoteIds: votes.filter((v) => v.itemId === item.id && v.entryId === entry.id).map((v) => v.id)
					};
					return staff ? { ...question, text: entry.text } : question;
				});
				const withQuestions: RecordItem = { ...base, questions };
				if (!staff) return withQuestions;
				const requests = state.requests
					.filter((r) => r.itemId === item.id)
					.map((r) => ({ id: r.id, member: member(r.memberId), topic: r.topic, status: r.status, raisedAt: r.raisedAt, decidedAt: r.decidedAt, reason: r.reason }));
				return { ...withQuestions, requests };
			}
		}
	});

	const current = members.filter((m) => !m.retired);
	const signedIn = current.filter((m) => roll[m.id] !== undefined);
	const present = current.filter((m) => isPresent(roll[m.id])).length;
	const quorumNeeds = quorumThreshold(meeting.rules.quorum, current.length);
	const attendance: MeetingRecord['attendance'] = {
		expected: current.length,
		signedIn: signedIn.length,
		departed: signedIn.length - present,
		present,
		absent: current.length - signedIn.length,
		quorumRule: meeting.rules.quorum,
		quorumNeeds,
		quorumMet: current.length > 0 && signedIn.length >= quorumNeeds,
		signInOpenedAt: state.signIn.openedAt,
		signInClosedAt: state.signIn.closedAt
	};
	if (staff) {
		attendance.roll = current.map((m) => {
			const line = roll[m.id];
			return { id: m.id, name: m.name, group: m.group, seat: m.seat, signedInAt: line?.signedInAt ?? null, by: line?.by ?? null, departedAt: line?.departedAt ?? null };
		});
	}

	const questions = agenda.flatMap((item) => item.questions ?? []);
	return {
		format: MEETING_RECORD_FORMAT,
		formatVersion: 1,
		audience,
		generatedAt: source.generatedAt,
		meeting: { id: meeting.id, title: meeting.title, kind: meeting.kind, date: meeting.date, venue: meeting.venue, body: { ...body }, rules: structuredClone(meeting.rules) },
		closedAt: state.closedAt ?? null,
		attendance,
		agenda,
		votes,
		totals: {
			questions: questions.length,
			questionsDone: questions.filter((q) => q.status === 'done').length,
			followUps: questions.reduce((sum, q) => sum + q.followUps.length, 0),
			overtimeMs: questions.reduce((sum, q) => sum + q.overtimeMs, 0),
			votes: votes.length
		},
		log: { ...source.log }
	};
}

function countOf(outcome: VoteOutcome): RecordCount {
	return { result: structuredClone(outcome.result), present: outcome.present, voted: outcome.voted };
}

function recordVote(view: VoteView, number: number, staff: boolean, member: (id: string) => RecordMember): RecordVote {
	// A count by hand stands for the vote; the electronic count it replaced stays in the record beside it.
	const standing = view.manual ?? view.outcome ?? null;
	const electronic = view.outcome ?? null;
	return {
		number,
		id: view.id,
		itemId: view.itemId,
		entryId: view.entryId,
		kind: view.kind,
		title: view.title,
		subject: view.subject,
		settings: { ...view.settings },
		passing: view.passing,
		members: view.members,
		seats: view.seats,
		candidates: view.candidates.map((c) => ({ ...c })),
		openedAt: view.openedAt,
		deadline: view.deadline,
		closedAt: view.closedAt,
		closedBy: view.closedBy,
		announcedAt: view.announcedAt,
		rerunOf: view.rerunOf,
		status: view.status,
		annulled: view.annulled ? { ...view.annulled } : null,
		revealed: staff ? standing !== null : view.revealed,
		counted: view.manual ? 'manual' : view.outcome ? 'electronic' : null,
		count: standing ? countOf(standing) : null,
		manual: view.manual?.manual ? { ...view.manual.manual } : null,
		electronic: view.manual && electronic ? countOf(electronic) : null,
		receipts: (electronic?.receipts ?? []).map((r) => ({ receipt: r.receipt, choice: structuredClone(r.choice) })),
		named: view.settings.anonymous || !electronic?.named ? null : electronic.named.map((n) => ({ ...member(n.memberId), choice: structuredClone(n.choice) }))
	};
}

/**
 * The one-page result announcement of a vote in `record`, or null if the record has no such vote.
 * Whether the reader may see it is for the caller to decide (the vote's `revealed`).
 */
export function announcementOf(record: MeetingRecord, voteId: string): VoteAnnouncement | null {
	const found = record.votes.find((v) => v.id === voteId);
	if (!found) return null;
	const { receipts: _receipts, named: _named, ...vote } = found;
	const item = record.agenda.find((i) => i.id === vote.itemId);
	const question = vote.entryId ? item?.questions?.find((q) => q.entryId === vote.entryId) : undefined;
	return {
		meeting: record.meeting,
		vote,
		item: item ? { number: item.number, title: item.title } : null,
		question: question ? { topic: question.topic, respondents: question.respondents } : null,
		generatedAt: record.generatedAt
	};
}

// ─── Text shared by the page and the CSV ────────────────────────────────────────────────────────────

/** Meetings are held in China: every time in a record is written in China Standard Time. */
const DATE_TIME = new Intl.DateTimeFormat('sv-SE', {
	timeZone: 'Asia/Shanghai',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});
const TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** `2026-08-29 09:30:05` (China Standard Time): a form Excel reads as a date and time. */
export function recordDateTime(ms: number | null): string {
	return ms === null ? '' : DATE_TIME.format(new Date(ms));
}

/** `09:30:05` (China Standard Time). */
export function recordTime(ms: number | null): string {
	return ms === null ? '' : TIME.format(new Date(ms));
}

/** Whole seconds, rounded to the nearest: what the CSV gives for durations. */
export function wholeSeconds(ms: number): number {
	return Math.round(ms / 1000);
}

/** `3分05秒`, `45秒`: durations as the record's page prints them. */
export function durationText(ms: number): string {
	const s = wholeSeconds(ms);
	return s >= 60 ? `${Math.floor(s / 60)}分${String(s % 60).padStart(2, '0')}秒` : `${s}秒`;
}

export const RECORD_LABELS = {
	itemKind: {
		report: { zh: '报告', en: 'Report' },
		inquiry: { zh: '询问', en: 'Inquiry' },
		vote: { zh: '表决', en: 'Vote' },
		ballot: { zh: '票决', en: 'Project ballot' },
		rating: { zh: '测评', en: 'Rating' }
	},
	itemStatus: {
		pending: { zh: '未进行', en: 'Not held' },
		active: { zh: '进行中', en: 'In progress' },
		done: { zh: '已完成', en: 'Done' },
		skipped: { zh: '已跳过', en: 'Skipped' }
	},
	voteKind: {
		motion: { zh: '表决', en: 'Motion' },
		ballot: { zh: '票决', en: 'Project ballot' },
		rating: { zh: '满意度测评', en: 'Satisfaction rating' }
	},
	voteStatus: {
		open: { zh: '进行中', en: 'Open' },
		closed: { zh: '已结束', en: 'Closed' },
		annulled: { zh: '已作废', en: 'Annulled' }
	},
	quorum: {
		'two-thirds-of-all': { zh: '全体组成人员三分之二以上出席', en: 'At least 2/3 of all members present' },
		'more-than-half-of-all': { zh: '全体组成人员过半数出席', en: 'More than half of all members present' }
	},
	passing: {
		'more-than-half-of-all': { zh: '全体组成人员过半数赞成', en: 'More than half of all members' },
		'two-thirds-of-all': { zh: '全体组成人员三分之二以上赞成', en: 'Two thirds of all members' },
		'majority-of-cast': { zh: '投票人数过半数赞成', en: 'Majority of votes cast' }
	},
	ratingBasis: {
		'all-members': { zh: '全体组成人员', en: 'All members' },
		present: { zh: '实到人数', en: 'Members present' },
		cast: { zh: '投票人数', en: 'Ballots cast' }
	},
	anonymous: { true: { zh: '无记名', en: 'Anonymous' }, false: { zh: '记名', en: 'Named' } },
	press: { first: { zh: '首次按键有效', en: 'First press counts' }, last: { zh: '以最后一次按键为准', en: 'Last press counts' } },
	reveal: { 'at-close': { zh: '结束即公布', en: 'At the close' }, 'on-announce': { zh: '主持人宣布后公布', en: 'On announcement' } },
	closedBy: { host: { zh: '主持人结束', en: 'Closed by the host' }, deadline: { zh: '到时自动结束', en: 'Closed at the deadline' } },
	rollBy: { self: { zh: '本人签到', en: 'Self' }, clerk: { zh: '工作人员补签', en: 'By a clerk' } },
	requestStatus: {
		pending: { zh: '待定', en: 'Pending' },
		accepted: { zh: '已接受', en: 'Accepted' },
		rejected: { zh: '未接受', en: 'Rejected' },
		withdrawn: { zh: '已撤回', en: 'Withdrawn' }
	},
	source: { prepared: { zh: '预先征集', en: 'Prepared' }, request: { zh: '现场举手', en: 'Raised on the floor' } }
} as const satisfies Record<string, Record<string, LocalizedText>>;

/** A question's state as the record says it: `已完成`, `已跳过`, `未询问`. */
export function questionStatusText(status: QuestionPhase): LocalizedText {
	return status === 'queued' ? { zh: '未询问', en: 'Not asked' } : PHASE_LABELS[status];
}

/** What a ballot's choice says, in Chinese: `赞成`, or per candidate `城区加装电梯：赞成；…`. */
export function choiceText(choice: VoteChoice, candidates: readonly { id: string; name: string }[] = []): string {
	if (typeof choice === 'string') return CHOICE_LABELS[choice as MotionChoice | RatingChoice]?.zh ?? choice;
	return candidates.map((c) => `${c.name}：${choice.marks[c.id] ? CHOICE_LABELS[choice.marks[c.id]!].zh : '—'}`).join('；');
}

/** `通过` / `未通过`, the elected count, or the grade: a vote's result in a few characters. */
export function verdictText(vote: Pick<RecordVote, 'count' | 'status'>): LocalizedText {
	if (vote.status === 'annulled') return RECORD_LABELS.voteStatus.annulled;
	const result = vote.count?.result;
	if (!result) return vote.status === 'open' ? RECORD_LABELS.voteStatus.open : { zh: '未公布', en: 'Not published' };
	switch (result.kind) {
		case 'motion':
			return result.motion.passed ? { zh: '通过', en: 'Passed' } : { zh: '未通过', en: 'Not passed' };
		case 'ballot': {
			const b = result.ballot;
			const tie = b.tie ? { zh: `；${b.tie.candidateIds.length}项并列待重新票决`, en: `; ${b.tie.candidateIds.length} tied, to be voted again` } : { zh: '', en: '' };
			return { zh: `当选${b.elected.length}项${tie.zh}`, en: `${b.elected.length} elected${tie.en}` };
		}
		case 'rating':
			return CHOICE_LABELS[result.rating.grade];
	}
}

// ─── CSV ───────────────────────────────────────────────────────────────────────────────────────────

type Cell = string | number | boolean | null | undefined;

/**
 * One field as RFC 4180 writes it. A text that Excel would run as a formula (starting with = + - @, a
 * tab or a carriage return) is prefixed with an apostrophe, as OWASP advises: the record carries
 * deputies' own words, and opening it must not run anything.
 */
export function csvField(value: Cell): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (typeof value === 'boolean') return value ? '是' : '否';
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const row = (cells: readonly Cell[]) => cells.map(csvField).join(',');

/**
 * The record as one CSV file a clerk opens in Excel: UTF-8 with a byte-order mark (without it Excel
 * reads Chinese as gibberish), CRLF line ends, and one section per table — a title line 【…】, a header
 * line, the rows, a blank line — so each table can be selected and sorted on its own.
 */
export function recordToCsv(record: MeetingRecord): string {
	const sections: Cell[][][] = [];
	const section = (title: string, header: Cell[], rows: Cell[][]) => sections.push([[title], header, ...rows]);
	const { meeting, attendance } = record;
	const itemNumber = new Map(record.agenda.map((i) => [i.id, i.number]));
	const seconds = (ms: number) => wholeSeconds(ms);

	section('【会议】Meeting', ['项目', '内容'], [
		['会议名称', meeting.title],
		['会议编号', meeting.id],
		['组织', meeting.body.name],
		['日期', meeting.date],
		['地点', meeting.venue],
		['法定人数规则', RECORD_LABELS.quorum[meeting.rules.quorum].zh],
		['表决通过规则', RECORD_LABELS.passing[meeting.rules.passing].zh],
		['闭会时间', record.closedAt === null ? '会议尚未结束（本记录为临时稿）' : recordDateTime(record.closedAt)],
		['记录生成时间', recordDateTime(record.generatedAt)],
		['记录范围', record.audience === 'staff' ? '工作人员完整版' : '公开版']
	]);

	section('【出席】Attendance', ['应到', '实到', '中途离会', '会末在场', '缺席', '法定人数', '达到法定人数', '签到开始', '签到结束'], [
		[
			attendance.expected,
			attendance.signedIn,
			attendance.departed,
			attendance.present,
			attendance.absent,
			attendance.quorumNeeds,
			attendance.quorumMet,
			recordDateTime(attendance.signInOpenedAt),
			recordDateTime(attendance.signInClosedAt)
		]
	]);

	if (attendance.roll) {
		section(
			'【出席名单】Roll',
			['序号', '姓名', '代表小组', '座位', '签到时间', '签到方式', '离会时间'],
			attendance.roll.map((m, i) => [i + 1, m.name, m.group, m.seat, m.signedInAt === null ? '缺席' : recordDateTime(m.signedInAt), m.by ? RECORD_LABELS.rollBy[m.by].zh : '', recordDateTime(m.departedAt)])
		);
	}

	section(
		'【议程】Agenda',
		['序号', '类型', '议题', '状态', '表决'],
		record.agenda.map((i) => [i.number, RECORD_LABELS.itemKind[i.kind].zh, i.title, RECORD_LABELS.itemStatus[i.status].zh, i.voteIds.map((id) => `第${record.votes.find((v) => v.id === id)?.number}号`).join('、')])
	);

	const questions = record.agenda.flatMap((i) => (i.questions ?? []).map((q) => ({ item: i, q })));
	if (questions.length > 0) {
		const withText = record.audience === 'staff';
		section(
			'【询问】Questions',
			['议程序号', '问题序号', '题目', ...(withText ? ['问题内容'] : []), '来源', '提问代表', '代表小组', '应询人', '状态', '追问次数', '追问代表', '用时（秒）', '超时（秒）', '满意度测评'],
			questions.map(({ item, q }) => [
				item.number,
				q.number,
				q.topic,
				...(withText ? [q.text ?? ''] : []),
				RECORD_LABELS.source[q.source].zh,
				q.asker.name,
				q.asker.group,
				q.respondents.map((r) => `${r.name}（${r.department}${r.title}）`).join('、'),
				questionStatusText(q.status).zh,
				q.followUps.length,
				q.followUps.map((f) => f.asker.name).join('、'),
				seconds(q.usedMs),
				seconds(q.overtimeMs),
				q.ratingVoteIds
					.map((id) => record.votes.find((v) => v.id === id))
					.map((v) => (v ? `第${v.number}号：${verdictText(v).zh}` : ''))
					.join('、')
			])
		);
		section(
			'【发言计时】Phase times',
			['议程序号', '问题序号', '题目', '环节', '发言人', '开始', '结束', '限时（秒）', '延时（秒）', '用时（秒）', '超时（秒）'],
			questions.flatMap(({ item, q }) =>
				q.phases.map((p) => [item.number, q.number, q.topic, PHASE_LABELS[p.phase].zh, p.speakers.join('、'), recordDateTime(p.startedAt), recordDateTime(p.endedAt), seconds(p.limitMs), seconds(p.extendedMs), seconds(p.usedMs), seconds(p.overtimeMs)])
			)
		);
	}

	const requests = record.agenda.flatMap((i) => (i.requests ?? []).map((r) => ({ item: i, r })));
	if (requests.length > 0) {
		section(
			'【举手提问】Requests to ask',
			['议程序号', '代表', '代表小组', '题目', '提出时间', '处理', '处理时间', '说明'],
			requests.map(({ item, r }) => [item.number, r.member.name, r.member.group, r.topic, recordDateTime(r.raisedAt), RECORD_LABELS.requestStatus[r.status].zh, recordDateTime(r.decidedAt), r.reason ?? ''])
		);
	}

	if (record.votes.length > 0) {
		section(
			'【表决】Votes',
			[
				'表决序号', '议程序号', '类型', '名称', '表决事项', '方式', '按键规则', '时限（秒）', '公布方式', '通过规则', '开始', '结束', '结束方式', '宣布', '状态',
				'计票方式', '应到', '实到', '投票', '赞成', '反对', '弃权', '未按', '通过所需赞成票', '满意', '基本满意', '不满意', '测评基数', '结果', '人工计票理由', '作废理由', '重新表决自'
			],
			record.votes.map((v) => {
				const r = v.count?.result;
				const m = r?.kind === 'motion' ? r.motion : null;
				const g = r?.kind === 'rating' ? r.rating : null;
				const b = r?.kind === 'ballot' ? r.ballot : null;
				return [
					v.number,
					itemNumber.get(v.itemId) ?? '',
					RECORD_LABELS.voteKind[v.kind].zh,
					v.title,
					v.subject,
					RECORD_LABELS.anonymous[String(v.settings.anonymous) as 'true' | 'false'].zh,
					RECORD_LABELS.press[v.settings.press].zh,
					v.settings.durationSeconds ?? '',
					RECORD_LABELS.reveal[v.settings.reveal].zh,
					v.kind === 'motion' ? RECORD_LABELS.passing[v.passing].zh : v.kind === 'ballot' ? '赞成票超过全体组成人员半数，按得票多少当选' : '',
					recordDateTime(v.openedAt),
					recordDateTime(v.closedAt),
					v.closedBy ? RECORD_LABELS.closedBy[v.closedBy].zh : '',
					recordDateTime(v.announcedAt),
					RECORD_LABELS.voteStatus[v.status].zh,
					v.counted === 'manual' ? '人工计票' : v.counted === 'electronic' ? '电子表决' : '',
					v.members,
					v.count?.present ?? '',
					v.count?.voted ?? '',
					m?.yes,
					m?.no,
					m?.abstain ?? g?.abstain,
					m?.notPressed,
					m?.needed ?? b?.needed,
					g?.satisfied,
					g?.basicallySatisfied,
					g?.unsatisfied,
					g ? `${RECORD_LABELS.ratingBasis[v.settings.ratingBasis].zh}${g.denominator}人` : '',
					verdictText(v).zh,
					v.manual?.reason ?? '',
					v.annulled?.reason ?? '',
					v.rerunOf ? `第${record.votes.find((x) => x.id === v.rerunOf)?.number ?? v.rerunOf}号` : ''
				];
			})
		);
	}

	const ballots = record.votes.flatMap((v) => (v.count?.result.kind === 'ballot' ? [{ v, b: v.count.result.ballot }] : []));
	if (ballots.length > 0) {
		section(
			'【票决结果】Ballot results',
			['表决序号', '名次', '项目', '赞成', '反对', '弃权', '结果'],
			ballots.flatMap(({ v, b }) =>
				b.ranked.map((c) => [v.number, c.rank, v.candidates.find((x) => x.id === c.id)?.name ?? c.id, c.yes, c.no, c.abstain, c.elected ? '当选' : c.tied ? '并列，待重新票决' : c.overHalf ? '未当选' : '赞成票未过半数'])
			)
		);
	}

	const receipts = record.votes.flatMap((v) => v.receipts.map((r) => [v.number, r.receipt, choiceText(r.choice, v.candidates)]));
	if (receipts.length > 0) section('【回执】Receipts', ['表决序号', '回执码', '选择'], receipts);

	const named = record.votes.flatMap((v) => (v.named ?? []).map((n) => [v.number, n.name, n.group, choiceText(n.choice, v.candidates)]));
	if (named.length > 0) section('【记名表决】Named votes', ['表决序号', '姓名', '代表小组', '选择'], named);

	section('【会议日志】Log', ['日志条数', '最终哈希（SHA-256）', '校验'], [[record.log.seq, record.log.hash, record.log.verified ? '通过' : '未通过']]);

	return `\uFEFF${sections.map((rows) => rows.map(row).join('\r\n')).join('\r\n\r\n')}\r\n`;
}
