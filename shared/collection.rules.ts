/**
 * The rules of question collection (征集) and the project pool (项目库), pure: quotas per group and per
 * deputy, merging duplicates, the selected and ordered final list with one asker per question, the
 * moderation of public suggestions, and what adopting the list or picking ballot candidates does to the
 * agenda. The server runs these on the document it read and saves the result only if nobody changed the
 * document meanwhile, so the quota is checked against the very state it is written into.
 */
import type {
	CollectionSettings,
	CollectionState,
	GroupQuota,
	ModerateRequest,
	ProjectEntry,
	ProjectPropose,
	QuestionEdit,
	QuestionProposal,
	QuestionProposalView,
	SelectionEntry,
	SuggestionSubmit
} from './collection.schema';
import { DEFAULT_COLLECTION_SETTINGS } from './collection.schema';
import type { AgendaItem, Member, Question, Respondent } from './meeting.schema';
import type { AppError, FieldIssue, LocalizedText } from './result';

/** Public suggestions waiting for a clerk, at most: beyond this the form says the box is full. */
export const MAX_PENDING_SUGGESTIONS = 300;

export type CollectionOutcome = { ok: true; state: CollectionState; action: string; data: Record<string, unknown> } | { ok: false; error: AppError };

function refuse(code: AppError['code'], message: LocalizedText, issues?: FieldIssue[]): { ok: false; error: AppError } {
	return { ok: false, error: issues ? { code, message, issues } : { code, message } };
}

function done(state: CollectionState, action: string, data: Record<string, unknown>): CollectionOutcome {
	return { ok: true, state, action, data };
}

/** A meeting's collection before anyone proposed anything. */
export function emptyCollection(settings: CollectionSettings = DEFAULT_COLLECTION_SETTINGS): CollectionState {
	return { settings: { ...settings }, questions: [], selection: [], projects: [], adopted: null, picked: null };
}

/** Characters as a person counts them (a Chinese character is one, so is an emoji). */
export function charCount(s: string): number {
	return Array.from(s).length;
}

const isCurrent = (m: Member | undefined): m is Member => m !== undefined && !m.retired;

// Questions -------------------------------------------------------------------------------------------

/** Proposals that count against a group's quota: every one it proposed and did not withdraw, merged ones too. */
export function groupUsage(state: CollectionState, group: string): number {
	return state.questions.filter((q) => q.group === group && q.status === 'proposed').length;
}

/** Each group of the roster with its use of the quota, in roster order. */
export function groupQuotas(state: CollectionState, members: readonly Member[]): GroupQuota[] {
	const groups = [...new Set(members.filter((m) => !m.retired).map((m) => m.group))];
	for (const q of state.questions) if (!groups.includes(q.group)) groups.push(q.group);
	return groups.map((group) => ({ group, used: groupUsage(state, group), limit: state.settings.questionsPerGroup }));
}

/** A proposal still standing on its own: proposed, not withdrawn, not merged into another. */
export function isOpenProposal(q: QuestionProposal | undefined): q is QuestionProposal {
	return q !== undefined && q.status === 'proposed' && q.mergedInto === null;
}

/** The proposal with what merged into it: all proposing groups, proposers and co-signers. */
export function questionView(state: CollectionState, proposal: QuestionProposal): QuestionProposalView {
	const merged = state.questions.filter((q) => q.mergedInto === proposal.id && q.status === 'proposed');
	const groups = [...new Set([proposal.group, ...merged.map((q) => q.group)])];
	const proposerIds = [...new Set([proposal.proposerId, ...merged.map((q) => q.proposerId)])];
	const allCoSignerIds = [...new Set([...proposal.coSignerIds, ...merged.flatMap((q) => [q.proposerId, ...q.coSignerIds])])].filter((id) => id !== proposal.proposerId);
	return { ...proposal, groups, proposerIds, allCoSignerIds, mergedFrom: merged.map((q) => q.id) };
}

export interface ProposeContext {
	member: Member;
	members: readonly Member[];
	respondents: readonly Respondent[];
	now: number;
	id: string;
}

