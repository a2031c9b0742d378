/**
 * What each role sees of a running meeting: one pure function builds every live snapshot from the
 * live state, the plan, the roster and the roll, filtered by the live permission table.
 */
import type { Attendance } from './attendance.rules';
import type { PhaseRecord, QuestionPhase } from './inquiry.rules';
import type { HandRequest, ItemStatus, LiveState, RollEntry, SignInState } from './live.schema';
import { type QueueEntry, attendanceOf, isPresent, phaseOf, queueOf } from './live.rules';
import type { Meeting, Member, Respondent } from './meeting.schema';
import type { Principal } from './identity.schema';
import { type Role, mayRoleSeeLive } from './roles';
import type { PhaseClock } from './timer.rules';

export interface MemberRef {
	id: string;
	name: string;
	group: string;
}

export interface QueueEntryView {
	id: string;
	itemId: string;
	source: 'prepared' | 'request';
	topic: string;
	/** Roles that may see question texts. */
	text?: string;
	asker: MemberRef;
	respondents: Respondent[];
	phase: QuestionPhase;
}

export interface RequestView extends HandRequest {
	member: MemberRef & { seat: string };
}

export interface InquiryLiveView {
	itemId: string;
	total: number;
	/** Questions done or skipped. */
	finished: number;
	/** The next three queued questions, for every screen. */
	next: QueueEntryView[];
	/** The whole queue, for roles that may see it. */
	queue?: QueueEntryView[];
	/** Every request to ask, for staff. */
	requests?: RequestView[];
}

export interface CurrentQuestionView {
	entry: QueueEntryView;
	phase: QuestionPhase;
	/** Running phases only; every screen computes what is left from it and the server clock. */
	clock: PhaseClock | null;
	/** Who speaks in this phase. */
	speaker: { kind: 'deputy' | 'respondent' | 'none'; names: string[] };
	/** The deputy asking now (the asker, or a follow-up's). */
	askingDeputy: MemberRef;
	followUps: number;
	record: PhaseRecord[];
}

export interface LiveView {
	meetingId: string;
	/** Bumped by every live change; a client keeps the highest it has seen. */
	version: number;
	role: Role;
	signIn: SignInState;
	attendance: Attendance;
	/** Staff: every member's roll line. */
	roll?: Record<string, RollEntry>;
	activeItemId: string | null;
	items: Record<string, ItemStatus>;
	/** When the host closed the session (闭幕); null while it runs. */
	closedAt: number | null;
	inquiries: InquiryLiveView[];
	current: CurrentQuestionView | null;
	/** A deputy's own line: signed in or not, and their requests to ask. */
	self?: { memberId: string; signedIn: boolean; departed: boolean; requests: RequestView[] };
}

export interface LiveViewSource {
	meeting: Meeting;
	members: readonly Member[];
	state: LiveState;
	roll: Readonly<Record<string, RollEntry>>;
	version: number;
}

function memberRef(byId: ReadonlyMap<string, Member>, id: string): MemberRef {
	const m = byId.get(id);
	return { id, name: m?.name ?? id, group: m?.group ?? '' };
}

/** The live snapshot `role` (and, for a deputy, `principal`) may see. */
export function liveViewFor(source: LiveViewSource, role: Role, principal: Principal | null): LiveView {
	const { meeting, members, state, roll, version } = source;
	const byId = new Map(members.map((m) => [m.id, m]));
	const respondents = new Map(meeting.respondents.map((r) => [r.id, r]));
	const seeText = mayRoleSeeLive(role, 'question-text');

	const entryView = (e: QueueEntry): QueueEntryView => {
		const view: QueueEntryView = {
			id: e.id,
			itemId: e.itemId,
			source: e.source,
			topic: e.topic,
			asker: memberRef(byId, e.askerId),
			respondents: e.respondentIds.map((id) => respondents.get(id) ?? { id, name: id, title: '', department: '' }),
			phase: phaseOf(state, e.id)
		};
		if (seeText) view.text = e.text;
		return view;
	};
	const requestView = (r: HandRequest): RequestView => {
		const m = byId.get(r.memberId);
		return { ...r, respondentIds: [...r.respondentIds], member: { ...memberRef(byId, r.memberId), seat: m?.seat ?? '' } };
	};

	let current: CurrentQuestionView | null = null;
	const inquiries = meeting.agenda
		.filter((item) => item.kind === 'inquiry')
		.map((item): InquiryLiveView => {
			const queue = queueOf(state, meeting, item.id);
			const views = queue.map(entryView);
			const found = views.find((v) => v.id === state.currentEntryId);
			const run = state.currentEntryId ? state.runs[state.currentEntryId] : undefined;
			if (found && run) {
				const asking = run.phase === 'asking' || run.phase === 'follow-up-asking';
				const answering = run.phase === 'answering' || run.phase === 'follow-up-answering';
				current = {
					entry: found,
					phase: run.phase,
					clock: run.clock ? { ...run.clock } : null,
					speaker: asking
						? { kind: 'deputy', names: [memberRef(byId, run.askerId).name] }
						: answering
							? { kind: 'respondent', names: run.respondentIds.map((id) => respondents.get(id)?.name ?? id) }
							: { kind: 'none', names: [] },
					askingDeputy: memberRef(byId, run.askerId),
					followUps: run.followUps,
					record: run.record.map((r) => ({ ...r, speakerIds: [...r.speakerIds] }))
				};
			}
			const view: InquiryLiveView = {
				itemId: item.id,
				total: views.length,
				finished: views.filter((v) => v.phase === 'done' || v.phase === 'skipped').length,
				next: views.filter((v) => v.phase === 'queued').slice(0, 3)
			};
			if (mayRoleSeeLive(role, 'queue')) view.queue = views;
			if (mayRoleSeeLive(role, 'requests')) view.requests = state.requests.filter((r) => r.itemId === item.id).map(requestView);
			return view;
		});

	const view: LiveView = {
		meetingId: meeting.id,
		version,
		role,
		signIn: { ...state.signIn },
		attendance: attendanceOf(meeting, members, roll),
		activeItemId: state.activeItemId,
		closedAt: state.closedAt ?? null,
		items: { ...state.items },
		inquiries,
		current
	};
	if (mayRoleSeeLive(role, 'roll')) view.roll = Object.fromEntries(Object.entries(roll).map(([id, entry]) => [id, { ...entry }]));
	if (role === 'deputy' && principal) {
		const memberId = principal.subjectId;
		const entry = roll[memberId];
		view.self = {
			memberId,
			signedIn: isPresent(entry),
			departed: entry?.departedAt != null,
			requests: state.requests.filter((r) => r.memberId === memberId).map(requestView)
		};
	}
	return view;
}
