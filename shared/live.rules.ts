/**
 * The rules of a running meeting, pure: given the live state, the meeting's plan, the roster and the
 * roll, each command either yields the next state and what to log, or says why not and changes
 * nothing. The server runs a command inside one atomic step that first checks that the state it was
 * computed from is still the state in Redis, so two consoles cannot both apply a step from one phase.
 */
import { attendance, type Attendance } from './attendance.rules';
import { PHASE_LABELS, type QuestionAction, type QuestionPhase, type QuestionRun, TIMED_PHASES, newQuestionRun, transition } from './inquiry.rules';
import { type HandRequest, type ItemStatus, type LiveState, type RollEntry, requestEntryId } from './live.schema';
import type { Meeting, Member } from './meeting.schema';
import { type AppError, type LocalizedText } from './result';
import { clockState, extendClock, endClock, pauseClock, resumeClock } from './timer.rules';

export interface LiveContext {
	meeting: Meeting;
	/** The body's whole roster, retired members included. */
	members: readonly Member[];
	roll: Readonly<Record<string, RollEntry>>;
	now: number;
}

export type LiveCommand =
	| { type: 'sign-in-toggle'; open: boolean }
	| { type: 'agenda'; itemId: string; action: 'activate' | 'close' | 'skip' }
	| { type: 'request-raise'; memberId: string; requestId: string; itemId: string; topic: string; respondentIds: string[]; text: string }
	| { type: 'request-withdraw'; memberId: string; requestId: string }
	| { type: 'request-decide'; requestId: string; decision: 'accept' | 'reject'; reason?: string | undefined }
	| { type: 'queue-move'; itemId: string; entryId: string; toIndex: number }
	| { type: 'question-step'; entryId: string; from: QuestionPhase; action: QuestionAction }
	| { type: 'clock'; entryId: string; from: QuestionPhase; op: 'pause' | 'resume' | 'extend' | 'end'; bySeconds?: number | undefined }
	| { type: 'meeting-close' };

export type LiveOutcome = { ok: true; state: LiveState; action: string; data: Record<string, unknown> } | { ok: false; error: AppError };

/** At most this many requests to ask are kept per meeting (they stay in the record once decided). */
export const MAX_REQUESTS = 500;

/** A question in an inquiry's queue: a prepared one from the plan, or an accepted request. */
export interface QueueEntry {
	id: string;
	itemId: string;
	source: 'prepared' | 'request';
	topic: string;
	text: string;
	askerId: string;
	respondentIds: string[];
}

function refuse(code: AppError['code'], message: LocalizedText): { ok: false; error: AppError } {
	return { ok: false, error: { code, message } };
}

const changed = (message: LocalizedText) => refuse('CONFLICT', message);
const notFound = (message: LocalizedText) => refuse('NOT_FOUND', message);

/** Every entry of one inquiry's queue, in the host's order. */
export function queueOf(state: LiveState, meeting: Meeting, itemId: string): QueueEntry[] {
	const item = meeting.agenda.find((i) => i.id === itemId);
	if (!item || item.kind !== 'inquiry') return [];
	const entries = new Map<string, QueueEntry>();
	for (const q of item.questions) {
		entries.set(q.id, { id: q.id, itemId, source: 'prepared', topic: q.topic, text: q.text, askerId: q.askerId, respondentIds: [...q.respondentIds] });
	}
	for (const r of state.requests) {
		if (r.itemId !== itemId || r.status !== 'accepted') continue;
		const entryId = requestEntryId(r.id);
		entries.set(entryId, { id: entryId, itemId, source: 'request', topic: r.topic, text: r.text, askerId: r.memberId, respondentIds: [...r.respondentIds] });
	}
	const ordered: QueueEntry[] = [];
	for (const entryId of state.order[itemId] ?? []) {
		const entry = entries.get(entryId);
		if (entry) {
			ordered.push(entry);
			entries.delete(entryId);
		}
	}
	return [...ordered, ...entries.values()];
}