function checkRespondents(respondentIds: readonly string[], respondents: readonly Respondent[], path: string): FieldIssue[] {
	const known = new Set(respondents.map((r) => r.id));
	const issues: FieldIssue[] = [];
	if (new Set(respondentIds).size !== respondentIds.length) {
		issues.push({ path, message: { zh: '同一位应询人选了两次。', en: 'The same respondent is chosen twice.' } });
	}
	for (const r of respondentIds) {
		if (!known.has(r)) issues.push({ path, message: { zh: `应询人 ${r} 不在本次会议的应询人名单中。`, en: `Respondent ${r} is not on this meeting's list.` } });
	}
	return issues;
}

const invalid = (issues: FieldIssue[]) => refuse('BAD_REQUEST', issues[0]!.message, issues);

/** A deputy proposes a question for their own group, within the group's quota. */
export function proposeQuestion(
	state: CollectionState,
	ctx: ProposeContext,
	input: { topic: string; respondentIds: string[]; text: string; coSignerIds: string[] }
): CollectionOutcome {
	if (!state.settings.questionsOpen) {
		return refuse('CONFLICT', { zh: '问题征集已截止，不能再提出问题。', en: 'Question collection has closed; no more proposals.' });
	}
	const issues = checkRespondents(input.respondentIds, ctx.respondents, 'respondentIds');
	const byId = new Map(ctx.members.map((m) => [m.id, m]));
	const coSigners = [...new Set(input.coSignerIds)];
	for (const id of coSigners) {
		if (id === ctx.member.id) issues.push({ path: 'coSignerIds', message: { zh: '提出人本人不必再附议。', en: 'The proposer need not co-sign.' } });
		else if (!isCurrent(byId.get(id))) issues.push({ path: 'coSignerIds', message: { zh: `附议代表 ${id} 不在本届名册中。`, en: `Co-signer ${id} is not a current member.` } });
	}
	if (issues.length > 0) return invalid(issues);
	const used = groupUsage(state, ctx.member.group);
	const limit = state.settings.questionsPerGroup;
	if (used >= limit) {
		return refuse('CONFLICT', {
			zh: `${ctx.member.group}已提出 ${used} 个问题，达到每组 ${limit} 个的上限；如需改提，请先撤回本组的一个问题。`,
			en: `${ctx.member.group} has proposed ${used} questions, its limit of ${limit}; withdraw one of the group's first to propose another.`
		});
	}
	const proposal: QuestionProposal = {
		id: ctx.id,
		group: ctx.member.group,
		proposerId: ctx.member.id,
		topic: input.topic,
		respondentIds: [...input.respondentIds],
		text: input.text,
		coSignerIds: coSigners,
		status: 'proposed',
		mergedInto: null,
		proposedAt: ctx.now
	};
	return done({ ...state, questions: [...state.questions, proposal] }, 'collection.question-proposed', { proposal });
}

const proposalMissing = (id: string) => refuse('NOT_FOUND', { zh: `问题 ${id} 不存在。`, en: `Proposal ${id} does not exist.` });

/**
 * The proposer (`memberId`; null for staff acting for them) withdraws a question while it is not yet
 * selected nor merged with another.
 */
export function withdrawQuestion(state: CollectionState, memberId: string | null, proposalId: string): CollectionOutcome {
	const q = state.questions.find((x) => x.id === proposalId);
	if (!q || q.status !== 'proposed') return proposalMissing(proposalId);
	if (memberId !== null && q.proposerId !== memberId) return refuse('FORBIDDEN', { zh: '只有提出人本人可以撤回该问题。', en: 'Only its proposer may withdraw a question.' });
	if (q.mergedInto !== null || state.questions.some((x) => x.mergedInto === q.id && x.status === 'proposed')) {
		return refuse('CONFLICT', { zh: '该问题已与其他问题合并，不能撤回；请联系工作人员。', en: 'This question was merged with another; ask a clerk.' });
	}
	if (state.selection.some((s) => s.proposalId === q.id)) {
		return refuse('CONFLICT', { zh: '该问题已被选入问题清单，不能撤回；请联系工作人员。', en: 'This question is on the selected list; ask a clerk.' });
	}
	const questions = state.questions.map((x) => (x.id === q.id ? { ...x, status: 'withdrawn' as const } : x));
	return done({ ...state, questions }, 'collection.question-withdrawn', { proposalId });
}

