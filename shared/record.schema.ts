/**
 * The meeting record (会议记录, DESIGN.md §3 and issue 7): what a meeting did, generated from what was
 * logged — attendance and quorum, each agenda item, each question with its asker, respondents, phase
 * times and overtime, its follow-ups (追问), each vote with its settings and full result, ratings and
 * grades, counts by hand with their reasons, and the final hash of the meeting's log. The server
 * builds it (`record.rules.ts`); the printable page, its PDF, the CSV and the JSON are all this one
 * value, so they cannot disagree.
 *
 * It is output only: nothing parses a record coming in, so these are plain types, not schemas.
 */
import type { ItemStatus, RollEntry } from './live.schema';
import type { QuestionPhase, TimedPhase } from './inquiry.rules';
import type { AgendaItem, AgendaItemKind, Body, Meeting, MeetingKind } from './meeting.schema';
import type { PassingRule } from './vote.rules';
import type { Receipt, VoteChoice, VoteKind, VoteResult, VoteSettings } from './vote.schema';

export const MEETING_RECORD_FORMAT = 'wenzhengtai.meeting-record';

/**
 * Whom a record was made for. Staff get everything; the public (and deputies, respondents, screens,
 * who read it as the public does) get what the permission table lets them see of a meeting: no roll
 * of names, no question texts, no requests to ask, and a vote's result only once it was revealed.
 */
export type RecordAudience = 'staff' | 'public';

export interface RecordMember {
	id: string;
	name: string;
	group: string;
}

export interface RecordRespondent {
	id: string;
	name: string;
	title: string;
	department: string;
}

/** One current member's line in the roll (staff only). */
export interface RecordRollLine extends RecordMember {
	seat: string;
	signedInAt: number | null;
	/** `self`: from their tablet; `clerk`: signed in late by staff. */
	by: RollEntry['by'] | null;
	departedAt: number | null;
}

/**
 * 应到 / 实到 / 缺席 as the meeting ends. 实到 counts everyone who signed in, those who left during
 * the meeting included (their departure is recorded beside it); the quorum is judged on 实到.
 */
export interface RecordAttendance {
	/** 应到: current members of the body. */
	expected: number;
	/** 实到: signed in at some point of the meeting. */
	signedIn: number;
	/** 中途离会: signed in, then recorded as departed. */
	departed: number;
	/** Still present at the end: 实到 − 离会. */
	present: number;
	/** 缺席: never signed in. */
	absent: number;
	quorumRule: Meeting['rules']['quorum'];
	/** The fewest signed in that make the quorum. */
	quorumNeeds: number;
	quorumMet: boolean;
	signInOpenedAt: number | null;
	signInClosedAt: number | null;
	/** Staff only: every current member, in roster order. */
	roll?: RecordRollLine[];
}

/** One timed phase of a question: who spoke, for how long, against what limit. */
export interface RecordPhase {
	phase: TimedPhase;
	/** Names of the deputy asking, or of the respondents answering. */
	speakers: string[];
	startedAt: number;
	endedAt: number;
	limitMs: number;
	extendedMs: number;
	usedMs: number;
	overtimeMs: number;
}

/** A follow-up round (追问): who asked it. Its times are among the question's phases. */
export interface RecordFollowUp {
	asker: RecordMember;
}

export interface RecordQuestion {
	/** 1, 2, 3 … in the inquiry's final order. */
	number: number;
	entryId: string;
	/** Prepared beforehand, or a deputy's request to ask (举手) the host accepted. */
	source: 'prepared' | 'request';
	topic: string;
	/** Staff only (as on the live screens, the public sees the topic, not the text). */
	text?: string;
	asker: RecordMember;
	respondents: RecordRespondent[];
	/** Where the question ended: `done`, `skipped`, or `queued` if never called. */
	status: QuestionPhase;
	phases: RecordPhase[];
	followUps: RecordFollowUp[];
	/** Sum of the phases' used time and overtime. */
	usedMs: number;
	overtimeMs: number;
	/** Ratings of this answer, by vote id (the votes themselves are in `votes`). */
	ratingVoteIds: string[];
}