/** The phase of a queue entry: `queued` until it is called or skipped. */
export function phaseOf(state: LiveState, entryId: string): QuestionPhase {
	return state.runs[entryId]?.phase ?? 'queued';
}

/** A question is under way (being asked, answered or rated): the agenda cannot move on, nor another be called. */
export function runningRun(state: LiveState): QuestionRun | null {
	const run = state.currentEntryId ? state.runs[state.currentEntryId] : undefined;
	return run && run.phase !== 'done' && run.phase !== 'skipped' && run.phase !== 'queued' ? run : null;
}

function findEntry(state: LiveState, meeting: Meeting, entryId: string): QueueEntry | undefined {
	for (const item of meeting.agenda) {
		if (item.kind !== 'inquiry') continue;
		const entry = queueOf(state, meeting, item.id).find((e) => e.id === entryId);
		if (entry) return entry;
	}
	return undefined;
}

/** 应到 / 实到 / 缺席 and the quorum, from the roll: only current members count. */
export function attendanceOf(meeting: Meeting, members: readonly Member[], roll: Readonly<Record<string, RollEntry>>): Attendance {
	const current = members.filter((m) => !m.retired);
	const present = current.filter((m) => isPresent(roll[m.id])).length;
	return attendance(meeting.rules.quorum, current.length, present);
}

export function isPresent(entry: RollEntry | undefined): boolean {
	return entry !== undefined && entry.departedAt === null;
}

const phaseName = (phase: QuestionPhase) => PHASE_LABELS[phase];

/** Applies one command at `ctx.now`. */
export function applyLive(state: LiveState, command: LiveCommand, ctx: LiveContext): LiveOutcome {
	if (state.closedAt) return changed({ zh: '会议已闭幕，不能再更改。', en: 'The session is closed; nothing more can change.' });
	switch (command.type) {
		case 'meeting-close':
			return closeMeeting(state, ctx.now);
		case 'sign-in-toggle':
			return toggleSignIn(state, command.open, ctx.now);
		case 'agenda':
			return agendaControl(state, command, ctx);
		case 'request-raise':
			return raiseRequest(state, command, ctx);
		case 'request-withdraw':
			return withdrawRequest(state, command, ctx.now);
		case 'request-decide':
			return decideRequest(state, command, ctx);
		case 'queue-move':
			return moveInQueue(state, command, ctx);
		case 'question-step':
			return stepQuestion(state, command, ctx);
		case 'clock':
			return controlClock(state, command, ctx.now);
	}
}

function closeMeeting(state: LiveState, now: number): LiveOutcome {
	const running = runningRun(state);
	if (running) {
		return changed({
			zh: `有问题正在进行（${phaseName(running.phase).zh}），请先完成该问题再闭幕。`,
			en: `A question is under way (${phaseName(running.phase).en}); finish it before closing the session.`
		});
	}
	const items = { ...state.items };
	if (state.activeItemId) items[state.activeItemId] = 'done';
	const signIn = state.signIn.open ? { ...state.signIn, open: false, closedAt: now } : state.signIn;
	return { ok: true, state: { ...state, items, activeItemId: null, signIn, closedAt: now }, action: 'meeting.closed', data: {} };
}

function toggleSignIn(state: LiveState, open: boolean, now: number): LiveOutcome {
	if (state.signIn.open === open) {
		return changed(open ? { zh: '签到已经开始。', en: 'Sign-in is already open.' } : { zh: '签到已经结束。', en: 'Sign-in is already closed.' });
	}
	const signIn = open ? { open, openedAt: now, closedAt: null } : { ...state.signIn, open, closedAt: now };
	return { ok: true, state: { ...state, signIn }, action: open ? 'sign-in.opened' : 'sign-in.closed', data: {} };
}

