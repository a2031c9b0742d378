/**
 * The live state of a meeting in Redis: one JSON document changed by compare-and-set on its version,
 * and the roll (a hash, one line per member) changed by its own script so hundreds of tablets can
 * sign in at once without contending for the document. Every change bumps the live version and
 * appends to the meeting's hash-chained log in the same script.
 */
import type { AuditActor } from '../../shared/audit.rules';
import { type LiveState, type RollEntry, emptyLiveState } from '../../shared/live.schema';
import { AUDIT_LOG_LUA, SAVE_VERSIONED_DOCUMENT_SCRIPT, auditActorJson as actorJson } from '../audit/audit-log.lua';
import type { RedisClient } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';

/**
 * KEYS: live document, live version, roll hash, log stream, log head.
 * ARGV: member id, mode ('self' | 'clerk' | 'depart'), now (ms), actor JSON, action, data JSON.
 * Returns { 1, newVersion } when it wrote; { 2, version } when a self sign-in finds the member
 * already present (nothing to do); { 0, reason } when refused: 'closed', 'present' or 'absent'.
 */
const ROLL_SCRIPT = `${AUDIT_LOG_LUA}
local line = redis.call('HGET', KEYS[3], ARGV[1])
local entry = line and cjson.decode(line) or nil
local present = entry ~= nil and entry.departedAt == cjson.null
local mode = ARGV[2]
if mode == 'self' then
  local doc = redis.call('GET', KEYS[1])
  if not doc or not cjson.decode(doc).signIn.open then return { 0, 'closed' } end
  if present then return { 2, tonumber(redis.call('GET', KEYS[2]) or '0') } end
elseif mode == 'clerk' then
  if present then return { 0, 'present' } end
elseif not present then
  return { 0, 'absent' }
end
audit_check(ARGV[4], ARGV[5])
local now = tonumber(ARGV[3])
if mode == 'depart' then
  entry.departedAt = now
else
  entry = { signedInAt = now, by = mode, departedAt = cjson.null }
end
redis.call('HSET', KEYS[3], ARGV[1], string.format('{"signedInAt":%d,"by":"%s","departedAt":%s}', entry.signedInAt, entry.by,
  entry.departedAt == cjson.null and 'null' or string.format('%d', entry.departedAt)))
local version = redis.call('INCR', KEYS[2])
audit_append(KEYS[4], KEYS[5], ARGV[4], ARGV[5], ARGV[6])
return { 1, version }
`;

export interface LiveRecord {
	state: LiveState;
	version: number;
	roll: Record<string, RollEntry>;
}

export type RollMode = 'self' | 'clerk' | 'depart';
export type RollOutcome = { written: true; version: number } | { written: false; reason: 'closed' | 'present' | 'absent' | 'unchanged'; version?: number };


export class LiveRepository {
	constructor(private readonly redis: RedisClient) {}

	/** The document, its version and the roll, read in one transaction so they agree. */
	async get(meetingId: string): Promise<LiveRecord> {
		const [doc, version, roll] = (await this.redis
			.multi()
			.get(keys.meetingLive(meetingId))
			.get(keys.meetingLiveVersion(meetingId))
			.hGetAll(keys.meetingRoll(meetingId))
			.exec()) as unknown as [string | null, string | null, Record<string, string>];
		return {
			state: doc === null ? emptyLiveState() : (JSON.parse(doc) as LiveState),
			version: Number(version ?? 0),
			roll: Object.fromEntries(Object.entries(roll).map(([memberId, line]) => [memberId, JSON.parse(line) as RollEntry]))
		};
	}

	/** How many members are signed in and not departed, from the roll alone. */
	async presentCount(meetingId: string): Promise<number> {
		const lines = await this.redis.hVals(keys.meetingRoll(meetingId));
		return lines.filter((line) => (JSON.parse(line) as RollEntry).departedAt === null).length;
	}

	/** Writes `state` if the version is still `expected`, with its log entry. */
	async save(meetingId: string, state: LiveState, expected: number, actor: AuditActor, action: string, data: unknown): Promise<{ saved: boolean; version: number }> {
		const [saved, version] = (await this.redis.eval(SAVE_VERSIONED_DOCUMENT_SCRIPT, {
			keys: [keys.meetingLive(meetingId), keys.meetingLiveVersion(meetingId), keys.meetingLog(meetingId), keys.meetingLogHead(meetingId)],
			arguments: [String(expected), JSON.stringify(state), actorJson(actor), action, JSON.stringify(data)]
		})) as [number, number];
		return { saved: saved === 1, version };
	}

	/** Signs a member in (themselves while sign-in is open, or by staff), or records their departure. */
	async roll(meetingId: string, memberId: string, mode: RollMode, now: number, actor: AuditActor, action: string, data: unknown): Promise<RollOutcome> {
		const [code, detail] = (await this.redis.eval(ROLL_SCRIPT, {
			keys: [keys.meetingLive(meetingId), keys.meetingLiveVersion(meetingId), keys.meetingRoll(meetingId), keys.meetingLog(meetingId), keys.meetingLogHead(meetingId)],
			arguments: [memberId, mode, String(Math.round(now)), actorJson(actor), action, JSON.stringify(data)]
		})) as [number, number | string];
		if (code === 1) return { written: true, version: Number(detail) };
		if (code === 2) return { written: false, reason: 'unchanged', version: Number(detail) };
		return { written: false, reason: detail as 'closed' | 'present' | 'absent' };
	}
}