/**
 * `sourceId` is a duplicate of `targetId`: it joins the target, whose view then carries both proposing
 * groups and every co-signer. What was merged into the source moves with it; the source leaves the list.
 */
export function mergeQuestions(state: CollectionState, sourceId: string, targetId: string): CollectionOutcome {
	if (sourceId === targetId) return refuse('BAD_REQUEST', { zh: '不能把问题与它自己合并。', en: 'A question cannot be merged with itself.' });
	const source = state.questions.find((q) => q.id === sourceId);
	const target = state.questions.find((q) => q.id === targetId);
	if (!isOpenProposal(source)) return refuse('CONFLICT', { zh: '要合并的问题已撤回或已并入其他问题。', en: 'The question to merge was withdrawn or merged already.' });
	if (!isOpenProposal(target)) return refuse('CONFLICT', { zh: '合并目标已撤回或已并入其他问题。', en: 'The question to merge into was withdrawn or merged already.' });
	const questions = state.questions.map((q) => (q.id === sourceId || q.mergedInto === sourceId ? { ...q, mergedInto: targetId } : q));
	const selection = state.selection.filter((s) => s.proposalId !== sourceId);
	return done({ ...state, questions, selection }, 'collection.questions-merged', { sourceId, targetId });
}

/** Undoes a merge: the proposal stands on its own again, and the target no longer carries its group. */
export function unmergeQuestion(state: CollectionState, proposalId: string): CollectionOutcome {
	const q = state.questions.find((x) => x.id === proposalId);
	if (!q || q.status !== 'proposed' || q.mergedInto === null) return refuse('CONFLICT', { zh: '该问题没有被合并。', en: 'This question is not merged.' });
	const questions = state.questions.map((x) => (x.id === proposalId ? { ...x, mergedInto: null } : x));
	return done({ ...state, questions }, 'collection.question-unmerged', { proposalId, from: q.mergedInto });
}

/** Staff rewrite a proposal (say, the wording of two merged ones). */
export function editQuestion(state: CollectionState, proposalId: string, edit: Omit<QuestionEdit, 'baseVersion' | 'proposalId'>, respondents: readonly Respondent[]): CollectionOutcome {
	const q = state.questions.find((x) => x.id === proposalId);
	if (!isOpenProposal(q)) return refuse('CONFLICT', { zh: '该问题已撤回或已并入其他问题。', en: 'This question was withdrawn or merged.' });
	const issues = checkRespondents(edit.respondentIds, respondents, 'respondentIds');
	if (issues.length > 0) return invalid(issues);
	const questions = state.questions.map((x) => (x.id === proposalId ? { ...x, topic: edit.topic, text: edit.text, respondentIds: [...edit.respondentIds] } : x));
	return done({ ...state, questions }, 'collection.question-edited', { proposalId, ...edit });
}

/** The final list, in order, each open proposal at most once and each with one current member asking. */
export function saveSelection(state: CollectionState, selection: readonly SelectionEntry[], members: readonly Member[]): CollectionOutcome {
	const byId = new Map(members.map((m) => [m.id, m]));
	const issues: FieldIssue[] = [];
	const seen = new Set<string>();
	selection.forEach((entry, i) => {
		const q = state.questions.find((x) => x.id === entry.proposalId);
		if (!isOpenProposal(q)) issues.push({ path: `selection.${i}.proposalId`, message: { zh: `第 ${i + 1} 个问题已撤回或已合并，不能选入。`, en: `Question ${i + 1} was withdrawn or merged and cannot be selected.` } });
		if (seen.has(entry.proposalId)) issues.push({ path: `selection.${i}.proposalId`, message: { zh: `第 ${i + 1} 个问题重复选入。`, en: `Question ${i + 1} is selected twice.` } });
		seen.add(entry.proposalId);
		if (!isCurrent(byId.get(entry.askerId))) {
			issues.push({ path: `selection.${i}.askerId`, message: { zh: `第 ${i + 1} 个问题的提问人不在本届名册中。`, en: `The asker of question ${i + 1} is not a current member.` } });
		}
	});
	if (issues.length > 0) return invalid(issues);
	return done({ ...state, selection: selection.map((s) => ({ ...s })) }, 'collection.selection-saved', { selection });
}

