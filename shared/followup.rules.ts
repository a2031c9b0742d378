/**
 * The rules of follow-up tracking, pure: which items a closed session leaves, each item's deadlines and
 * the events scheduled before and after them, and every step of an item's lifecycle. The server keeps
 * the items in Redis and runs these inside atomic writes; a scheduled event records itself in the item
 * (`fired`), so it happens once however often a sweep or a retried job meets it.
 */
import type { LiveState } from './live.schema';
import type { Meeting, Member } from './meeting.schema';
import type { AppError, LocalizedText } from './result';
import type { Role } from './roles';
import type { VoteOutcome, VoteRecord } from './vote.schema';
import {
	type DueEvent,
	type FollowupView,
	type FollowupCommand,
	type FollowupItem,
	type FollowupKind,
	type FollowupNotice,
	type FollowupSettings,
	type FollowupStatus,
	type Milestone,
	type MilestoneKind,
	type TimelineAction,
	type TimelineEntry,
	MILESTONE_LABELS,
	RATING_LABELS,
	STATUS_LABELS
} from './followup.schema';

export const DAY_MS = 24 * 3600 * 1000;
/** Deadlines are dates in China (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** The same time of day `months` later in China; the 31st becomes the month's last day when it has none. */
export function addMonths(at: number, months: number): number {
	const local = new Date(at + CHINA_OFFSET_MS);
	const day = local.getUTCDate();
	const target = new Date(local.getTime());
	target.setUTCDate(1);
	target.setUTCMonth(target.getUTCMonth() + months);
	const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
	target.setUTCDate(Math.min(day, lastDay));
	return target.getTime() - CHINA_OFFSET_MS;
}

/** Whether `at` falls on a Saturday or Sunday in China. Public holidays are not known here. */
function isWeekend(at: number): boolean {
	const weekday = new Date(at + CHINA_OFFSET_MS).getUTCDay();
	return weekday === 0 || weekday === 6;
}

/** The end of the `days`-th working day (Monday to Friday, in China) after `from`'s day. */
export function workingDaysLater(from: number, days: number): number {
	const local = from + CHINA_OFFSET_MS;
	let dayStart = local - (local % DAY_MS) - CHINA_OFFSET_MS;
	let counted = 0;
	while (counted < days) {
		dayStart += DAY_MS;
		if (!isWeekend(dayStart)) counted++;
	}
	return dayStart + DAY_MS - 1;
}

// ——— Items from a closed session ———

export interface ClosedSession {
	meeting: Meeting;
	members: readonly Member[];
	live: LiveState;
	votes: readonly { record: VoteRecord; outcome: VoteOutcome | null; annulled: boolean }[];
	/** When the session closed: the items' start. */
	closedAt: number;
}

/** An item before the server gives it an id (from its source key). */
export type FollowupDraft = Omit<FollowupItem, 'id' | 'version'> & { fired: string[] };

/** Placeholder department of an item whose owner the clerk must still choose (an elected project). */
export const UNASSIGNED_DEPARTMENT = '待指定承办单位';

function milestone(kind: MilestoneKind, index: number, dueAt: number): Milestone {
	return { id: `${kind}-${index}`, kind, dueAt, doneAt: null };
}

function draft(session: ClosedSession, fields: Pick<FollowupItem, 'kind' | 'sourceKey' | 'title' | 'detail' | 'department' | 'askerId' | 'askerName' | 'milestones'>): FollowupDraft {
	const created: TimelineEntry = {
		at: session.closedAt,
		action: 'created',
		by: { role: 'system', name: session.meeting.title },
		note: null,
		milestoneId: null,
		rating: null,
		status: 'assigned'
	};
	return {
		...fields,
		bodyId: session.meeting.bodyId,
		meetingId: session.meeting.id,
		meetingTitle: session.meeting.title,
		complex: false,
		status: 'assigned',
		reply: null,
		rating: null,
		escalatedAt: null,
		attachments: [],
		timeline: [created],
		createdAt: session.closedAt,
		updatedAt: session.closedAt,
		fired: []
	};
}

/**
 * Every item a closed session leaves (DESIGN.md §3): each question asked → a written report from each
 * department answering it; each 不满意 rating → rectification, reported again at the next session; each
 * elected project → its plan, quarterly checkpoints, a mid-year report and a year-end rating. Source keys
 * make the list the same however often it is computed, so creating it twice creates nothing twice.
 */
