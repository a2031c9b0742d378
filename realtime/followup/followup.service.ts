/**
 * Follow-up tracking (跟踪督办): creates the items a closed session leaves (once, however often it is
 * asked), runs each step of their lifecycle, fires the reminders, escalations and checkpoints that
 * have come due by the follow-up clock, and hands every notification to the outbox the webhooks are
 * fed from. Jobs (server.ts) call `sweep`, `digest`, `dispatchOutbox` and `deliver`; each is safe to
 * run twice or to die halfway, as each write is one atomic script that records what it did.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
	type Attachment,
	DEFAULT_FOLLOWUP_SETTINGS,
	type FollowupCommand,
	type FollowupNotice,
	type FollowupSettings,
	FollowupSettingsSchema,
	type FollowupView,
	STATUS_LABELS,
	type WebhookDelivery,
	type WebhookSettings
} from '../../shared/followup.schema';
import {
	type FollowupActor,
	type StoredItem,
	applyFollowup,
	compareFollowups,
	dueEventsOf,
	eventKey,
	fireEvent,
	followupViewFor,
	itemsFromSession,
	parseEventKey,
	recipientsOf
} from '../../shared/followup.rules';
import type { Principal } from '../../shared/identity.schema';
import { MATERIAL_TYPES } from '../../shared/meeting.schema';
import { CommandError } from '../../shared/result';
import type { Role } from '../../shared/roles';
import type { LiveRepository } from '../live/live.repository';
import type { MeetingRepository } from '../meeting/meeting.repository';
import type { RedisClient } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';
import type { VoteService } from '../vote/vote.service';
import { type Notice, FollowupRepository } from './followup.repository';

/** Events fired per pass of a sweep; a sweep passes until nothing is due. */
const SWEEP_BATCH = 200;
const MAX_ATTEMPTS = 5;
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const ATTACHMENT_TYPES = MATERIAL_TYPES;

/**
 * The one clock follow-up deadlines are measured by: the machine's, moved ahead by an offset kept in
 * Redis (so every process agrees). Only a server started with the test clock allowed lets anyone move
 * it; tests move it months ahead to see reminders and escalations fire.
 */
export class FollowupClock {
	constructor(
		private readonly redis: RedisClient,
		private readonly wallClock: () => number
	) {}

	async now(): Promise<number> {
		return this.wallClock() + Number((await this.redis.get(keys.clockOffset())) ?? 0);
	}

	async offset(): Promise<number> {
		return Number((await this.redis.get(keys.clockOffset())) ?? 0);
	}

	async moveBy(ms: number): Promise<number> {
		return this.redis.incrBy(keys.clockOffset(), ms);
	}
}

const itemIdOf = (sourceKey: string) => `fu-${createHash('sha256').update(sourceKey).digest('base64url').slice(0, 16)}`;

/**
 * Whether all that happened to an item since `version` was scheduled (reminders, escalations,
 * checkpoints), not a person's step: a step taken on what the caller saw then still stands. Every
 * write appends exactly one timeline entry, so the last `item.version - version` entries are those.
 */
const SCHEDULED_ACTIONS: ReadonlySet<string> = new Set(['reminder', 'escalated', 'checkpoint-created']);

function onlyScheduledSince(item: StoredItem, version: number): boolean {
	const writes = item.version - version;
	return writes > 0 && writes < item.timeline.length && item.timeline.slice(-writes).every((e) => SCHEDULED_ACTIONS.has(e.action));
}

/** The events of an item as [key, when] pairs for the due set. */
function schedule(item: StoredItem, settings: FollowupSettings): [string, number][] {
	return dueEventsOf(item, settings).map((e) => [eventKey(e), e.at]);
}

/** What the due set must lose and gain when an item changes from `before` to `after`. */
function scheduleDiff(before: StoredItem, after: StoredItem, settings: FollowupSettings): { remove: string[]; add: [string, number][] } {
	const old = new Map(schedule(before, settings));
	const next = schedule(after, settings);
	const nextKeys = new Set(next.map(([k]) => k));
	return { remove: [...old.keys()].filter((k) => !nextKeys.has(k)), add: next.filter(([k, at]) => old.get(k) !== at) };
}