/** Askers who would put more than one question: allowed, but the console says so. */
export function repeatedAskers(selection: readonly SelectionEntry[]): string[] {
	const counts = new Map<string, number>();
	for (const s of selection) counts.set(s.askerId, (counts.get(s.askerId) ?? 0) + 1);
	return [...counts].filter(([, n]) => n > 1).map(([id]) => id);
}

/** The question id an adopted proposal takes in the agenda: stable, so adopting again replaces, never duplicates. */
export const adoptedQuestionId = (proposalId: string): string => `c-${proposalId}`.slice(0, 64);

/** The selection as the inquiry's prepared questions, in order. Entries no longer open are left out. */
export function selectionQuestions(state: CollectionState): Question[] {
	return state.selection.flatMap((entry) => {
		const q = state.questions.find((x) => x.id === entry.proposalId);
		if (!isOpenProposal(q)) return [];
		return [{ id: adoptedQuestionId(q.id), askerId: entry.askerId, respondentIds: [...q.respondentIds], topic: q.topic, text: q.text }];
	});
}

/** The agenda with `itemId`'s prepared questions replaced by `questions`. */
export function adoptIntoAgenda(agenda: readonly AgendaItem[], itemId: string, questions: Question[]): { ok: true; agenda: AgendaItem[] } | { ok: false; error: AppError } {
	const item = agenda.find((i) => i.id === itemId);
	if (!item || item.kind !== 'inquiry') return refuse('NOT_FOUND', { zh: `议程 ${itemId} 不存在或不是询问议程。`, en: `Agenda item ${itemId} does not exist or is not an inquiry.` });
	if (questions.length === 0) return refuse('CONFLICT', { zh: '问题清单是空的，请先选入问题。', en: 'The list is empty; select questions first.' });
	return { ok: true, agenda: agenda.map((i) => (i.id === itemId && i.kind === 'inquiry' ? { ...i, questions } : i)) };
}

// Projects --------------------------------------------------------------------------------------------

export function projectUsage(state: CollectionState, memberId: string): number {
	return state.projects.filter((p) => p.source === 'deputy' && p.proposerId === memberId).length;
}

/** A deputy's candidate project enters the pool at once, within their quota. */
export function proposeProject(state: CollectionState, member: Member, input: Omit<ProjectPropose, 'memberId'>, now: number, id: string): CollectionOutcome {
	if (!state.settings.projectsOpen) return refuse('CONFLICT', { zh: '项目征集已截止。', en: 'Project collection has closed.' });
	const used = projectUsage(state, member.id);
	const limit = state.settings.projectsPerDeputy;
	if (used >= limit) {
		return refuse('CONFLICT', { zh: `您已提出 ${used} 个候选项目，达到每位代表 ${limit} 个的上限。`, en: `You have proposed ${used} projects, your limit of ${limit}.` });
	}
	const project: ProjectEntry = { id, source: 'deputy', title: input.title, summary: input.summary, proposerId: member.id, group: member.group, status: 'in-pool', createdAt: now };
	return done({ ...state, projects: [...state.projects, project] }, 'collection.project-proposed', { project });
}

/**
 * What is wrong with a public suggestion, in words a person on a phone can act on. Empty means
 * acceptable. Lengths are counted as characters after trimming.
 */