function agendaControl(state: LiveState, command: Extract<LiveCommand, { type: 'agenda' }>, ctx: LiveContext): LiveOutcome {
	const item = ctx.meeting.agenda.find((i) => i.id === command.itemId);
	if (!item) return notFound({ zh: '议程中没有这一项，可能已被修改，请刷新。', en: 'That agenda item does not exist; the agenda may have changed. Reload.' });
	const status: ItemStatus = state.items[item.id] ?? 'pending';
	const running = runningRun(state);
	if (running) {
		return changed({
			zh: `有问题正在进行（${phaseName(running.phase).zh}），请先完成该问题再切换议程。`,
			en: `A question is under way (${phaseName(running.phase).en}); finish it before moving the agenda.`
		});
	}
	const items = { ...state.items };
	switch (command.action) {
		case 'activate': {
			if (status === 'active') return changed({ zh: '该议程已是当前议程。', en: 'That item is already the current one.' });
			if (state.activeItemId) items[state.activeItemId] = 'done';
			items[item.id] = 'active';
			return { ok: true, state: { ...state, items, activeItemId: item.id }, action: 'agenda.activated', data: { itemId: item.id, from: state.activeItemId } };
		}
		case 'close': {
			if (status !== 'active') return changed({ zh: '该议程不是当前议程，可能已被其他控制台切换。', en: 'That item is not the current one; another console may have moved on.' });
			items[item.id] = 'done';
			return { ok: true, state: { ...state, items, activeItemId: null }, action: 'agenda.closed', data: { itemId: item.id } };
		}
		case 'skip': {
			if (status === 'skipped') return changed({ zh: '该议程已被跳过。', en: 'That item was already skipped.' });
			if (status === 'done') return changed({ zh: '该议程已经完成，不能再跳过。', en: 'That item is already done; it cannot be skipped.' });
			items[item.id] = 'skipped';
			const activeItemId = state.activeItemId === item.id ? null : state.activeItemId;
			return { ok: true, state: { ...state, items, activeItemId }, action: 'agenda.skipped', data: { itemId: item.id } };
		}
	}
}

function raiseRequest(state: LiveState, command: Extract<LiveCommand, { type: 'request-raise' }>, ctx: LiveContext): LiveOutcome {
	const item = ctx.meeting.agenda.find((i) => i.id === command.itemId);
	if (!item || item.kind !== 'inquiry') return notFound({ zh: '只能在询问议程中举手提问。', en: 'Requests to ask belong to an inquiry item.' });
	const status = state.items[item.id] ?? 'pending';
	if (status === 'done' || status === 'skipped') return changed({ zh: '该询问议程已结束，不能再举手。', en: 'That inquiry has ended; no more requests.' });
	if (!isPresent(ctx.roll[command.memberId])) return refuse('FORBIDDEN', { zh: '请先签到，再举手提问。', en: 'Sign in first, then ask to speak.' });
	const unknown = command.respondentIds.filter((id) => !ctx.meeting.respondents.some((r) => r.id === id));
	if (unknown.length > 0) return notFound({ zh: '所选应询人不在本次会议名单中，请重新选择。', en: 'A chosen respondent is not on this meeting’s list; choose again.' });
	if (state.requests.some((r) => r.itemId === item.id && r.memberId === command.memberId && r.status === 'pending')) {
		return changed({ zh: '您已有一个待处理的举手请求，可先撤回再提交新的。', en: 'You already have a request waiting; withdraw it to raise another.' });
	}
	if (state.requests.some((r) => r.id === command.requestId)) return changed({ zh: '该请求已提交。', en: 'That request was already raised.' });
	if (state.requests.length >= MAX_REQUESTS) return refuse('RATE_LIMITED', { zh: '本次会议的举手请求已达上限。', en: 'This meeting has reached its limit of requests to ask.' });
	const request: HandRequest = {
		id: command.requestId,
		itemId: item.id,
		memberId: command.memberId,
		topic: command.topic,
		respondentIds: [...new Set(command.respondentIds)],
		text: command.text,
		status: 'pending',
		raisedAt: ctx.now,
		decidedAt: null,
		reason: null
	};
	return { ok: true, state: { ...state, requests: [...state.requests, request] }, action: 'request.raised', data: { requestId: request.id, itemId: item.id, topic: request.topic } };
}

