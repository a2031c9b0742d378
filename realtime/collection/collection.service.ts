/**
 * Collection use cases: deputies propose questions for their group and candidate projects; the public
 * suggests projects through a rate-limited form; staff merge, edit, select and order the questions,
 * adopt them into an inquiry item, moderate suggestions and pick pool projects into a ballot item.
 *
 * Each change is computed by the pure rules in `shared/collection.rules.ts` from the document as read
 * and saved by one script only if the document is still at that version; a deputy's proposal that lost
 * a race is computed again from the new state (where the quota may now refuse it), a staff edit made on
 * a stale screen is refused. Writing into the agenda goes through `MeetingService.saveAgenda`, so the
 * plan's version, its checks against the roster and its log entry hold as for the agenda editor.
 */
import { randomBytes } from 'node:crypto';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AuditActor } from '../../shared/audit.rules';
import {
	type AdoptRequest,
	type BallotPick,
	type CollectionDeputyView,
	type CollectionPublicView,
	type CollectionSettingsSave,
	type CollectionStaffView,
	type CollectionState,
	CollectionSettingsSchema,
	type ModerateRequest,
	type ProjectPropose,
	type QuestionEdit,
	type QuestionMerge,
	type QuestionPropose,
	type QuestionUnmerge,
	type SelectionSave,
	type SuggestionReceipt,
	type SuggestionSubmit
} from '../../shared/collection.schema';
import {
	type CollectionOutcome,
	adoptIntoAgenda,
	changeSettings,
	checkSuggestion,
	editQuestion,
	emptyCollection,
	groupQuotas,
	groupUsage,
	mergeQuestions,
	moderateProject,
	pickIntoBallot,
	poolCandidates,
	projectUsage,
	proposeProject,
	proposeQuestion,
	questionView,
	recordAdoption,
	recordPick,
	saveSelection,
	selectionQuestions,
	submitSuggestion,
	suggestionRefusal,
	unmergeQuestion,
	withdrawQuestion
} from '../../shared/collection.rules';
import type { Principal } from '../../shared/identity.schema';
import type { Meeting, Member } from '../../shared/meeting.schema';
import { CommandError } from '../../shared/result';
import { type MeetingService, actorOf, meetingNotFound } from '../meeting/meeting.service';
import type { MeetingRepository } from '../meeting/meeting.repository';
import type { RedisClient } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';
import type { CollectionRepository } from './collection.repository';

/** Attempts at a change that does not depend on what the caller saw (a proposal), when others race it. */
const RETRIES = 12;

const collectionChanged = () =>
	new CommandError('CONFLICT', {
		zh: '征集情况刚被他人更改，请刷新后在最新情况上重做。',
		en: 'The collection was just changed by someone else; reload and redo your change on the current state.'
	});

const busy = () =>
	new CommandError('CONFLICT', {
		zh: '同时提交的人较多，未能保存，请再提交一次。',
		en: 'Many people are sending at once and this was not saved; send it again.'
	});

/** The public has no account; its entries in the log say so and nothing more (no address is kept). */
const PUBLIC_ACTOR: AuditActor = { role: 'public', id: 'public', name: '公众' };

function raise(outcome: Extract<CollectionOutcome, { ok: false }> | { ok: false; error: CommandError['error'] }): never {
	throw new CommandError(outcome.error.code, outcome.error.message, outcome.error.issues);
}

interface MeetingContext {
	meeting: Meeting;
	meetingVersion: number;
	members: Member[];
	bodyName: string;
}

export type CollectionChangedHook = (meetingId: string, version: number) => void;

export class CollectionService {
	/** Told after every saved change, so followers of the meeting can ask again. */
	onChanged: CollectionChangedHook = () => {};

	constructor(
		private readonly repo: CollectionRepository,
		private readonly meetingRepo: MeetingRepository,
		private readonly meetings: MeetingService,
		private readonly redis: RedisClient,
		private readonly now: () => number
	) {}

