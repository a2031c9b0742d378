/**
 * Votes in Redis. A cast is one script: it answers a retried press with its first answer, checks the
 * vote is open and its deadline not passed by Redis's own clock, that the deputy is signed in, and the
 * press policy; then records the ballot, moves the tally and the turnout, and appends to the meeting's
 * hash-chained log. Who voted and what was chosen are kept in two sorted sets whose members all score 0,
 * so each is ordered by its own contents (member id; random receipt) and neither by the order of casting:
 * nothing in Redis links a deputy to a choice. For an anonymous vote the log records that a deputy voted,
 * never what they chose.
 */
import type { AuditActor } from '../../shared/audit.rules';
import type { VoteOutcome, VoteRecord, VoteStatus } from '../../shared/vote.schema';
import { AUDIT_LOG_LUA, auditActorJson as actorJson } from '../audit/audit-log.lua';
import type { RedisClient } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';

/** Redis's clock in ms, inside a script. */
const NOW_LUA = `
local function vote_now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function vote_find(key, prefix)
  local found = redis.call('ZRANGEBYLEX', key, '[' .. prefix .. '|', '[' .. prefix .. '|\\255', 'LIMIT', 0, 1)
  return found[1]
end
`;

/**
 * KEYS: 1 vote, 2 status, 3 tally, 4 voters, 5 choices, 6 named, 7 acks, 8 roll, 9 log, 10 log head.
 * ARGV: 1 member id, 2 hash of the idempotency key, 3 receipt, 4 tally fields (comma-separated), 5 choice JSON, 6 actor JSON.
 * Returns { 1, reply JSON } when recorded, { 2, reply JSON } for a retried key, { 0, reason } when refused:
 * missing, closed, absent, first (already voted, first press counts), lost (cannot change: this
 * device does not hold the earlier ballot), clash (the receipt is someone else's), key (the key was
 * used by another device's press).
 */
const CAST_SCRIPT = `${AUDIT_LOG_LUA}${NOW_LUA}
local earlier = vote_find(KEYS[7], ARGV[2])
if earlier then
  -- A retry: only from the deputy who made the key (their receipt), answered with what was recorded then.
  local rest = string.sub(earlier, #ARGV[2] + 2)
  local sep = string.find(rest, '|', 1, true)
  if string.sub(rest, 1, sep - 1) ~= ARGV[3] then return { 0, 'key' } end
  local recorded = string.sub(rest, sep + 1)
  return { 2, '{"voteId":' .. cjson.encode(cjson.decode(redis.call('GET', KEYS[1])).id) .. ',"receipt":' .. cjson.encode(ARGV[3]) .. ',"voted":' .. redis.call('ZCARD', KEYS[4]) .. ',' .. recorded .. '}' }
end
local doc = redis.call('GET', KEYS[1])
if not doc then return { 0, 'missing' } end
local vote = cjson.decode(doc)
if redis.call('HGET', KEYS[2], 'status') ~= 'open' then return { 0, 'closed' } end
if vote.deadline ~= cjson.null and vote_now() >= vote.deadline then return { 0, 'closed' } end
local line = redis.call('HGET', KEYS[8], ARGV[1])
if not line or cjson.decode(line).departedAt ~= cjson.null then return { 0, 'absent' } end
local changed = false
if redis.call('ZSCORE', KEYS[4], ARGV[1]) then
  if vote.settings.press == 'first' then return { 0, 'first' } end
  local old = vote_find(KEYS[5], ARGV[3])
  if not old then return { 0, 'lost' } end
  local rest = string.sub(old, #ARGV[3] + 2)
  local fields = string.sub(rest, 1, string.find(rest, '|', 1, true) - 1)
  for f in string.gmatch(fields, '[^,]+') do redis.call('HINCRBY', KEYS[3], f, -1) end
  redis.call('ZREM', KEYS[5], old)
  changed = true
elseif vote_find(KEYS[5], ARGV[3]) then
  return { 0, 'clash' }
end
local anonymous = vote.settings.anonymous
local data = '{"voteId":' .. cjson.encode(vote.id) .. ',"memberId":' .. cjson.encode(ARGV[1]) .. ',"changed":' .. tostring(changed)
if not anonymous then data = data .. ',"choice":' .. ARGV[5] end
data = data .. '}'
audit_check(ARGV[6], 'vote.cast')
redis.call('ZADD', KEYS[4], 0, ARGV[1])
for f in string.gmatch(ARGV[4], '[^,]+') do redis.call('HINCRBY', KEYS[3], f, 1) end
redis.call('ZADD', KEYS[5], 0, ARGV[3] .. '|' .. ARGV[4] .. '|' .. ARGV[5])
if not anonymous then redis.call('HSET', KEYS[6], ARGV[1], ARGV[5]) end
local voted = redis.call('ZCARD', KEYS[4])
local recorded = '"choice":' .. ARGV[5] .. ',"changed":' .. tostring(changed)
local reply = '{"voteId":' .. cjson.encode(vote.id) .. ',"receipt":' .. cjson.encode(ARGV[3]) .. ',"voted":' .. voted .. ',' .. recorded .. '}'
-- Stored without the turnout (which is this press's place in the casting order), under the key's hash.
redis.call('ZADD', KEYS[7], 0, ARGV[2] .. '|' .. ARGV[3] .. '|' .. recorded)
redis.call('HINCRBY', KEYS[2], 'version', 1)
audit_append(KEYS[9], KEYS[10], ARGV[6], 'vote.cast', data)
return { 1, reply }
`;