function withdrawRequest(state: LiveState, command: Extract<LiveCommand, { type: 'request-withdraw' }>, now: number): LiveOutcome {
	const request = state.requests.find((r) => r.id === command.requestId && r.memberId === command.memberId);
	if (!request) return notFound({ zh: '找不到该举手请求。', en: 'No such request of yours.' });
	if (request.status !== 'pending') return changed({ zh: '该请求已被处理，不能撤回。', en: 'That request was already decided; it cannot be withdrawn.' });
	const requests = state.requests.map((r) => (r.id === request.id ? { ...r, status: 'withdrawn' as const, decidedAt: now } : r));
	return { ok: true, state: { ...state, requests }, action: 'request.withdrawn', data: { requestId: request.id } };
}

function decideRequest(state: LiveState, command: Extract<LiveCommand, { type: 'request-decide' }>, ctx: LiveContext): LiveOutcome {
	const request = state.requests.find((r) => r.id === command.requestId);
	if (!request) return notFound({ zh: '找不到该举手请求。', en: 'No such request.' });
	if (request.status !== 'pending') {
		return changed({ zh: '该请求已被处理（或已撤回），可能是其他控制台操作的。', en: 'That request was already decided or withdrawn, perhaps by another console.' });
	}
	const accepted = command.decision === 'accept';
	const itemStatus = state.items[request.itemId] ?? 'pending';
	if (accepted && (itemStatus === 'done' || itemStatus === 'skipped')) {
		return changed({ zh: '该询问议程已结束，不能再接受举手提问；可以不予采纳。', en: 'That inquiry has ended, so the request cannot be accepted; it can be rejected.' });
	}
	const decided: HandRequest = { ...request, status: accepted ? 'accepted' : 'rejected', decidedAt: ctx.now, reason: command.reason ?? null };
	const next = { ...state, requests: state.requests.map((r) => (r.id === request.id ? decided : r)) };
	if (accepted) {
		// The accepted question joins the end of the queue; the host may move it.
		next.order = { ...state.order, [request.itemId]: [...queueOf(state, ctx.meeting, request.itemId).map((e) => e.id), requestEntryId(request.id)] };
	}
	return { ok: true, state: next, action: accepted ? 'request.accepted' : 'request.rejected', data: { requestId: request.id, reason: command.reason ?? null } };
}

function moveInQueue(state: LiveState, command: Extract<LiveCommand, { type: 'queue-move' }>, ctx: LiveContext): LiveOutcome {
	const queue = queueOf(state, ctx.meeting, command.itemId);
	const from = queue.findIndex((e) => e.id === command.entryId);
	if (from < 0) return notFound({ zh: '该问题不在队列中。', en: 'That question is not in the queue.' });
	if (phaseOf(state, command.entryId) !== 'queued') return changed({ zh: '只能调整尚未提问的问题的顺序。', en: 'Only questions not yet called can be moved.' });
	const ids = queue.map((e) => e.id);
	ids.splice(from, 1);
	const to = Math.min(command.toIndex, ids.length);
	ids.splice(to, 0, command.entryId);
	return { ok: true, state: { ...state, order: { ...state.order, [command.itemId]: ids } }, action: 'queue.moved', data: { itemId: command.itemId, entryId: command.entryId, from, to } };
}