	async #context(meetingId: string): Promise<MeetingContext> {
		const record = await this.meetingRepo.getMeeting(meetingId);
		if (!record) throw meetingNotFound(meetingId);
		const body = await this.meetingRepo.getBodyRecord(record.meeting.bodyId);
		return { meeting: record.meeting, meetingVersion: record.version, members: body?.members ?? [], bodyName: body?.body.name ?? record.meeting.bodyId };
	}

	/** The deputy behind a tablet, who must be a current member of the meeting's body. */
	#deputy(ctx: MeetingContext, principal: Principal): Member {
		const member = ctx.members.find((m) => m.id === principal.subjectId);
		if (principal.role !== 'deputy' || principal.bodyId !== ctx.meeting.bodyId || !member || member.retired) {
			throw new CommandError('FORBIDDEN', {
				zh: `这台平板配对的代表不属于${ctx.bodyName}，不能参加本会议的征集。`,
				en: `This tablet is paired to someone who is not a member of ${ctx.bodyName}, so it cannot take part in this collection.`
			});
		}
		return member;
	}

	async #state(meetingId: string): Promise<{ state: CollectionState; version: number }> {
		const { state, version } = await this.repo.get(meetingId);
		return { state: state ?? emptyCollection(), version };
	}

	/**
	 * Computes a change from the current document and saves it if nobody saved since. With `baseVersion`
	 * the caller acted on what it saw, so a moved version refuses; without, the change is computed again.
	 */
	async #change(meetingId: string, baseVersion: number | null, actor: AuditActor, compute: (state: CollectionState, ctx: MeetingContext) => CollectionOutcome): Promise<number> {
		const ctx = await this.#context(meetingId);
		for (let attempt = 0; attempt < RETRIES; attempt++) {
			const { state, version } = await this.#state(meetingId);
			if (baseVersion !== null && baseVersion !== version) throw collectionChanged();
			const outcome = compute(state, ctx);
			if (!outcome.ok) raise(outcome);
			const saved = await this.repo.save(meetingId, outcome.state, version, { actor, action: outcome.action, data: outcome.data });
			if (saved.saved) {
				this.onChanged(meetingId, saved.version);
				return saved.version;
			}
			if ('meetingGone' in saved) throw meetingNotFound(meetingId);
			if (baseVersion !== null) throw collectionChanged();
		}
		throw busy();
	}

	// Views -------------------------------------------------------------------------------------------

	/** What `principal` may see of the collection: staff all of it, a deputy their group's part. */
	async view(meetingId: string, principal: Principal): Promise<CollectionStaffView | CollectionDeputyView> {
		return principal.role === 'deputy' ? this.deputyView(meetingId, principal) : this.staffView(meetingId);
	}

	async staffView(meetingId: string): Promise<CollectionStaffView> {
		const ctx = await this.#context(meetingId);
		const { state, version } = await this.#state(meetingId);
		return {
			meetingId,
			version,
			settings: state.settings,
			questions: state.questions.map((q) => questionView(state, q)),
			selection: state.selection,
			preview: selectionQuestions(state),
			projects: state.projects,
			quotas: groupQuotas(state, ctx.members),
			adopted: state.adopted,
			picked: state.picked
		};
	}

	async deputyView(meetingId: string, principal: Principal): Promise<CollectionDeputyView> {
		const ctx = await this.#context(meetingId);
		const member = this.#deputy(ctx, principal);
		const { state, version } = await this.#state(meetingId);
		const selected = new Set(state.selection.map((s) => s.proposalId));
		const questions = state.questions
			.map((q) => questionView(state, q))
			.filter((q) => q.group === member.group || q.groups.includes(member.group))
			.map((q) => ({ ...q, selected: selected.has(q.id) }));
		return {
			meetingId,
			version,
			settings: {
				questionsOpen: state.settings.questionsOpen,
				questionsPerGroup: state.settings.questionsPerGroup,
				projectsOpen: state.settings.projectsOpen,
				projectsPerDeputy: state.settings.projectsPerDeputy
			},
			group: member.group,
			groupQuota: { used: groupUsage(state, member.group), limit: state.settings.questionsPerGroup },
			projectQuota: { used: projectUsage(state, member.id), limit: state.settings.projectsPerDeputy },
			questions,
			projects: state.projects.filter((p) => p.source === 'deputy' && p.proposerId === member.id),
			members: ctx.members.filter((m) => !m.retired).map((m) => ({ id: m.id, name: m.name, group: m.group }))
		};
	}

	/** The public form's page: whether it is open, its limits, and the pool (never what still waits for a clerk). */
	async publicView(meetingId: string): Promise<CollectionPublicView> {
		const ctx = await this.#context(meetingId);
		const { state } = await this.#state(meetingId);
		const s = state.settings;
		return {
			meetingId,
			title: ctx.meeting.title,
			bodyName: ctx.bodyName,
			open: s.suggestionsOpen,
			limits: { titleMax: s.suggestionTitleMax, textMin: s.suggestionTextMin, textMax: s.suggestionTextMax, perHour: s.suggestionsPerHour },
			pool: state.projects.filter((p) => p.status === 'in-pool').map((p) => ({ title: p.title, summary: p.summary, source: p.source, group: p.group ?? null }))
		};
	}

	// Deputies ----------------------------------------------------------------------------------------

	/**
	 * Whose proposal this is: the deputy of the tablet, or — when staff enter a proposal handed in on
	 * paper — the current member they name. A deputy can never propose for someone else.
	 */
	#proposer(ctx: MeetingContext, principal: Principal, memberId: string | undefined): Member {
		if (principal.role === 'deputy') {
			const member = this.#deputy(ctx, principal);
			if (memberId !== undefined && memberId !== member.id) throw new CommandError('FORBIDDEN', { zh: '代表只能以本人名义提出。', en: 'A deputy can propose only in their own name.' });
			return member;
		}
		if (memberId === undefined) {
			throw new CommandError('BAD_REQUEST', { zh: '代为录入时须指明提出问题的代表（memberId）。', en: 'Name the deputy you enter this for (memberId).' }, [
				{ path: 'memberId', message: { zh: '请选择代表。', en: 'Choose the deputy.' } }
			]);
		}
		const member = ctx.members.find((m) => m.id === memberId);
		if (!member || member.retired) throw new CommandError('BAD_REQUEST', { zh: `代表 ${memberId} 不在本届名册中。`, en: `${memberId} is not a current member.` });
		return member;
	}

	async proposeQuestion(meetingId: string, principal: Principal, input: QuestionPropose): Promise<{ proposalId: string; version: number }> {
		const id = `qp-${randomBytes(5).toString('hex')}`;
		const version = await this.#change(meetingId, null, actorOf(principal), (state, ctx) =>
			proposeQuestion(
				state,
				{ member: this.#proposer(ctx, principal, input.memberId), members: ctx.members, respondents: ctx.meeting.respondents, now: this.now(), id },
				{ topic: input.topic, respondentIds: input.respondentIds, text: input.text, coSignerIds: input.coSignerIds ?? [] }
			)
		);
		return { proposalId: id, version };
	}

	async withdrawQuestion(meetingId: string, principal: Principal, proposalId: string): Promise<{ version: number }> {
		const version = await this.#change(meetingId, null, actorOf(principal), (state, ctx) =>
			withdrawQuestion(state, principal.role === 'deputy' ? this.#deputy(ctx, principal).id : null, proposalId)
		);
		return { version };
	}

	async proposeProject(meetingId: string, principal: Principal, input: ProjectPropose): Promise<{ projectId: string; version: number }> {
		const id = `pj-${randomBytes(5).toString('hex')}`;
		const { memberId, ...project } = input;
		const version = await this.#change(meetingId, null, actorOf(principal), (state, ctx) => proposeProject(state, this.#proposer(ctx, principal, memberId), project, this.now(), id));
		return { projectId: id, version };
	}

	// Staff -------------------------------------------------------------------------------------------

	async saveSettings(meetingId: string, save: CollectionSettingsSave, principal: Principal): Promise<number> {
		const settings = CollectionSettingsSchema.parse(save.settings);
		return this.#change(meetingId, save.baseVersion, actorOf(principal), (state) => changeSettings(state, settings));
	}

	merge(meetingId: string, request: QuestionMerge, principal: Principal): Promise<number> {
		return this.#change(meetingId, request.baseVersion, actorOf(principal), (state) => mergeQuestions(state, request.sourceId, request.targetId));
	}

	unmerge(meetingId: string, request: QuestionUnmerge, principal: Principal): Promise<number> {
		return this.#change(meetingId, request.baseVersion, actorOf(principal), (state) => unmergeQuestion(state, request.proposalId));
	}

	edit(meetingId: string, edit: QuestionEdit, principal: Principal): Promise<number> {
		const { baseVersion, proposalId, ...change } = edit;
		return this.#change(meetingId, baseVersion, actorOf(principal), (state, ctx) => editQuestion(state, proposalId, change, ctx.meeting.respondents));
	}

	saveSelection(meetingId: string, save: SelectionSave, principal: Principal): Promise<number> {
		return this.#change(meetingId, save.baseVersion, actorOf(principal), (state, ctx) => saveSelection(state, save.selection, ctx.members));
	}

	/**
	 * Writes the selection as inquiry `itemId`'s prepared questions. The agenda is saved through the
	 * agenda editor's own path, against the plan version the console showed: if the plan changed
	 * meanwhile the adoption is refused whole. Then the collection notes the adoption.
	 */
	async adopt(meetingId: string, request: AdoptRequest, principal: Principal): Promise<{ version: number; meetingVersion: number }> {
		const { state, version } = await this.#state(meetingId);
		if (version !== request.baseVersion) throw collectionChanged();
		const record = await this.meetingRepo.getMeeting(meetingId);
		if (!record) throw meetingNotFound(meetingId);
		const questions = selectionQuestions(state);
		const adopted = adoptIntoAgenda(record.meeting.agenda, request.itemId, questions);
		if (!adopted.ok) raise(adopted);
		const meetingVersion = await this.meetings.saveAgenda(meetingId, { baseVersion: request.meetingVersion, agenda: adopted.agenda }, actorOf(principal));
		const ids = questions.map((q) => q.id);
		const next = await this.#change(meetingId, null, actorOf(principal), (s) => recordAdoption(s, request.itemId, ids, this.now()));
		return { version: next, meetingVersion };
	}

	async moderate(meetingId: string, request: ModerateRequest, principal: Principal): Promise<number> {
		const { projectId, ...decision } = request;
		return this.#change(meetingId, null, actorOf(principal), (state) => moderateProject(state, projectId, decision, principal.name, this.now()));
	}

	/** Makes pool projects the ballot item's candidates, through the agenda's versioned save. */
	async pickCandidates(meetingId: string, request: BallotPick, principal: Principal): Promise<{ version: number; meetingVersion: number }> {
		const { state } = await this.#state(meetingId);
		const record = await this.meetingRepo.getMeeting(meetingId);
		if (!record) throw meetingNotFound(meetingId);
		const picked = poolCandidates(state, request.projectIds);
		if (!picked.ok) raise(picked);
		const agenda = pickIntoBallot(record.meeting.agenda, request.itemId, picked.candidates);
		if (!agenda.ok) raise(agenda);
		const meetingVersion = await this.meetings.saveAgenda(meetingId, { baseVersion: request.meetingVersion, agenda: agenda.agenda }, actorOf(principal));
		const ids = picked.candidates.map((c) => c.id);
		const version = await this.#change(meetingId, null, actorOf(principal), (s) => recordPick(s, request.itemId, ids, this.now()));
		return { version, meetingVersion };
	}

	// The public --------------------------------------------------------------------------------------

	/**
	 * A suggestion from the public form. What is wrong with the text is said first, without using up
	 * the sender's allowance (a person fixing a typo is not flooding); then one point of the hourly
	 * allowance per address is taken from counters in Redis, so the limit holds across processes; only
	 * then is the suggestion stored, waiting for a clerk. A refused suggestion leaves nothing behind.
	 */
	async suggest(meetingId: string, input: SuggestionSubmit, address: string): Promise<SuggestionReceipt> {
		await this.#context(meetingId);
		const { state } = await this.#state(meetingId);
		if (!state.settings.suggestionsOpen) {
			throw new CommandError('CONFLICT', { zh: '本次征集已结束，感谢关注。', en: 'This call for suggestions has closed. Thank you for your interest.' });
		}
		const issues = checkSuggestion({ title: input.title ?? '', text: input.text ?? '' }, state.settings);
		if (issues.length > 0) {
			const error = suggestionRefusal(issues);
			throw new CommandError(error.code, error.message, error.issues);
		}
		const perHour = state.settings.suggestionsPerHour;
		const limiter = new RateLimiterRedis({ storeClient: this.redis, useRedisPackage: true, keyPrefix: keys.suggestRateLimit(), points: perHour, duration: 3600 });
		try {
			await limiter.consume(`${meetingId}:${address}`);
		} catch (err) {
			if (!(err instanceof RateLimiterRes)) throw err;
			const minutes = Math.max(1, Math.ceil(err.msBeforeNext / 60_000));
			throw new CommandError('RATE_LIMITED', {
				zh: `提交过于频繁：每小时最多提交 ${perHour} 条建议，请 ${minutes} 分钟后再试。您刚才填写的内容未被保存，可先复制留存。`,
				en: `Too many suggestions: at most ${perHour} an hour. Try again in ${minutes} min. What you wrote was not saved; copy it to keep it.`
			});
		}
		const id = `pj-${randomBytes(5).toString('hex')}`;
		await this.#change(meetingId, null, PUBLIC_ACTOR, (s) => submitSuggestion(s, input, this.now(), id));
		return { receipt: id };
	}
}