export function checkSuggestion(input: { title: string; text: string }, settings: CollectionSettings): FieldIssue[] {
	const title = input.title.trim();
	const text = input.text.trim();
	const issues: FieldIssue[] = [];
	if (title === '') issues.push({ path: 'title', message: { zh: '请填写建议的标题。', en: 'Give your suggestion a title.' } });
	else if (charCount(title) > settings.suggestionTitleMax) {
		issues.push({
			path: 'title',
			message: { zh: `标题最多 ${settings.suggestionTitleMax} 个字，现有 ${charCount(title)} 个字，请精简。`, en: `The title may have at most ${settings.suggestionTitleMax} characters; it has ${charCount(title)}. Shorten it.` }
		});
	}
	if (text === '') issues.push({ path: 'text', message: { zh: '请填写建议的内容。', en: 'Write what you suggest.' } });
	else if (charCount(text) < settings.suggestionTextMin) {
		issues.push({
			path: 'text',
			message: { zh: `建议内容至少 ${settings.suggestionTextMin} 个字，请说明具体做什么、在哪里。`, en: `Write at least ${settings.suggestionTextMin} characters: what should be done, and where.` }
		});
	} else if (charCount(text) > settings.suggestionTextMax) {
		issues.push({
			path: 'text',
			message: { zh: `建议内容最多 ${settings.suggestionTextMax} 个字，现有 ${charCount(text)} 个字，请精简后再提交。`, en: `The text may have at most ${settings.suggestionTextMax} characters; it has ${charCount(text)}. Shorten it and send again.` }
		});
	}
	return issues;
}

/** The message a refused suggestion is answered with: the first problem, and how many more. */
export function suggestionRefusal(issues: FieldIssue[]): AppError {
	const more = issues.length - 1;
	return {
		code: 'BAD_REQUEST',
		message: {
			zh: `${issues[0]!.message.zh}${more > 0 ? `（另有 ${more} 处需修改）` : ''}`,
			en: `${issues[0]!.message.en}${more > 0 ? ` (and ${more} more to fix)` : ''}`
		},
		issues
	};
}

/** A public suggestion, already checked, waits for a clerk: nobody else sees it until approved. */
export function submitSuggestion(state: CollectionState, input: SuggestionSubmit, now: number, id: string): CollectionOutcome {
	if (!state.settings.suggestionsOpen) return refuse('CONFLICT', { zh: '本次征集已结束，感谢关注。', en: 'This call for suggestions has closed. Thank you for your interest.' });
	const issues = checkSuggestion({ title: input.title ?? '', text: input.text ?? '' }, state.settings);
	if (issues.length > 0) return { ok: false, error: suggestionRefusal(issues) };
	if (state.projects.filter((p) => p.status === 'pending').length >= MAX_PENDING_SUGGESTIONS) {
		return refuse('RATE_LIMITED', { zh: '待审核的建议已满，请稍后再提交。', en: 'Too many suggestions are waiting for review; send yours a little later.' });
	}
	const project: ProjectEntry = { id, source: 'public', title: (input.title ?? '').trim(), summary: (input.text ?? '').trim(), status: 'pending', createdAt: now };
	return done({ ...state, projects: [...state.projects, project] }, 'collection.suggestion-received', { id });
}

/**
 * A clerk approves a waiting (or earlier rejected) suggestion into the pool, or rejects one with a
 * reason — a waiting suggestion, or anything in the pool, to take it out again.
 */