function stepQuestion(state: LiveState, command: Extract<LiveCommand, { type: 'question-step' }>, ctx: LiveContext): LiveOutcome {
	const entry = findEntry(state, ctx.meeting, command.entryId);
	if (!entry) return notFound({ zh: '队列中没有这个问题，可能已被修改，请刷新。', en: 'That question is not in any queue; it may have changed. Reload.' });
	const run = state.runs[entry.id] ?? newQuestionRun(entry.id, entry.askerId, entry.respondentIds);
	if (run.phase !== command.from) {
		return changed({
			zh: `该问题已处于“${phaseName(run.phase).zh}”阶段，可能已被其他控制台更改，请以当前状态为准。`,
			en: `That question is already in its "${phaseName(run.phase).en}" phase, perhaps changed by another console; look at the current state.`
		});
	}
	const { action } = command;
	if (action.type === 'call') {
		if (state.activeItemId !== entry.itemId) return changed({ zh: '请先将该询问设为当前议程，再叫号。', en: 'Make this inquiry the current agenda item before calling a question.' });
		const running = runningRun(state);
		if (running) return changed({ zh: '上一个问题尚未结束，请先结束它。', en: 'The previous question has not finished; finish it first.' });
	}
	if (action.type === 'follow-up' && !ctx.members.some((m) => m.id === action.askerId && !m.retired)) {
		return notFound({ zh: '追问人不是本届代表。', en: 'The follow-up asker is not a current member.' });
	}
	const result = transition(run, action, ctx.now, ctx.meeting.rules.timers);
	if (!result.ok) return changed(result.reason);
	const next: LiveState = { ...state, runs: { ...state.runs, [entry.id]: result.run } };
	if (action.type === 'call') next.currentEntryId = entry.id;
	const data: Record<string, unknown> = { entryId: entry.id, from: run.phase, to: result.run.phase };
	if (action.type === 'follow-up') data.askerId = action.askerId;
	return { ok: true, state: next, action: `question.${action.type === 'call' ? 'called' : action.type}`, data };
}

function controlClock(state: LiveState, command: Extract<LiveCommand, { type: 'clock' }>, now: number): LiveOutcome {
	const run = state.runs[command.entryId];
	if (!run || state.currentEntryId !== command.entryId) return notFound({ zh: '该问题不是当前问题。', en: 'That question is not the current one.' });
	if (run.phase !== command.from || !run.clock || !(TIMED_PHASES as readonly string[]).includes(run.phase)) {
		return changed({
			zh: `该问题已处于“${phaseName(run.phase).zh}”阶段，计时已变化，请以当前状态为准。`,
			en: `That question is now in its "${phaseName(run.phase).en}" phase; the clock has changed. Look at the current state.`
		});
	}
	if (command.op === 'extend' && !(Number.isSafeInteger(command.bySeconds) && command.bySeconds! > 0)) {
		return refuse('BAD_REQUEST', { zh: '延时须为正整数秒。', en: 'An extension must be a positive whole number of seconds.' });
	}
	const status = clockState(run.clock);
	const refusals: Record<typeof command.op, boolean> = { pause: status !== 'running', resume: status !== 'paused', extend: status === 'ended', end: status === 'ended' };
	if (refusals[command.op]) {
		const said = { running: { zh: '正在计时', en: 'running' }, paused: { zh: '已暂停', en: 'paused' }, ended: { zh: '已结束', en: 'ended' } }[status];
		return changed({ zh: `计时${said.zh}，不能执行此操作；可能已被其他控制台更改。`, en: `The clock is ${said.en}, which does not allow this; another console may have changed it.` });
	}
	const clock =
		command.op === 'pause'
			? pauseClock(run.clock, now)
			: command.op === 'resume'
				? resumeClock(run.clock, now)
				: command.op === 'extend'
					? extendClock(run.clock, command.bySeconds! * 1000)
					: endClock(run.clock, now);
	const data: Record<string, unknown> = { entryId: command.entryId, phase: run.phase };
	if (command.op === 'extend') data.bySeconds = command.bySeconds;
	const action = { pause: 'clock.paused', resume: 'clock.resumed', extend: 'clock.extended', end: 'clock.ended' }[command.op];
	return { ok: true, state: { ...state, runs: { ...state.runs, [command.entryId]: { ...run, clock } } }, action, data };
}