export function itemsFromSession(session: ClosedSession, settings: FollowupSettings): FollowupDraft[] {
	const { meeting, live, closedAt } = session;
	const nameOf = (memberId: string) => session.members.find((m) => m.id === memberId)?.name ?? memberId;
	const departmentsOf = (respondentIds: readonly string[]) => [
		...new Set(respondentIds.map((id) => meeting.respondents.find((r) => r.id === id)?.department).filter((d): d is string => !!d))
	];
	const drafts: FollowupDraft[] = [];

	for (const item of meeting.agenda) {
		if (item.kind !== 'inquiry') continue;
		const entries = [
			...item.questions.map((q) => ({ entryId: q.id, topic: q.topic, text: q.text, askerId: q.askerId, respondentIds: q.respondentIds })),
			...live.requests
				.filter((r) => r.itemId === item.id && r.status === 'accepted')
				.map((r) => ({ entryId: `r-${r.id}`, topic: r.topic, text: r.text, askerId: r.memberId, respondentIds: r.respondentIds }))
		];
		for (const entry of entries) {
			const run = live.runs[entry.entryId];
			// Only questions actually put: one skipped or never called leaves nothing to report on.
			if (!run || run.phase === 'skipped' || run.phase === 'queued' || run.record.length === 0) continue;
			for (const department of departmentsOf(run.respondentIds.length > 0 ? run.respondentIds : entry.respondentIds)) {
				drafts.push(
					draft(session, {
						kind: 'question',
						sourceKey: `${meeting.id}:question:${entry.entryId}:${department}`,
						title: entry.topic,
						detail: entry.text,
						department,
						askerId: entry.askerId,
						askerName: nameOf(entry.askerId),
						milestones: [milestone('report', 1, addMonths(closedAt, settings.reportMonths))]
					})
				);
			}
		}
	}

	for (const { record, outcome, annulled } of session.votes) {
		// A count by hand carries its result too; only an annulled or unfinished vote leaves nothing.
		if (annulled || !outcome) continue;
		const result = outcome.result;
		if (result.kind === 'rating' && result.rating.grade === 'unsatisfied') {
			const entry = record.entryId;
			const run = entry ? live.runs[entry] : undefined;
			const departments = run ? departmentsOf(run.respondentIds) : [];
			const owners = departments.length > 0 ? departments : [record.subject];
			for (const department of owners) {
				drafts.push(
					draft(session, {
						kind: 'rectification',
						sourceKey: `${meeting.id}:rectification:${record.id}:${department}`,
						title: `${record.title}：${RATING_LABELS.unsatisfied.zh}`,
						detail: record.subject,
						department,
						askerId: null,
						askerName: null,
						milestones: [milestone('re-report', 1, addMonths(closedAt, settings.reReportMonths))]
					})
				);
			}
		}
		if (result.kind === 'ballot') {
			const votedAt = record.openedAt;
			for (const candidateId of result.ballot.elected) {
				const candidate = record.candidates.find((c) => c.id === candidateId);
				if (!candidate) continue;
				drafts.push(
					draft(session, {
						kind: 'project',
						sourceKey: `${meeting.id}:project:${record.id}:${candidateId}`,
						title: candidate.name,
						detail: record.title,
						department: UNASSIGNED_DEPARTMENT,
						askerId: null,
						askerName: null,
						milestones: [
							milestone('plan', 1, addMonths(votedAt, settings.planMonths)),
							milestone('midyear-report', 1, addMonths(votedAt, settings.midyearMonths)),
							milestone('year-end-rating', 1, addMonths(votedAt, settings.yearEndMonths))
						]
					})
				);
			}
		}
	}
	return drafts;
}

// ——— Scheduled events ———

/** How many quarterly checkpoints a project has within its year. */
export function checkpointCount(settings: FollowupSettings): number {
	return Math.floor(settings.yearEndMonths / settings.checkpointMonths);
}

export function eventKey(event: DueEvent): string {
	switch (event.type) {
		case 'remind':
			return `${event.itemId}|${event.milestoneId}|remind-${event.days}`;
		case 'escalate':
			return `${event.itemId}|${event.milestoneId}|escalate`;
		case 'checkpoint':
			return `${event.itemId}|checkpoint-${event.index}`;
	}
}