export function moderateProject(state: CollectionState, projectId: string, request: Omit<ModerateRequest, 'projectId'>, by: string, now: number): CollectionOutcome {
	const p = state.projects.find((x) => x.id === projectId);
	if (!p) return refuse('NOT_FOUND', { zh: `项目 ${projectId} 不存在。`, en: `Project ${projectId} does not exist.` });
	const next = request.decision === 'approve' ? 'in-pool' : 'rejected';
	if (p.status === next) {
		return refuse('CONFLICT', {
			zh: next === 'in-pool' ? '该项目已在项目库中，可能已被其他工作人员处理。' : '该项目已被驳回，可能已被其他工作人员处理。',
			en: next === 'in-pool' ? 'This project is in the pool already; perhaps another clerk decided.' : 'This project was rejected already; perhaps another clerk decided.'
		});
	}
	const decided: ProjectEntry = { ...p, status: next, decidedAt: now, decidedBy: by };
	if (next === 'rejected') decided.reason = request.reason ?? '';
	else delete decided.reason;
	const projects = state.projects.map((x) => (x.id === projectId ? decided : x));
	// An approved public suggestion enters the record with its words; a rejected one only with the reason.
	const data = next === 'in-pool' ? { projectId, title: p.title, summary: p.summary } : { projectId, reason: decided.reason };
	return done({ ...state, projects }, next === 'in-pool' ? 'collection.project-approved' : 'collection.project-rejected', data);
}

/** The candidate id a pool project takes in a ballot. */
export const poolCandidateId = (projectId: string): string => `p-${projectId}`.slice(0, 64);

/** These pool projects as a ballot's candidates, in the order given. */
export function poolCandidates(state: CollectionState, projectIds: readonly string[]): { ok: true; candidates: { id: string; name: string; summary: string }[] } | { ok: false; error: AppError } {
	const issues: FieldIssue[] = [];
	if (new Set(projectIds).size !== projectIds.length) issues.push({ path: 'projectIds', message: { zh: '同一个项目选了两次。', en: 'A project is picked twice.' } });
	const candidates = projectIds.flatMap((id, i) => {
		const p = state.projects.find((x) => x.id === id);
		if (!p || p.status !== 'in-pool') {
			issues.push({ path: `projectIds.${i}`, message: { zh: `第 ${i + 1} 个项目不在项目库中。`, en: `Project ${i + 1} is not in the pool.` } });
			return [];
		}
		return [{ id: poolCandidateId(p.id), name: p.title, summary: p.summary }];
	});
	if (issues.length > 0) return invalid(issues);
	return { ok: true, candidates };
}

/** The agenda with ballot `itemId`'s candidates replaced; the seats must stay fewer than the candidates (差额). */
export function pickIntoBallot(
	agenda: readonly AgendaItem[],
	itemId: string,
	candidates: { id: string; name: string; summary: string }[]
): { ok: true; agenda: AgendaItem[] } | { ok: false; error: AppError } {
	const item = agenda.find((i) => i.id === itemId);
	if (!item || item.kind !== 'ballot') return refuse('NOT_FOUND', { zh: `议程 ${itemId} 不存在或不是票决议程。`, en: `Agenda item ${itemId} does not exist or is not a project ballot.` });
	if (candidates.length <= item.seats) {
		return refuse('BAD_REQUEST', {
			zh: `票决应选 ${item.seats} 项，候选项目须多于应选数（差额），现只选了 ${candidates.length} 项。`,
			en: `The ballot has ${item.seats} seats; it needs more candidates than seats, and ${candidates.length} are picked.`
		});
	}
	return { ok: true, agenda: agenda.map((i) => (i.id === itemId && i.kind === 'ballot' ? { ...i, candidates } : i)) };
}

/** Notes that the selection was written into inquiry `itemId` (the agenda itself is saved apart). */
export function recordAdoption(state: CollectionState, itemId: string, questionIds: string[], now: number): CollectionOutcome {
	return done({ ...state, adopted: { itemId, at: now, count: questionIds.length } }, 'collection.adopted', { itemId, questionIds });
}

/** Notes that pool projects were written into ballot `itemId` as its candidates. */
export function recordPick(state: CollectionState, itemId: string, candidateIds: string[], now: number): CollectionOutcome {
	return done({ ...state, picked: { itemId, at: now, count: candidateIds.length } }, 'collection.candidates-picked', { itemId, candidateIds });
}

/** New limits and windows; what was collected stays, even above a lowered quota. */
export function changeSettings(state: CollectionState, settings: CollectionSettings): CollectionOutcome {
	return done({ ...state, settings: { ...settings } }, 'collection.settings-saved', { settings });
}
