/**
 * Follow-up items in Redis. Every write is one script that checks the item's version, writes it, moves
 * its scheduled events in the due set and appends the notification to the outbox stream: an item, its
 * schedule and what people are told never disagree, whatever dies in between.
 */
import { RESP_TYPES } from 'redis';
import type { FollowupNotice, WebhookDelivery } from '../../shared/followup.schema';
import type { StoredItem } from '../../shared/followup.rules';
import type { RedisClient } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';

/** The outbox keeps this many notifications (the newest); delivery records stay in their own hash. */
const OUTBOX_MAX = 100_000;

/**
 * KEYS: 1 items, 2 sources, 3 due, 4 outbox. ARGV: 1 source key, 2 item id, 3 item JSON, 4 events JSON
 * ([[key, at], …]), 5 notice JSON (without id), 6 outbox max length.
 * Creates the item unless its source already made one. Returns { 1, notice id } or { 0, existing id }.
 */
const CREATE_SCRIPT = `
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing then return { 0, existing } end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
for _, e in ipairs(cjson.decode(ARGV[4])) do redis.call('ZADD', KEYS[3], e[2], e[1]) end
local id = redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*', 'notice', ARGV[5])
return { 1, id }
`;

/**
 * KEYS: 1 items, 2 due, 3 outbox. ARGV: 1 item id, 2 expected version, 3 item JSON, 4 event keys to
 * remove JSON, 5 events to add JSON, 6 notice JSON, 7 event key that must still be due ('' for none),
 * 8 outbox max length.
 * Returns { 1, notice id } when saved; { 0, 'version' } when the item changed meanwhile; { 0, 'gone' }
 * when the required event is no longer due (another worker fired it).
 */