export function parseEventKey(key: string): { itemId: string; rest: string } | null {
	const bar = key.indexOf('|');
	return bar > 0 ? { itemId: key.slice(0, bar), rest: key.slice(bar + 1) } : null;
}

/**
 * The events still to come for an item: reminders before and escalation at each open deadline, and the
 * creation of each project checkpoint. None for a closed item, nor for a returned one until it is
 * assigned again; none that already fired.
 */
export function dueEventsOf(item: FollowupItem & { fired: readonly string[] }, settings: FollowupSettings): DueEvent[] {
	if (item.status === 'closed' || item.status === 'returned') return [];
	const events: DueEvent[] = [];
	for (const m of item.milestones) {
		if (m.doneAt !== null) continue;
		for (const days of settings.reminderDays) {
			const at = m.dueAt - days * DAY_MS;
			if (at > item.createdAt) events.push({ type: 'remind', itemId: item.id, milestoneId: m.id, days, at });
		}
		events.push({ type: 'escalate', itemId: item.id, milestoneId: m.id, at: m.dueAt });
	}
	if (item.kind === 'project') {
		const votedAt = item.milestones.find((m) => m.kind === 'plan')?.dueAt;
		const start = votedAt === undefined ? item.createdAt : addMonths(votedAt, -settings.planMonths);
		for (let index = 1; index <= checkpointCount(settings); index++) {
			if (item.milestones.some((m) => m.id === `checkpoint-${index}`)) continue;
			events.push({ type: 'checkpoint', itemId: item.id, index, at: addMonths(start, (index - 1) * settings.checkpointMonths) });
		}
	}
	const fired = new Set(item.fired);
	return events.filter((e) => !fired.has(eventKey(e))).sort((a, b) => a.at - b.at);
}

export type StoredItem = FollowupItem & { fired: string[] };

function overdueMilestones(item: FollowupItem, now: number): Milestone[] {
	return item.milestones.filter((m) => m.doneAt === null && m.dueAt <= now);
}

/** Until when the department may send an item back: `workingDays` working days after it was (last) assigned. */
export function returnDeadline(item: FollowupItem, workingDays: number): number {
	const assignedAt = [...item.timeline].reverse().find((e) => e.action === 'created' || e.action === 'reassigned')?.at ?? item.createdAt;
	return workingDaysLater(assignedAt, workingDays);
}

/** The boards' order, on the server and every screen: overdue first, closed last, then by the next deadline, the oldest first. */
export function compareFollowups(a: FollowupView, b: FollowupView): number {
	const closedLast = (v: FollowupView) => (v.status === 'closed' ? 1 : 0);
	return (
		Number(b.overdue) - Number(a.overdue) ||
		closedLast(a) - closedLast(b) ||
		(a.nextDue?.dueAt ?? Infinity) - (b.nextDue?.dueAt ?? Infinity) ||
		a.createdAt - b.createdAt ||
		a.id.localeCompare(b.id)
	);
}

/**
 * An item as a role sees it. The public and wall screens get the disclosure (公示): status, deadlines,
 * timeline and the written reply, without the files attached (officials' documents stay with the
 * people concerned: staff, departments, deputies).
 */
export function followupViewFor(item: StoredItem, role: Role, now: number, settings: FollowupSettings): FollowupView {
	const { fired: _fired, ...rest } = item;
	const view: FollowupView = {
		...rest,
		overdue: isOverdue(item, now),
		nextDue: nextDue(item),
		returnBy: item.status === 'assigned' ? returnDeadline(item, settings.returnWorkingDays) : null
	};
	if (role === 'public' || role === 'screen') view.attachments = [];
	return view;
}

export function isOverdue(item: FollowupItem, now: number): boolean {
	return item.status !== 'closed' && overdueMilestones(item, now).length > 0;
}

export function nextDue(item: FollowupItem): Milestone | null {
	return item.milestones.filter((m) => m.doneAt === null).sort((a, b) => a.dueAt - b.dueAt)[0] ?? null;
}

/** Who is told about an item: the clerks, its department, its asker. */
export function recipientsOf(item: FollowupItem): string[] {
	return ['clerk', `department:${item.department}`, ...(item.askerId ? [`member:${item.askerId}`] : [])];
}

const dateText = (at: number) => new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/**
 * Fires one scheduled event (by its key) at `now`: a reminder, an escalation (督办) or a new checkpoint.
 * Null when the item has it fired already, or it no longer applies (its deadline met, the item closed).
 */
