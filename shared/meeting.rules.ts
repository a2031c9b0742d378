/**
 * Pure rules for preparing a meeting: a new meeting with the defaults of its kind, and the checks a
 * plan must pass before it is saved (every asker a current member of the body, every respondent
 * known, ids unique, more candidates than seats). No I/O; the server and the console both use them.
 */
import type { FieldIssue, LocalizedText } from './result';
import {
	type AgendaItem,
	type Body,
	type Meeting,
	type MeetingCreate,
	type Member,
	MeetingSchema,
	defaultQuorumRule
} from './meeting.schema';

/** A meeting as created from the console's form for a body of `bodyKind`, before any agenda is built. */
export function newMeeting(input: MeetingCreate, id: string, bodyKind: Body['kind']): Meeting {
	return MeetingSchema.parse({
		id,
		bodyId: input.bodyId,
		kind: input.kind,
		title: input.title,
		date: input.date,
		venue: input.venue,
		rules: {
			quorum: input.rules?.quorum ?? defaultQuorumRule(input.kind, bodyKind),
			passing: input.rules?.passing,
			timers: input.rules?.timers ?? {}
		},
		respondents: [],
		agenda: [],
		materials: []
	});
}

const issue = (path: string, zh: string, en: string): FieldIssue => ({ path, message: { zh, en } satisfies LocalizedText });

/**
 * Everything wrong with a meeting's plan given the body's roster, each with its path in the meeting
 * document. Empty when the plan may be saved.
 */
export function checkMeetingPlan(meeting: Pick<Meeting, 'agenda' | 'respondents' | 'materials'>, members: readonly Member[]): FieldIssue[] {
	const issues: FieldIssue[] = [];
	const current = new Map(members.map((m) => [m.id, m]));
	const respondentIds = new Set<string>();
	meeting.respondents.forEach((r, i) => {
		if (respondentIds.has(r.id)) issues.push(issue(`respondents.${i}.id`, `应询人编号“${r.id}”重复。`, `Respondent id "${r.id}" is used twice.`));
		respondentIds.add(r.id);
	});

	const itemIds = new Set<string>();
	meeting.agenda.forEach((item, i) => {
		const at = `agenda.${i}`;
		if (itemIds.has(item.id)) issues.push(issue(`${at}.id`, `议程编号“${item.id}”重复。`, `Agenda item id "${item.id}" is used twice.`));
		itemIds.add(item.id);
		issues.push(...checkItem(item, at, current, respondentIds));
	});

	meeting.materials.forEach((m, i) => {
		if (!itemIds.has(m.itemId)) {
			issues.push(issue(`materials.${i}.itemId`, `材料“${m.name}”所属的议程“${m.itemId}”不存在。`, `Material "${m.name}" belongs to agenda item "${m.itemId}", which does not exist.`));
		}
	});
	return issues;
}

/**
 * The problems `after` has that `before` did not: a change must not make a plan worse, but need not
 * mend what it does not touch (a settings change is not refused because an asker has since retired).
 */
export function newPlanIssues(before: FieldIssue[], after: FieldIssue[]): FieldIssue[] {
	const known = new Set(before.map((i) => `${i.path}\u0000${i.message.en}`));
	return after.filter((i) => !known.has(`${i.path}\u0000${i.message.en}`));
}

function checkItem(item: AgendaItem, at: string, members: Map<string, Member>, respondentIds: Set<string>): FieldIssue[] {
	const issues: FieldIssue[] = [];
	if (item.kind === 'inquiry') {
		const questionIds = new Set<string>();
		item.questions.forEach((q, j) => {
			const qAt = `${at}.questions.${j}`;
			if (questionIds.has(q.id)) issues.push(issue(`${qAt}.id`, `问题编号“${q.id}”重复。`, `Question id "${q.id}" is used twice.`));
			questionIds.add(q.id);
			const asker = members.get(q.askerId);
			if (!asker) {
				issues.push(issue(`${qAt}.askerId`, `第${j + 1}个问题的提问人“${q.askerId}”不是本机构的代表。`, `The asker "${q.askerId}" of question ${j + 1} is not a member of this body.`));
			} else if (asker.retired) {
				issues.push(issue(`${qAt}.askerId`, `第${j + 1}个问题的提问人${asker.name}已不在名册中。`, `The asker of question ${j + 1}, ${asker.name}, has left the roster.`));
			}
			q.respondentIds.forEach((r, k) => {
				if (!respondentIds.has(r)) {
					issues.push(issue(`${qAt}.respondentIds.${k}`, `第${j + 1}个问题的应询人“${r}”不在应询人名单中。`, `Respondent "${r}" of question ${j + 1} is not on the list of respondents.`));
				}
			});
		});
	}
	if (item.kind === 'ballot') {
		const ids = new Set<string>();
		item.candidates.forEach((c, j) => {
			if (ids.has(c.id)) issues.push(issue(`${at}.candidates.${j}.id`, `候选项目编号“${c.id}”重复。`, `Candidate id "${c.id}" is used twice.`));
			ids.add(c.id);
		});
		if (item.candidates.length <= item.seats) {
			issues.push(
				issue(
					`${at}.candidates`,
					`票决须差额进行：候选项目（${item.candidates.length}个）必须多于应选数（${item.seats}个）。`,
					`A project ballot needs more candidates (${item.candidates.length}) than seats (${item.seats}).`
				)
			);
		}
	}
	return issues;
}