/** A changed item as each audience sees it: everyone concerned, and the public board. */
export interface FollowupViews {
	full: FollowupView;
	public: FollowupView;
}

export class FollowupService {
	/** Told of every created or changed item, with the notification it made (no item: the digest). */
	onChanged: (item: FollowupViews | null, notice: FollowupNotice) => void = () => {};
	/** Told when notifications were added to the outbox (the server starts a dispatch job). */
	onOutbox: () => void = () => {};
	/** Asks for a sweep now (the server enqueues a sweep job; by itself it sweeps in this process). */
	requestSweep: () => Promise<void> = async () => {};
	readonly repo: FollowupRepository;

	constructor(
		redis: RedisClient,
		private readonly meetings: MeetingRepository,
		private readonly live: LiveRepository,
		private readonly votes: VoteService,
		readonly clock: FollowupClock
	) {
		this.repo = new FollowupRepository(redis);
	}

	async settings(): Promise<FollowupSettings> {
		const stored = await this.repo.json<unknown>(keys.followupSettings());
		const parsed = FollowupSettingsSchema.safeParse(stored ?? {});
		return parsed.success ? parsed.data : DEFAULT_FOLLOWUP_SETTINGS;
	}

	async saveSettings(settings: FollowupSettings): Promise<void> {
		await this.repo.setJson(keys.followupSettings(), settings);
	}