export function fireEvent(item: StoredItem, key: string, now: number, settings: FollowupSettings): { item: StoredItem; notice: Omit<FollowupNotice, 'id'> } | null {
	if (item.fired.includes(key)) return null;
	const event = dueEventsOf(item, settings).find((e) => eventKey(e) === key);
	if (!event) return null;
	const fired = [...item.fired, key];
	const system = { role: 'system' as const, name: '问政台' };
	const to = recipientsOf(item);
	switch (event.type) {
		case 'remind': {
			const m = item.milestones.find((x) => x.id === event.milestoneId)!;
			const label = MILESTONE_LABELS[m.kind];
			const entry: TimelineEntry = { at: now, action: 'reminder', by: system, note: `${label.zh} ${dateText(m.dueAt)} 到期（还有 ${event.days} 天）`, milestoneId: m.id, rating: null, status: item.status };
			return {
				item: { ...item, fired, timeline: [...item.timeline, entry], updatedAt: now },
				notice: {
					at: now,
					itemId: item.id,
					kind: 'reminder',
					to,
					message: {
						zh: `提醒：“${item.title}”的${label.zh}将于 ${dateText(m.dueAt)} 到期（${event.days} 天后），承办单位：${item.department}。`,
						en: `Reminder: "${item.title}" — ${label.en} is due on ${dateText(m.dueAt)} (in ${event.days} day${event.days === 1 ? '' : 's'}), owner: ${item.department}.`
					}
				}
			};
		}
		case 'escalate': {
			const m = item.milestones.find((x) => x.id === event.milestoneId)!;
			const label = MILESTONE_LABELS[m.kind];
			const entry: TimelineEntry = { at: now, action: 'escalated', by: system, note: `${label.zh}已逾期（${dateText(m.dueAt)} 到期）`, milestoneId: m.id, rating: null, status: item.status };
			return {
				item: { ...item, fired, escalatedAt: item.escalatedAt ?? now, timeline: [...item.timeline, entry], updatedAt: now },
				notice: {
					at: now,
					itemId: item.id,
					kind: 'escalated',
					to,
					message: {
						zh: `督办：“${item.title}”的${label.zh}已逾期（${dateText(m.dueAt)} 到期），承办单位：${item.department}。`,
						en: `Overdue, escalated: "${item.title}" — ${label.en} was due on ${dateText(m.dueAt)}, owner: ${item.department}.`
					}
				}
			};
		}
		case 'checkpoint': {
			const dueAt = addMonths(event.at, settings.checkpointMonths);
			const m = milestone('checkpoint', event.index, dueAt);
			const entry: TimelineEntry = { at: now, action: 'checkpoint-created', by: system, note: `第 ${event.index} 个季度进展节点，${dateText(dueAt)} 前报送`, milestoneId: m.id, rating: null, status: item.status };
			return {
				item: { ...item, fired, milestones: [...item.milestones, m], timeline: [...item.timeline, entry], updatedAt: now },
				notice: {
					at: now,
					itemId: item.id,
					kind: 'changed',
					to,
					message: {
						zh: `“${item.title}”新增第 ${event.index} 季度进展节点，请于 ${dateText(dueAt)} 前报送。`,
						en: `"${item.title}": quarterly checkpoint ${event.index} added, progress due by ${dateText(dueAt)}.`
					}
				}
			};
		}
	}
}

// ——— The lifecycle ———

export interface FollowupActor {
	role: Role;
	name: string;
	/** A deputy's member id. */
	memberId?: string;
	/** A respondent's department. */
	department?: string;
}

export type FollowupOutcome = { ok: true; item: StoredItem; notice: Omit<FollowupNotice, 'id'> } | { ok: false; error: AppError };

const refuse = (code: AppError['code'], message: LocalizedText): { ok: false; error: AppError } => ({ ok: false, error: { code, message } });
const isStaff = (actor: FollowupActor) => actor.role === 'host' || actor.role === 'clerk';
const ownsItem = (actor: FollowupActor, item: FollowupItem) => actor.role === 'respondent' && actor.department === item.department;

function wrongStatus(item: FollowupItem, allowed: readonly FollowupStatus[]): { ok: false; error: AppError } {
	const now = STATUS_LABELS[item.status];
	return refuse('CONFLICT', {
		zh: `该事项当前为“${now.zh}”，不能进行此操作（需处于：${allowed.map((s) => STATUS_LABELS[s].zh).join('、')}）。`,
		en: `The item is "${now.en}"; this step needs it to be ${allowed.map((s) => STATUS_LABELS[s].en).join(' or ')}.`
	});
}