const SAVE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return { 0, 'missing' } end
if tostring(cjson.decode(current).version) ~= ARGV[2] then return { 0, 'version' } end
if ARGV[7] ~= '' then
  if not redis.call('ZSCORE', KEYS[2], ARGV[7]) then return { 0, 'gone' } end
  redis.call('ZREM', KEYS[2], ARGV[7])
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
for _, k in ipairs(cjson.decode(ARGV[4])) do redis.call('ZREM', KEYS[2], k) end
for _, e in ipairs(cjson.decode(ARGV[5])) do redis.call('ZADD', KEYS[2], e[2], e[1]) end
local id = redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[8], '*', 'notice', ARGV[6])
return { 1, id }
`;

export type Notice = Omit<FollowupNotice, 'id'>;

/** Lua's cjson writes an empty table as {}: arrays are sent as JSON and read back with care. */
const eventsJson = (events: readonly [string, number][]) => (events.length === 0 ? '[]' : JSON.stringify(events));
const keysJson = (list: readonly string[]) => (list.length === 0 ? '[]' : JSON.stringify(list));

export class FollowupRepository {
	constructor(private readonly redis: RedisClient) {}

	async create(sourceKey: string, item: StoredItem, events: readonly [string, number][], notice: Notice): Promise<{ created: true; noticeId: string } | { created: false; id: string }> {
		const [flag, value] = (await this.redis.eval(CREATE_SCRIPT, {
			keys: [keys.followups(), keys.followupSources(), keys.followupDue(), keys.followupOutbox()],
			arguments: [sourceKey, item.id, JSON.stringify(item), eventsJson(events), JSON.stringify(notice), String(OUTBOX_MAX)]
		})) as [number, string];
		return flag === 1 ? { created: true, noticeId: value } : { created: false, id: value };
	}

	async save(
		before: StoredItem,
		after: StoredItem,
		schedule: { remove: readonly string[]; add: readonly [string, number][] },
		notice: Notice,
		requireDue: string | null = null
	): Promise<{ saved: true; noticeId: string } | { saved: false; reason: 'version' | 'gone' | 'missing' }> {
		const [flag, value] = (await this.redis.eval(SAVE_SCRIPT, {
			keys: [keys.followups(), keys.followupDue(), keys.followupOutbox()],
			arguments: [before.id, String(before.version), JSON.stringify(after), keysJson(schedule.remove), eventsJson(schedule.add), JSON.stringify(notice), requireDue ?? '', String(OUTBOX_MAX)]
		})) as [number, string];
		return flag === 1 ? { saved: true, noticeId: value } : { saved: false, reason: value as 'version' | 'gone' | 'missing' };
	}

	async get(itemId: string): Promise<StoredItem | null> {
		const json = await this.redis.hGet(keys.followups(), itemId);
		return json ? (JSON.parse(json) as StoredItem) : null;
	}

	async all(): Promise<StoredItem[]> {
		const all = await this.redis.hVals(keys.followups());
		return all.map((json) => JSON.parse(json) as StoredItem);
	}

	/** Scheduled events due by `now`, earliest first. */
	async due(now: number, limit: number): Promise<{ key: string; at: number }[]> {
		const found = await this.redis.zRangeWithScores(keys.followupDue(), 0, now, { BY: 'SCORE', LIMIT: { offset: 0, count: limit } });
		return found.map((e) => ({ key: e.value, at: e.score }));
	}

	/** Drops an event whose item is gone or no longer has it (nothing to fire). */
	async dropDue(key: string): Promise<void> {
		await this.redis.zRem(keys.followupDue(), key);
	}

	async markMeetingDone(meetingId: string): Promise<void> {
		await this.redis.sAdd(keys.followupMeetingsDone(), meetingId);
	}

	async meetingDone(meetingId: string): Promise<boolean> {
		return (await this.redis.sIsMember(keys.followupMeetingsDone(), meetingId)) === 1;
	}

	// The outbox and its deliveries.

	/** A notification about no one item (the daily digest). */
	async appendNotice(notice: Notice): Promise<string> {
		return this.redis.xAdd(keys.followupOutbox(), '*', { notice: JSON.stringify(notice) }, { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: OUTBOX_MAX } });
	}

	/** Notifications after `afterId` ('0' for all), oldest first. */
	async outboxAfter(afterId: string, count: number): Promise<FollowupNotice[]> {
		const entries = await this.redis.xRange(keys.followupOutbox(), afterId === '0' ? '-' : `(${afterId}`, '+', { COUNT: count });
		return (entries ?? []).map((e) => ({ ...(JSON.parse(e.message.notice!) as Notice), id: e.id }));
	}

	async recentNotices(count: number): Promise<FollowupNotice[]> {
		const entries = await this.redis.xRevRange(keys.followupOutbox(), '+', '-', { COUNT: count });
		return (entries ?? []).map((e) => ({ ...(JSON.parse(e.message.notice!) as Notice), id: e.id }));
	}

	async notice(noticeId: string): Promise<FollowupNotice | null> {
		const [entry] = (await this.redis.xRange(keys.followupOutbox(), noticeId, noticeId)) ?? [];
		return entry ? { ...(JSON.parse(entry.message.notice!) as Notice), id: entry.id } : null;
	}

	async outboxCursor(): Promise<string> {
		return (await this.redis.get(keys.followupOutboxCursor())) ?? '0';
	}

	async setOutboxCursor(id: string): Promise<void> {
		await this.redis.set(keys.followupOutboxCursor(), id);
	}

	async delivery(noticeId: string, url: string): Promise<WebhookDelivery | null> {
		const json = await this.redis.hGet(keys.webhookDeliveries(), `${noticeId}|${url}`);
		return json ? (JSON.parse(json) as WebhookDelivery) : null;
	}

	async recordDelivery(delivery: WebhookDelivery): Promise<void> {
		await this.redis.hSet(keys.webhookDeliveries(), `${delivery.noticeId}|${delivery.url}`, JSON.stringify(delivery));
	}

	async deliveries(): Promise<WebhookDelivery[]> {
		const all = await this.redis.hVals(keys.webhookDeliveries());
		return all.map((json) => JSON.parse(json) as WebhookDelivery).sort((a, b) => b.at - a.at);
	}

	// Attachments.

	async putAttachment(itemId: string, attachmentId: string, bytes: Buffer): Promise<void> {
		await this.redis.set(keys.followupAttachment(itemId, attachmentId), bytes);
	}

	async attachment(itemId: string, attachmentId: string): Promise<Buffer | null> {
		return this.redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).get(keys.followupAttachment(itemId, attachmentId));
	}

	// Settings.

	async json<T>(key: string): Promise<T | null> {
		const json = await this.redis.get(key);
		return json ? (JSON.parse(json) as T) : null;
	}

	async setJson(key: string, value: unknown): Promise<void> {
		await this.redis.set(key, JSON.stringify(value));
	}
}
