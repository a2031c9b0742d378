/**
 * What a role sees of a meeting: one pure function builds every snapshot from the full meeting and
 * the permission table, so nothing reaches a client that its role may not see.
 */
import type { Principal } from './identity.schema';
import type { AgendaItem, AgendaItemKind, Body, Material, Meeting, MeetingKind, Member, Respondent } from './meeting.schema';
import { type Role, mayRoleSee } from './roles';

/** A prepared question as shown to those who may see questions: names resolved, ids kept. */
export interface QuestionView {
	id: string;
	topic: string;
	text: string;
	asker: { id: string; name: string; group: string };
	respondentIds: string[];
}

export interface AgendaItemView {
	id: string;
	kind: AgendaItemKind;
	title: string;
	presenter?: string;
	motion?: string;
	seats?: number;
	candidates?: { id: string; name: string; summary?: string }[];
	rating?: { target: Extract<AgendaItem, { kind: 'rating' }>['target']; subject: string };
	/** Inquiry items, for roles that may see questions; the number of questions for the others. */
	questions?: QuestionView[];
	questionCount?: number;
	/** Roles that may see materials. */
	materials?: Material[];
}

/** The roster as staff see it in a snapshot. */
export interface RosterView {
	members: Member[];
}

/** Who this connection is, for deputies and respondents. */
export interface SelfView {
	role: Role;
	id: string;
	name: string;
	seat?: string;
	group?: string;
}

export interface MeetingView {
	id: string;
	title: string;
	kind: MeetingKind;
	date: string;
	venue: string;
	body: { id: string; name: string; memberCount: number };
	agenda: AgendaItemView[];
	/** Empty for roles that may not see respondents before they are called. */
	respondents: Respondent[];
	/** Bumped by every change; clients apply patches in order and ask for a snapshot on a gap. */
	version: number;
	/** The role this snapshot was filtered for. */
	role: Role;
	self?: SelfView;
	/** Staff only. */
	rules?: Meeting['rules'];
	roster?: RosterView;
}

export interface MeetingViewSource {
	meeting: Meeting;
	version: number;
	body: Body;
	/** The body's whole roster, retired members included. */
	members: readonly Member[];
}

/** The snapshot of a meeting that `role` (and, for deputies and respondents, `principal`) may see. */
export function viewFor(source: MeetingViewSource, role: Role, principal: Principal | null): MeetingView {
	const { meeting, version, body, members } = source;
	const current = members.filter((m) => !m.retired);
	const byId = new Map(members.map((m) => [m.id, m]));
	const seeQuestions = mayRoleSee(role, 'questions');
	const seeMaterials = mayRoleSee(role, 'materials');

	const agenda = meeting.agenda.map((item): AgendaItemView => {
		const view: AgendaItemView = { id: item.id, kind: item.kind, title: item.title };
		if (item.kind === 'report' && item.presenter) view.presenter = item.presenter;
		if (item.kind === 'vote') view.motion = item.motion;
		if (item.kind === 'ballot') {
			view.seats = item.seats;
			view.candidates = item.candidates.map((c) => ({ ...c }));
		}
		if (item.kind === 'rating') view.rating = { target: item.target, subject: item.subject };
		if (item.kind === 'inquiry') {
			view.questionCount = item.questions.length;
			if (seeQuestions) {
				view.questions = item.questions.map((q) => {
					const asker = byId.get(q.askerId);
					return {
						id: q.id,
						topic: q.topic,
						text: q.text,
						asker: { id: q.askerId, name: asker?.name ?? q.askerId, group: asker?.group ?? '' },
						respondentIds: [...q.respondentIds]
					};
				});
			}
		}
		if (seeMaterials) view.materials = meeting.materials.filter((m) => m.itemId === item.id).map((m) => ({ ...m }));
		return view;
	});

	const view: MeetingView = {
		id: meeting.id,
		title: meeting.title,
		kind: meeting.kind,
		date: meeting.date,
		venue: meeting.venue,
		body: { id: body.id, name: body.name, memberCount: current.length },
		agenda,
		respondents: mayRoleSee(role, 'respondents') ? meeting.respondents.map((r) => ({ ...r })) : [],
		version,
		role
	};
	const self = selfOf(principal, role, byId, meeting.respondents);
	if (self) view.self = self;
	if (mayRoleSee(role, 'settings')) view.rules = structuredClone(meeting.rules);
	if (mayRoleSee(role, 'roster')) view.roster = { members: members.map((m) => ({ ...m })) };
	return view;
}

function selfOf(principal: Principal | null, role: Role, members: Map<string, Member>, respondents: readonly Respondent[]): SelfView | undefined {
	if (!principal) return undefined;
	if (role === 'deputy') {
		const m = members.get(principal.subjectId);
		return m ? { role, id: m.id, name: m.name, seat: m.seat, group: m.group } : undefined;
	}
	if (role === 'respondent') {
		const r = respondents.find((x) => x.id === principal.subjectId);
		return r ? { role, id: r.id, name: `${r.name}（${r.department}${r.title}）` } : undefined;
	}
	return { role, id: principal.subjectId, name: principal.name };
}