const DEPARTMENT_ONLY = { zh: '只有承办单位（或工作人员）可以办理该事项。', en: 'Only the owning department (or staff) may act on this item.' };
const STAFF_ONLY = { zh: '只有工作人员可以进行此操作。', en: 'Only staff may do this.' };

/** Applies one step of the lifecycle by `actor` at `now`; a refusal changes nothing and says why. */
export function applyFollowup(item: StoredItem, command: FollowupCommand, actor: FollowupActor, now: number, settings: FollowupSettings): FollowupOutcome {
	const step = (status: FollowupStatus, action: TimelineAction, changes: Partial<StoredItem>, extra: Partial<TimelineEntry> = {}, message?: LocalizedText): FollowupOutcome => {
		const entry: TimelineEntry = { at: now, action, by: { role: actor.role, name: actor.name }, note: null, milestoneId: null, rating: null, status, ...extra };
		const next: StoredItem = { ...item, ...changes, status, timeline: [...item.timeline, entry], updatedAt: now };
		// Met deadlines lift the escalation once nothing else is overdue.
		if (next.escalatedAt !== null && !isOverdue(next, now)) next.escalatedAt = null;
		const label = STATUS_LABELS[status];
		return {
			ok: true,
			item: next,
			notice: {
				at: now,
				itemId: item.id,
				kind: 'changed',
				to: recipientsOf(next),
				message: message ?? { zh: `“${item.title}”：${label.zh}（${actor.name}）。`, en: `"${item.title}": ${label.en} (${actor.name}).` }
			}
		};
	};
	const actsForDepartment = ownsItem(actor, item) || isStaff(actor);
	const markDone = (kinds: readonly MilestoneKind[]) => item.milestones.map((m) => (m.doneAt === null && kinds.includes(m.kind) ? { ...m, doneAt: now } : m));

	switch (command.type) {
		case 'accept':
			if (!actsForDepartment) return refuse('FORBIDDEN', DEPARTMENT_ONLY);
			if (item.status !== 'assigned' && item.status !== 'reopened') return wrongStatus(item, ['assigned', 'reopened']);
			return step('in-progress', 'accepted', {});
		case 'return': {
			if (!ownsItem(actor, item)) return refuse('FORBIDDEN', { zh: '只有被交办的单位可以退回该事项。', en: 'Only the department it was assigned to may send it back.' });
			if (item.status !== 'assigned') return wrongStatus(item, ['assigned']);
			const limit = returnDeadline(item, settings.returnWorkingDays);
			if (now > limit) {
				return refuse('CONFLICT', {
					zh: `退回须在交办后 ${settings.returnWorkingDays} 个工作日内提出（截至 ${dateText(limit)}），已超过期限，请与工作机构联系。`,
					en: `An item may be sent back within ${settings.returnWorkingDays} working days of assignment (until ${dateText(limit)}); that has passed. Contact the clerks.`
				});
			}
			return step('returned', 'returned', {}, { note: command.reason });
		}
		case 'reassign':
			if (!isStaff(actor)) return refuse('FORBIDDEN', STAFF_ONLY);
			if (item.status === 'closed') return wrongStatus(item, ['assigned', 'returned', 'in-progress', 'reopened']);
			if (command.department === item.department && item.status !== 'returned') {
				return refuse('CONFLICT', { zh: '该事项已由此单位承办。', en: 'That department already owns the item.' });
			}
			return step('assigned', 'reassigned', { department: command.department }, { note: command.note ?? `${item.department} → ${command.department}` });
		case 'progress': {
			if (!actsForDepartment) return refuse('FORBIDDEN', DEPARTMENT_ONLY);
			if (item.status === 'closed' || item.status === 'returned' || item.status === 'assigned') return wrongStatus(item, ['in-progress', 'reopened', 'answered', 'evaluating']);
			let milestones = item.milestones;
			if (command.milestoneId !== undefined) {
				const m = item.milestones.find((x) => x.id === command.milestoneId);
				if (!m) return refuse('NOT_FOUND', { zh: '没有这个办理节点。', en: 'That milestone does not exist.' });
				if (m.doneAt !== null) return refuse('CONFLICT', { zh: '该节点已经完成。', en: 'That milestone is already met.' });
				milestones = item.milestones.map((x) => (x.id === m.id ? { ...x, doneAt: now } : x));
			}
			return step(item.status, command.milestoneId ? 'milestone-done' : 'progress', { milestones }, { note: command.note, milestoneId: command.milestoneId ?? null });
		}
		case 'answer':
			if (!actsForDepartment) return refuse('FORBIDDEN', DEPARTMENT_ONLY);
			if (item.status !== 'in-progress' && item.status !== 'reopened') return wrongStatus(item, ['in-progress', 'reopened']);
			return step('answered', 'answered', { reply: command.reply, milestones: markDone(['report', 're-report']) }, { note: null });
		case 'send-for-rating':
			if (!isStaff(actor)) return refuse('FORBIDDEN', STAFF_ONLY);
			if (item.status !== 'answered') return wrongStatus(item, ['answered']);
			return step('evaluating', 'sent-for-rating', {});
		case 'rate': {
			const asker = actor.role === 'deputy' && actor.memberId !== undefined && actor.memberId === item.askerId;
			if (!asker && !isStaff(actor)) return refuse('FORBIDDEN', { zh: '只有提问代表（或工作人员代为记录）可以评价答复。', en: 'Only the deputy who asked (or staff recording it) may rate the answer.' });
			if (item.status !== 'answered' && item.status !== 'evaluating') return wrongStatus(item, ['answered', 'evaluating']);
			const label = RATING_LABELS[command.rating];
			if (command.rating === 'unsatisfied') {
				// 重新办理: answered again within the report period.
				const again = milestone('re-report', item.milestones.filter((m) => m.kind === 're-report').length + 1, addMonths(now, settings.reportMonths));
				return step('reopened', 'rated', { rating: command.rating, milestones: [...item.milestones, again] }, { rating: command.rating, note: command.note ?? null }, {
					zh: `“${item.title}”的答复被评为${label.zh}，重新办理，${dateText(again.dueAt)} 前再次答复。`,
					en: `The answer to "${item.title}" was rated ${label.en}; it is reopened, to be answered again by ${dateText(again.dueAt)}.`
				});
			}
			const milestones = item.kind === 'project' ? markDone(['year-end-rating']) : item.milestones;
			return step('closed', 'rated', { rating: command.rating, milestones }, { rating: command.rating, note: command.note ?? null }, {
				zh: `“${item.title}”的答复被评为${label.zh}，办结。`,
				en: `The answer to "${item.title}" was rated ${label.en}; the item is closed.`
			});
		}
		case 'close':
			if (!isStaff(actor)) return refuse('FORBIDDEN', STAFF_ONLY);
			if (item.status !== 'answered' && item.status !== 'evaluating') return wrongStatus(item, ['answered', 'evaluating']);
			return step('closed', 'closed', {}, { note: command.note ?? null });
		case 'mark-complex': {
			if (!isStaff(actor)) return refuse('FORBIDDEN', STAFF_ONLY);
			if (item.kind !== 'question') return refuse('CONFLICT', { zh: '只有询问问题可以标记为复杂事项。', en: 'Only inquiry questions can be marked complex.' });
			if (item.complex === command.complex) return refuse('CONFLICT', { zh: '该事项已是此状态。', en: 'The item is already so.' });
			const report = item.milestones.find((m) => m.id === 'report-1');
			if (!report || report.doneAt !== null) return refuse('CONFLICT', { zh: '书面报告已提交，不能再调整期限。', en: 'The report is already in; its deadline cannot change.' });
			const months = command.complex ? settings.complexReportMonths : settings.reportMonths;
			const milestones = item.milestones.map((m) => (m.id === 'report-1' ? { ...m, dueAt: addMonths(item.createdAt, months) } : m));
			// A new deadline: its reminders and escalation are due afresh.
			const fired = item.fired.filter((k) => !k.startsWith(`${item.id}|report-1|`));
			return step(item.status, 'progress', { complex: command.complex, milestones, fired }, { note: command.complex ? `标记为复杂事项，报告期限延至 ${months} 个月` : `取消复杂事项标记，报告期限 ${months} 个月` });
		}
	}
}

/** The kinds of items, in the order boards list them. */
export const KIND_ORDER: readonly FollowupKind[] = ['question', 'rectification', 'project'];