/**
 * KEYS: 1 vote, 2 status, 3 roll, 4 log, 5 log head.
 * ARGV: 1 'host' | 'deadline', 2 actor JSON.
 * Closes an open vote to casting (at the deadline only once it has passed by Redis's clock), freezing how
 * many were present: its status becomes 'closing' until its result is stored, which makes it 'closed', so
 * nobody is ever shown a closed vote without its result. Returns { 1 } when it closed it, { 0, status or
 * 'early' } otherwise.
 */
const CLOSE_SCRIPT = `${AUDIT_LOG_LUA}${NOW_LUA}
local doc = redis.call('GET', KEYS[1])
if not doc then return { 0, 'missing' } end
local status = redis.call('HGET', KEYS[2], 'status')
if status ~= 'open' then return { 0, status } end
local vote = cjson.decode(doc)
local now = vote_now()
if ARGV[1] == 'deadline' and (vote.deadline == cjson.null or now < vote.deadline) then return { 0, 'early' } end
local present = 0
for _, line in ipairs(redis.call('HVALS', KEYS[3])) do
  if cjson.decode(line).departedAt == cjson.null then present = present + 1 end
end
audit_check(ARGV[2], 'vote.closed')
redis.call('HSET', KEYS[2], 'status', 'closing', 'closedAt', now, 'closedBy', ARGV[1], 'present', present)
redis.call('HINCRBY', KEYS[2], 'version', 1)
audit_append(KEYS[4], KEYS[5], ARGV[2], 'vote.closed', '{"voteId":' .. cjson.encode(vote.id) .. ',"by":"' .. ARGV[1] .. '","present":' .. present .. '}')
return { 1 }
`;

/**
 * KEYS: 1 status, 2 log, 3 log head. ARGV: 1 field, 2 JSON, 3 actor JSON, 4 action, 5 data JSON,
 * 6 the status the vote must have ('closed', or 'open|closed').
 * Writes the field once (an outcome, an announcement, a manual count, an annulment), with its log entry.
 */
const SET_ONCE_SCRIPT = `${AUDIT_LOG_LUA}
local status = redis.call('HGET', KEYS[1], 'status')
if not status or not string.find('|' .. ARGV[6] .. '|', '|' .. status .. '|', 1, true) then return { 0, status or 'missing' } end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return { 0, 'done' } end
audit_check(ARGV[3], ARGV[4])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[1], 'version', 1)
if ARGV[1] == 'annulled' then redis.call('HSET', KEYS[1], 'status', 'annulled') end
if (ARGV[1] == 'outcome' or ARGV[1] == 'manual') and status == 'closing' then redis.call('HSET', KEYS[1], 'status', 'closed') end
audit_append(KEYS[2], KEYS[3], ARGV[3], ARGV[4], ARGV[5])
return { 1 }
`;