/** A deputy's request to ask (举手) and what the host decided (staff only). */
export interface RecordRequest {
	id: string;
	member: RecordMember;
	topic: string;
	status: 'pending' | 'accepted' | 'rejected' | 'withdrawn';
	raisedAt: number;
	decidedAt: number | null;
	reason: string | null;
}

export interface RecordItem {
	/** 1, 2, 3 … in agenda order. */
	number: number;
	id: string;
	kind: AgendaItemKind;
	title: string;
	status: ItemStatus;
	presenter?: string;
	motion?: string;
	seats?: number;
	candidates?: { id: string; name: string }[];
	rating?: { target: Extract<AgendaItem, { kind: 'rating' }>['target']; subject: string };
	/** Inquiry items: every question of the queue, called or not. */
	questions?: RecordQuestion[];
	/** Inquiry items, staff only. */
	requests?: RecordRequest[];
	/** Votes opened on the item itself (ratings of one answer are under their question). */
	voteIds: string[];
}

/** The outcome a vote's result stands on: the electronic count, or a count by hand that replaced it. */
export interface RecordCount {
	result: VoteResult;
	/** 实到 when the vote closed. */
	present: number;
	voted: number;
}

export interface RecordVote {
	/** 1, 2, 3 … in the order the votes were opened. */
	number: number;
	id: string;
	itemId: string;
	/** A rating of one inquiry answer: the question's queue entry. */
	entryId: string | null;
	kind: VoteKind;
	title: string;
	subject: string;
	settings: VoteSettings;
	passing: PassingRule;
	/** 应到: members counted for the thresholds. */
	members: number;
	seats: number | null;
	candidates: { id: string; name: string }[];
	openedAt: number;
	deadline: number | null;
	closedAt: number | null;
	closedBy: 'host' | 'deadline' | null;
	announcedAt: number | null;
	rerunOf: string | null;
	status: 'open' | 'closed' | 'annulled';
	annulled: { reason: string; at: number } | null;
	/** Whether the audience may see the result (always true for staff once there is one). */
	revealed: boolean;
	/** Which count stands; null when there is none the audience may see. */
	counted: 'electronic' | 'manual' | null;
	/** The count that stands. */
	count: RecordCount | null;
	/** A count by hand (show of hands) that replaced the electronic one, with its reason. */
	manual: { reason: string; at: number } | null;
	/** The electronic count a count by hand replaced, kept for the record when there was one. */
	electronic: RecordCount | null;
	/** Every receipt with its choice, in receipt order: never who cast it. */
	receipts: Receipt[];
	/** Named (记名) votes only: who chose what. */
	named: (RecordMember & { choice: VoteChoice })[] | null;
}

export interface RecordLog {
	/** Entries in the log when the record was made. */
	seq: number;
	/** The last entry's hash: it covers every entry before it, so it stands for the whole log. */
	hash: string;
	/** Whether the whole chain was recomputed and found to end at this hash. */
	verified: boolean;
}

export interface MeetingRecord {
	format: typeof MEETING_RECORD_FORMAT;
	formatVersion: 1;
	audience: RecordAudience;
	generatedAt: number;
	meeting: {
		id: string;
		title: string;
		kind: MeetingKind;
		date: string;
		venue: string;
		body: Body;
		rules: Meeting['rules'];
	};
	/** When the host closed the meeting; null while it runs (the record is then provisional). */
	closedAt: number | null;
	attendance: RecordAttendance;
	agenda: RecordItem[];
	votes: RecordVote[];
	totals: {
		questions: number;
		questionsDone: number;
		followUps: number;
		overtimeMs: number;
		votes: number;
	};
	log: RecordLog;
}

/**
 * A vote's result announcement (表决结果公告): one vote, with what a one-page notice needs of the
 * meeting. Receipts and names are left out: the notice must fit a page; they are in the record.
 */
export interface VoteAnnouncement {
	meeting: MeetingRecord['meeting'];
	vote: Omit<RecordVote, 'receipts' | 'named'>;
	/** The agenda item's number and title, for the heading. */
	item: { number: number; title: string } | null;
	/** For a rating of one answer: the question's topic and respondents. */
	question: { topic: string; respondents: RecordRespondent[] } | null;
	generatedAt: number;
}