	#changed(item: StoredItem, notice: Notice, noticeId: string, now: number, settings: FollowupSettings): void {
		this.onChanged({ full: followupViewFor(item, 'clerk', now, settings), public: followupViewFor(item, 'public', now, settings) }, { ...notice, id: noticeId });
		this.onOutbox();
	}

	/**
	 * Creates the items of a closed session. Items already created (by an earlier call, another
	 * process, a retried job) are left as they are; returns how many this call created.
	 */
	async createForMeeting(meetingId: string): Promise<number> {
		const record = await this.meetings.getMeeting(meetingId);
		if (!record) return 0;
		const { state } = await this.live.get(meetingId);
		if (!state.closedAt) return 0;
		const [members, votes, settings, now] = await Promise.all([
			this.meetings.listMembers(record.meeting.bodyId),
			this.votes.records(meetingId),
			this.settings(),
			this.clock.now()
		]);
		const drafts = itemsFromSession(
			{
				meeting: record.meeting,
				members,
				live: state,
				votes: votes.map(({ vote, state: s }) => ({ record: vote, outcome: s.manual ?? s.outcome, annulled: s.status === 'annulled' })),
				// The session's close by the follow-up clock: deadlines count from it.
				closedAt: state.closedAt + (await this.clock.offset())
			},
			settings
		);
		let created = 0;
		for (const draft of drafts) {
			const item: StoredItem = { ...draft, id: itemIdOf(draft.sourceKey), version: 1 };
			const notice: Notice = {
				at: now,
				itemId: item.id,
				kind: 'created',
				to: recipientsOf(item),
				message: { zh: `新交办：“${item.title}”，承办单位：${item.department}。`, en: `New item: "${item.title}", owner: ${item.department}.` }
			};
			const result = await this.repo.create(item.sourceKey, item, schedule(item, settings), notice);
			if (result.created) {
				created++;
				this.#changed(item, notice, result.noticeId, now, settings);
			}
		}
		await this.repo.markMeetingDone(meetingId);
		return created;
	}

	/** Creates the items of any closed session that has none yet (a process died right after a close). */
	async catchUp(): Promise<number> {
		let created = 0;
		for (const meetingId of await this.meetings.listMeetingIds()) {
			if (await this.repo.meetingDone(meetingId)) continue;
			created += await this.createForMeeting(meetingId);
		}
		return created;
	}

	async item(itemId: string): Promise<StoredItem> {
		const item = await this.repo.get(itemId);
		if (!item) throw new CommandError('NOT_FOUND', { zh: '没有这个督办事项。', en: 'No such follow-up item.' });
		return item;
	}

	async view(itemId: string, role: Role): Promise<FollowupView> {
		return followupViewFor(await this.item(itemId), role, await this.clock.now(), await this.settings());
	}

	/** Items as `role` sees them, filtered; overdue first, then by the next deadline. */
	async list(role: Role, filter: { bodyId?: string; meetingId?: string; department?: string; status?: string; overdue?: boolean } = {}): Promise<FollowupView[]> {
		const [now, settings] = await Promise.all([this.clock.now(), this.settings()]);
		return (await this.repo.all())
			.filter((i) => (filter.bodyId === undefined || i.bodyId === filter.bodyId) && (filter.meetingId === undefined || i.meetingId === filter.meetingId))
			.filter((i) => (filter.department === undefined || i.department === filter.department) && (filter.status === undefined || i.status === filter.status))
			.map((i) => followupViewFor(i, role, now, settings))
			.filter((v) => filter.overdue === undefined || v.overdue === filter.overdue)
			.sort(compareFollowups);
	}

	/** 回头看: the open items of a body, for the next meeting's agenda. */
	async openForBody(bodyId: string): Promise<FollowupView[]> {
		return (await this.list('clerk', { bodyId })).filter((v) => v.status !== 'closed');
	}

	/** What a caller is told about (`FollowupNotice.to`): the clerks, a department, a deputy's own items. */
	async recipientsFor(principal: Principal): Promise<string[]> {
		const actor = await this.actorOf(principal);
		const to: string[] = [];
		if (actor.role === 'host' || actor.role === 'clerk') to.push('clerk');
		if (actor.department) to.push(`department:${actor.department}`);
		if (actor.memberId) to.push(`member:${actor.memberId}`);
		return to;
	}

	/** The latest notifications meant for the caller, newest first. */
	async noticesFor(principal: Principal, count = 50): Promise<FollowupNotice[]> {
		const mine = new Set(await this.recipientsFor(principal));
		const found: FollowupNotice[] = [];
		for (const notice of await this.repo.recentNotices(2000)) {
			if (notice.to.some((r) => mine.has(r))) found.push(notice);
			if (found.length === count) break;
		}
		return found;
	}

	/** Who is acting: a respondent acts for the department named for them in their meeting. */
	async actorOf(principal: Principal): Promise<FollowupActor> {
		const actor: FollowupActor = { role: principal.role, name: principal.name };
		if (principal.role === 'deputy') actor.memberId = principal.subjectId;
		if (principal.role === 'respondent' && principal.meetingId) {
			const record = await this.meetings.getMeeting(principal.meetingId);
			const department = record?.meeting.respondents.find((r) => r.id === principal.subjectId)?.department;
			if (department) actor.department = department;
		}
		return actor;
	}

	/** One step of an item's lifecycle, from the version the caller saw. */
	async act(itemId: string, baseVersion: number, command: FollowupCommand, principal: Principal): Promise<FollowupView> {
		const actor = await this.actorOf(principal);
		const settings = await this.settings();
		for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			const before = await this.item(itemId);
			if (before.version !== baseVersion && !onlyScheduledSince(before, baseVersion)) {
				throw new CommandError('CONFLICT', {
					zh: `该事项已被更改（当前：${STATUS_LABELS[before.status].zh}），请以最新内容为准后重试。`,
					en: `The item has changed meanwhile (now: ${STATUS_LABELS[before.status].en}); look at it again and retry.`
				});
			}
			const now = await this.clock.now();
			const outcome = applyFollowup(before, command, actor, now, settings);
			if (!outcome.ok) throw new CommandError(outcome.error.code, outcome.error.message);
			const after: StoredItem = { ...outcome.item, version: before.version + 1 };
			const saved = await this.repo.save(before, after, scheduleDiff(before, after, settings), outcome.notice);
			if (saved.saved) {
				this.#changed(after, outcome.notice, saved.noticeId, now, settings);
				return followupViewFor(after, principal.role, now, settings);
			}
			// Changed meanwhile: read again; a person's step since refuses this one, a scheduled event does not.
		}
		throw new CommandError('CONFLICT', { zh: '该事项正在被频繁更改，请稍后重试。', en: 'The item is changing too fast; try again in a moment.' });
	}

	/** Adds a file (the written reply) to an item, by its department or staff. */
	async attach(itemId: string, principal: Principal, file: { name: string; type: string; bytes: Buffer }): Promise<FollowupView> {
		const actor = await this.actorOf(principal);
		for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			const before = await this.item(itemId);
			const staff = actor.role === 'host' || actor.role === 'clerk';
			if (!staff && !(actor.role === 'respondent' && actor.department === before.department)) {
				throw new CommandError('FORBIDDEN', { zh: '只有承办单位（或工作人员）可以上传附件。', en: 'Only the owning department (or staff) may attach files.' });
			}
			if (before.attachments.length >= 20) throw new CommandError('CONFLICT', { zh: '每个事项最多 20 个附件。', en: 'An item holds at most 20 attachments.' });
			const now = await this.clock.now();
			const attachment: Attachment = { id: randomBytes(8).toString('base64url'), name: file.name, type: file.type, size: file.bytes.length, at: now };
			await this.repo.putAttachment(itemId, attachment.id, file.bytes);
			const after: StoredItem = {
				...before,
				attachments: [...before.attachments, attachment],
				timeline: [...before.timeline, { at: now, action: 'attachment', by: { role: actor.role, name: actor.name }, note: file.name, milestoneId: null, rating: null, status: before.status }],
				updatedAt: now,
				version: before.version + 1
			};
			const notice: Notice = { at: now, itemId, kind: 'changed', to: recipientsOf(after), message: { zh: `“${after.title}”新增附件：${file.name}`, en: `"${after.title}": file attached, ${file.name}` } };
			const saved = await this.repo.save(before, after, { remove: [], add: [] }, notice);
			if (saved.saved) {
				const settings = await this.settings();
				this.#changed(after, notice, saved.noticeId, now, settings);
				return followupViewFor(after, principal.role, now, settings);
			}
		}
		throw new CommandError('CONFLICT', { zh: '该事项正在被频繁更改，请稍后重试。', en: 'The item is changing too fast; try again in a moment.' });
	}

	async attachment(itemId: string, attachmentId: string): Promise<{ attachment: Attachment; bytes: Buffer }> {
		const item = await this.item(itemId);
		const attachment = item.attachments.find((a) => a.id === attachmentId);
		const bytes = attachment ? await this.repo.attachment(itemId, attachmentId) : null;
		if (!attachment || !bytes) throw new CommandError('NOT_FOUND', { zh: '没有这个附件。', en: 'No such attachment.' });
		return { attachment, bytes };
	}

	/**
	 * Fires every scheduled event due by the follow-up clock, earliest first: reminders, escalations,
	 * checkpoints. Each fire is one script that removes the event from the due set as it writes the
	 * item, so a sweep that dies halfway leaves the rest due and the next sweep fires each exactly once.
	 */
	async sweep(): Promise<number> {
		await this.catchUp();
		const settings = await this.settings();
		let fired = 0;
		for (;;) {
			const now = await this.clock.now();
			const due = await this.repo.due(now, SWEEP_BATCH);
			if (due.length === 0) return fired;
			let progressed = false;
			for (const { key } of due) {
				const parsed = parseEventKey(key);
				const item = parsed ? await this.repo.get(parsed.itemId) : null;
				const result = item ? fireEvent(item, key, now, settings) : null;
				if (!item || !result) {
					await this.repo.dropDue(key);
					progressed = true;
					continue;
				}
				const after: StoredItem = { ...result.item, version: item.version + 1 };
				const diff = scheduleDiff(item, after, settings);
				const saved = await this.repo.save(item, after, { remove: diff.remove.filter((k) => k !== key), add: diff.add }, result.notice, key);
				if (saved.saved) {
					fired++;
					progressed = true;
					this.#changed(after, result.notice, saved.noticeId, now, settings);
				}
				// Not saved: the item changed or another worker fired it; the next pass sees the new state.
			}
			if (!progressed) return fired;
		}
	}

	/** The daily digest (每日汇总): per department, open and overdue items, to the clerks. */
	async digest(): Promise<FollowupNotice | null> {
		const now = await this.clock.now();
		const open = (await this.list('clerk')).filter((v) => v.status !== 'closed');
		if (open.length === 0) return null;
		const byDepartment = new Map<string, { open: number; overdue: number }>();
		for (const v of open) {
			const line = byDepartment.get(v.department) ?? { open: 0, overdue: 0 };
			line.open++;
			if (v.overdue) line.overdue++;
			byDepartment.set(v.department, line);
		}
		const lines = [...byDepartment].sort(([, a], [, b]) => b.overdue - a.overdue || b.open - a.open);
		const overdue = open.filter((v) => v.overdue).length;
		const notice: Notice = {
			at: now,
			itemId: '',
			kind: 'digest',
			to: ['clerk'],
			message: {
				zh: `督办日报：未办结 ${open.length} 件，其中逾期 ${overdue} 件。${lines.map(([d, l]) => `${d} ${l.open} 件（逾期 ${l.overdue}）`).join('；')}`,
				en: `Daily digest: ${open.length} open, ${overdue} overdue. ${lines.map(([d, l]) => `${d}: ${l.open} (${l.overdue} overdue)`).join('; ')}`
			}
		};
		const id = await this.repo.appendNotice(notice);
		this.onChanged(null, { ...notice, id });
		this.onOutbox();
		return { ...notice, id };
	}

	// Webhooks.

	async webhooks(): Promise<WebhookSettings> {
		return (await this.repo.json<WebhookSettings>(keys.webhooks())) ?? { urls: [] };
	}

	async saveWebhooks(settings: WebhookSettings): Promise<void> {
		await this.repo.setJson(keys.webhooks(), settings);
	}

	/**
	 * Hands the outbox's new notifications to delivery jobs, one per webhook, and moves the cursor.
	 * Dying before the cursor moves only hands them over again: `enqueue` uses the job id
	 * `wh-<notice>-<hook>`, and a delivery already recorded is not sent twice.
	 */
	async dispatchOutbox(enqueue: (noticeId: string, url: string) => Promise<void>): Promise<number> {
		const { urls } = await this.webhooks();
		let handed = 0;
		for (;;) {
			const cursor = await this.repo.outboxCursor();
			const notices = await this.repo.outboxAfter(cursor, 100);
			if (notices.length === 0) return handed;
			for (const notice of notices) for (const url of urls) {
				await enqueue(notice.id, url);
				handed++;
			}
			await this.repo.setOutboxCursor(notices.at(-1)!.id);
		}
	}

	/** Posts one notification to one webhook, recording the attempt; throws to have the job retried. */
	async deliver(noticeId: string, url: string, attempt: number, fetchImpl: typeof fetch = fetch): Promise<void> {
		const done = await this.repo.delivery(noticeId, url);
		if (done?.status === 'delivered') return;
		const notice = await this.repo.notice(noticeId);
		if (!notice) return; // trimmed from the outbox long ago: nothing to send
		const item = notice.itemId ? await this.repo.get(notice.itemId) : null;
		const at = Date.now();
		const record = (status: WebhookDelivery['status'], httpStatus: number | null, error: string | null) =>
			this.repo.recordDelivery({ noticeId, url, status, attempts: attempt, httpStatus, at, error });
		let response: Response;
		try {
			response = await fetchImpl(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-wenzhengtai-event': notice.kind, 'idempotency-key': noticeId },
				// Webhooks feed the congress office's own systems: the item as staff see it.
				body: JSON.stringify({ notice, item: item ? followupViewFor(item, 'clerk', notice.at, await this.settings()) : null }),
				signal: AbortSignal.timeout(10_000)
			});
		} catch (err) {
			await record('failed', null, err instanceof Error ? err.message : String(err));
			throw err;
		}
		if (!response.ok) {
			await record('failed', response.status, `HTTP ${response.status}`);
			throw new Error(`webhook ${url} answered ${response.status}`);
		}
		await record('delivered', response.status, null);
	}
}