/**
 * KEYS: 1 vote, 2 status, 3 meeting's vote list, 4 log, 5 log head. ARGV: 1 vote JSON, 2 vote id, 3 actor JSON, 4 data JSON.
 */
const OPEN_SCRIPT = `${AUDIT_LOG_LUA}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
audit_check(ARGV[3], 'vote.opened')
redis.call('SET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'status', 'open', 'version', 1)
redis.call('RPUSH', KEYS[3], ARGV[2])
audit_append(KEYS[4], KEYS[5], ARGV[3], 'vote.opened', ARGV[4])
return 1
`;

export type CastOutcome =
	| { recorded: true; retried: boolean; reply: CastReply }
	| { recorded: false; reason: 'missing' | 'closed' | 'absent' | 'first' | 'lost' | 'clash' | 'key' };

export interface CastReply {
	voteId: string;
	receipt: string;
	choice: unknown;
	voted: number;
	changed: boolean;
}

/** What the ballots of a closed vote say, read together. */
export interface Ballots {
	tally: Record<string, number>;
	voted: number;
	choices: { receipt: string; choiceJson: string }[];
	named: Record<string, string>;
}

export interface VoteState {
	/** Bumped by every change to the vote, casts included. */
	version: number;
	/** 'closing': closed to casting, its result not yet stored. */
	status: VoteStatus | 'closing';
	closedAt: number | null;
	closedBy: 'host' | 'deadline' | null;
	present: number | null;
	outcome: VoteOutcome | null;
	manual: VoteOutcome | null;
	announcedAt: number | null;
	annulled: { reason: string; at: number } | null;
}


const json = <T>(text: string | undefined): T | null => (text === undefined ? null : (JSON.parse(text) as T));

export class VoteRepository {
	constructor(private readonly redis: RedisClient) {}

	/** Stores a new vote as open; false if its id is taken. */
	async open(vote: VoteRecord, actor: AuditActor): Promise<boolean> {
		const data = { voteId: vote.id, itemId: vote.itemId, entryId: vote.entryId, kind: vote.kind, settings: vote.settings, deadline: vote.deadline, rerunOf: vote.rerunOf };
		const done = await this.redis.eval(OPEN_SCRIPT, {
			keys: [keys.vote(vote.id), keys.voteStatus(vote.id), keys.meetingVotes(vote.meetingId), keys.meetingLog(vote.meetingId), keys.meetingLogHead(vote.meetingId)],
			arguments: [JSON.stringify(vote), vote.id, actorJson(actor), JSON.stringify(data)]
		});
		return done === 1;
	}

	/** A vote as opened never changes, so it is read from Redis once per process. */
	readonly #opened = new Map<string, VoteRecord>();

	async get(voteId: string): Promise<VoteRecord | null> {
		const known = this.#opened.get(voteId);
		if (known) return known;
		const vote = json<VoteRecord>((await this.redis.get(keys.vote(voteId))) ?? undefined);
		if (vote) {
			if (this.#opened.size >= 1000) this.#opened.delete(this.#opened.keys().next().value!);
			this.#opened.set(voteId, vote);
		}
		return vote;
	}

	async listIds(meetingId: string): Promise<string[]> {
		return this.redis.lRange(keys.meetingVotes(meetingId), 0, -1);
	}

	async state(voteId: string): Promise<VoteState> {
		const h = await this.redis.hGetAll(keys.voteStatus(voteId));
		return {
			version: Number(h.version ?? 0),
			status: (h.status ?? 'open') as VoteState['status'],
			closedAt: h.closedAt ? Number(h.closedAt) : null,
			closedBy: (h.closedBy as VoteState['closedBy']) ?? null,
			present: h.present ? Number(h.present) : null,
			outcome: json<VoteOutcome>(h.outcome),
			manual: json<VoteOutcome>(h.manual),
			announcedAt: h.announced ? Number(h.announced) : null,
			annulled: json<VoteState['annulled']>(h.annulled)
		};
	}

	async turnout(voteId: string): Promise<number> {
		return this.redis.zCard(keys.voteVoters(voteId));
	}

	async hasVoted(voteId: string, memberId: string): Promise<boolean> {
		return (await this.redis.zScore(keys.voteVoters(voteId), memberId)) !== null;
	}

	/** The cast script by its hash (it is 6 kB, sent and parsed on every press otherwise), loaded again after a Redis restart. */
	#castSha: string | null = null;

	async #evalCast(options: { keys: string[]; arguments: string[] }): Promise<unknown> {
		this.#castSha ??= await this.redis.scriptLoad(CAST_SCRIPT);
		try {
			return await this.redis.evalSha(this.#castSha, options);
		} catch (err) {
			if (!String(err).includes('NOSCRIPT')) throw err;
			this.#castSha = await this.redis.scriptLoad(CAST_SCRIPT);
			return this.redis.evalSha(this.#castSha, options);
		}
	}

	async cast(vote: VoteRecord, memberId: string, key: string, receipt: string, fields: string[], choiceJson: string, actor: AuditActor): Promise<CastOutcome> {
		const [code, detail] = (await this.#evalCast({
			keys: [
				keys.vote(vote.id),
				keys.voteStatus(vote.id),
				keys.voteTally(vote.id),
				keys.voteVoters(vote.id),
				keys.voteChoices(vote.id),
				keys.voteNamed(vote.id),
				keys.voteAcks(vote.id),
				keys.meetingRoll(vote.meetingId),
				keys.meetingLog(vote.meetingId),
				keys.meetingLogHead(vote.meetingId)
			],
			arguments: [memberId, key, receipt, fields.join(','), choiceJson, actorJson(actor)]
		})) as [number, string];
		if (code === 0) return { recorded: false, reason: detail as Extract<CastOutcome, { recorded: false }>['reason'] };
		return { recorded: true, retried: code === 2, reply: JSON.parse(detail) as CastReply };
	}

	/** Closes an open vote; false if it was not open (or, at the deadline, the deadline has not passed). */
	async close(vote: VoteRecord, by: 'host' | 'deadline', actor: AuditActor): Promise<{ closed: boolean; status: string }> {
		const [code, status] = (await this.redis.eval(CLOSE_SCRIPT, {
			keys: [keys.vote(vote.id), keys.voteStatus(vote.id), keys.meetingRoll(vote.meetingId), keys.meetingLog(vote.meetingId), keys.meetingLogHead(vote.meetingId)],
			arguments: [by, actorJson(actor)]
		})) as [number, string?];
		return { closed: code === 1, status: status ?? 'closed' };
	}

	/** The ballots of a vote, read in one transaction. */
	async ballots(voteId: string): Promise<Ballots> {
		const [tally, voted, choices, named] = (await this.redis
			.multi()
			.hGetAll(keys.voteTally(voteId))
			.zCard(keys.voteVoters(voteId))
			.zRange(keys.voteChoices(voteId), 0, -1)
			.hGetAll(keys.voteNamed(voteId))
			.exec()) as unknown as [Record<string, string>, number, string[], Record<string, string>];
		return {
			tally: Object.fromEntries(Object.entries(tally).map(([f, n]) => [f, Number(n)])),
			voted,
			choices: choices.map((member) => {
				const [receipt, , ...rest] = member.split('|');
				return { receipt: receipt!, choiceJson: rest.join('|') };
			}),
			named
		};
	}

	/**
	 * Writes one field of the vote's status once, with its log entry, if the vote's status is one of
	 * `allowed`: 'outcome', 'announced', 'manual' or 'annulled'.
	 */
	async setOnce(
		vote: VoteRecord,
		field: 'outcome' | 'announced' | 'manual' | 'annulled',
		value: unknown,
		allowed: readonly VoteState['status'][],
		actor: AuditActor,
		action: string,
		data: unknown
	): Promise<{ written: boolean; reason?: string }> {
		const [code, reason] = (await this.redis.eval(SET_ONCE_SCRIPT, {
			keys: [keys.voteStatus(vote.id), keys.meetingLog(vote.meetingId), keys.meetingLogHead(vote.meetingId)],
			arguments: [field, JSON.stringify(value), actorJson(actor), action, JSON.stringify(data), allowed.join('|')]
		})) as [number, string?];
		return code === 1 ? { written: true } : { written: false, reason: reason ?? 'done' };
	}
}
