/**
 * All Redis access for meetings, bodies and their rosters. Every change is one script that checks the
 * version it was based on, writes, bumps the version and appends to the hash-chained log, so a change
 * and its log entry are never apart and two editors cannot overwrite each other unseen.
 */
import { RESP_TYPES } from 'redis';
import type { AuditActor } from '../../shared/audit.rules';
import { type Body, BodySchema, type Meeting, MeetingSchema, type Member, MemberSchema } from '../../shared/meeting.schema';
import { AUDIT_LOG_LUA, auditActorJson as actorJson } from '../audit/audit-log.lua';
import type { RedisClient } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';

/** Claims the marker and writes everything, or writes nothing if the marker is taken: one atomic step. */
const CREATE_ONCE_SCRIPT = `${AUDIT_LOG_LUA}
if redis.call('SET', KEYS[1], ARGV[1], 'NX') == false then return 0 end
audit_check(ARGV[5], 'meeting.created')
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SADD', KEYS[7], ARGV[6])
if #ARGV > 6 then redis.call('HSET', KEYS[3], unpack(ARGV, 7)) end
redis.call('SET', KEYS[4], ARGV[3])
redis.call('SET', KEYS[5], 1)
redis.call('SADD', KEYS[6], ARGV[4])
audit_append(KEYS[8], KEYS[9], ARGV[5], 'meeting.created', ARGV[3])
return 1
`;

/**
 * KEYS: document, version, log stream, log head, index set.
 * ARGV: expected version (a number, or 'new' for a document that must not exist yet), document JSON,
 * id for the index set, actor JSON, action, data JSON.
 * Returns { 1, newVersion, seq } or { 0, currentVersion } when the version moved.
 */
const SAVE_DOCUMENT_SCRIPT = `${AUDIT_LOG_LUA}
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if ARGV[1] == 'new' then
  if redis.call('EXISTS', KEYS[1]) == 1 then return { 0, current } end
elseif tonumber(ARGV[1]) ~= current then
  return { 0, current }
end
audit_check(ARGV[4], ARGV[5])
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SADD', KEYS[5], ARGV[3])
local version = redis.call('INCR', KEYS[2])
local entry = audit_append(KEYS[3], KEYS[4], ARGV[4], ARGV[5], ARGV[6])
return { 1, version, entry[1] }
`;

/**
 * KEYS: body version, members hash, body log stream, body log head.
 * ARGV: expected version, actor JSON, action, data JSON, then member id / member JSON pairs to write.
 */
const SAVE_MEMBERS_SCRIPT = `${AUDIT_LOG_LUA}
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) ~= current then return { 0, current } end
audit_check(ARGV[2], ARGV[3])
if #ARGV > 4 then redis.call('HSET', KEYS[2], unpack(ARGV, 5)) end
local version = redis.call('INCR', KEYS[1])
local entry = audit_append(KEYS[3], KEYS[4], ARGV[2], ARGV[3], ARGV[4])
return { 1, version, entry[1] }
`;

/** Member ids in roster order (m2 before m10); one collator, as building one per comparison is slow. */
const MEMBER_ORDER = new Intl.Collator('en', { numeric: true });

export interface MeetingRecord {
	meeting: Meeting;
	version: number;
}

export interface BodyRecord {
	body: Body;
	members: Member[];
	version: number;
}

/** What a versioned write did: saved at `version`, or refused because the version had moved on. */
export type SaveOutcome = { saved: true; version: number } | { saved: false; currentVersion: number };

/** The log entry written with a change. */
export interface LogEntryInput {
	actor: AuditActor;
	action: string;
	data: unknown;
}


function outcome(reply: unknown): SaveOutcome {
	const [saved, version] = reply as [number, number];
	return saved === 1 ? { saved: true, version } : { saved: false, currentVersion: version };
}

export class MeetingRepository {
	constructor(private readonly redis: RedisClient) {}

	async getMeeting(meetingId: string): Promise<MeetingRecord | null> {
		const [doc, version] = await Promise.all([this.redis.get(keys.meeting(meetingId)), this.redis.get(keys.meetingVersion(meetingId))]);
		if (doc === null) return null;
		return { meeting: MeetingSchema.parse(JSON.parse(doc)), version: Number(version ?? 0) };
	}

	async listMeetingIds(): Promise<string[]> {
		return (await this.redis.sMembers(keys.meetings())).sort();
	}

	/** Writes the meeting if its version is still `expected` ('new': if it does not exist), with its log entry. */
	async saveMeeting(meeting: Meeting, expected: number | 'new', log: LogEntryInput): Promise<SaveOutcome> {
		return outcome(
			await this.redis.eval(SAVE_DOCUMENT_SCRIPT, {
				keys: [keys.meeting(meeting.id), keys.meetingVersion(meeting.id), keys.meetingLog(meeting.id), keys.meetingLogHead(meeting.id), keys.meetings()],
				arguments: [String(expected), JSON.stringify(meeting), meeting.id, actorJson(log.actor), log.action, JSON.stringify(log.data)]
			})
		);
	}

	async listBodyIds(): Promise<string[]> {
		return (await this.redis.sMembers(keys.bodies())).sort();
	}

	async getBody(bodyId: string): Promise<Body | null> {
		const doc = await this.redis.get(keys.body(bodyId));
		return doc === null ? null : BodySchema.parse(JSON.parse(doc));
	}

	/**
	 * The body, its whole roster and its version, read together. Parsed once per version and kept: every
	 * connection that joins, every sign-in and every command reads the roster, and parsing 3,000 members
	 * takes some 15 ms, where asking Redis whether the version moved takes one round trip. The record
	 * is frozen, as it is shared; the version moves with every change (one script writes both).
	 */
	async getBodyRecord(bodyId: string): Promise<BodyRecord | null> {
		const cached = this.#bodies.get(bodyId);
		if (cached && cached.version === Number((await this.redis.get(keys.bodyVersion(bodyId))) ?? 0)) return cached;
		const record = await this.#readBodyRecord(bodyId);
		if (record) {
			for (const m of record.members) Object.freeze(m);
			Object.freeze(record.members);
			this.#bodies.set(bodyId, Object.freeze(record));
		} else this.#bodies.delete(bodyId);
		return record;
	}

	readonly #bodies = new Map<string, BodyRecord>();

	async #readBodyRecord(bodyId: string): Promise<BodyRecord | null> {
		const [doc, members, version] = await Promise.all([
			this.redis.get(keys.body(bodyId)),
			this.redis.hVals(keys.bodyMembers(bodyId)),
			this.redis.get(keys.bodyVersion(bodyId))
		]);
		if (doc === null) return null;
		return {
			body: BodySchema.parse(JSON.parse(doc)),
			members: members.map((m) => MemberSchema.parse(JSON.parse(m))).sort((a, b) => MEMBER_ORDER.compare(a.id, b.id)),
			version: Number(version ?? 0)
		};
	}

	async listMembers(bodyId: string): Promise<Member[]> {
		return (await this.getBodyRecord(bodyId))?.members ?? [];
	}

	async getMember(bodyId: string, memberId: string): Promise<Member | null> {
		const doc = await this.redis.hGet(keys.bodyMembers(bodyId), memberId);
		return doc ? MemberSchema.parse(JSON.parse(doc)) : null;
	}

	/** Creates a body with an empty roster unless the id is taken. */
	async createBody(body: Body, log: LogEntryInput): Promise<SaveOutcome> {
		return outcome(
			await this.redis.eval(SAVE_DOCUMENT_SCRIPT, {
				keys: [keys.body(body.id), keys.bodyVersion(body.id), keys.bodyLog(body.id), keys.bodyLogHead(body.id), keys.bodies()],
				arguments: ['new', JSON.stringify(body), body.id, actorJson(log.actor), log.action, JSON.stringify(log.data)]
			})
		);
	}

	/** Writes these members (new or changed) if the roster's version is still `expected`. */
	async saveMembers(bodyId: string, members: readonly Member[], expected: number, log: LogEntryInput): Promise<SaveOutcome> {
		return outcome(
			await this.redis.eval(SAVE_MEMBERS_SCRIPT, {
				keys: [keys.bodyVersion(bodyId), keys.bodyMembers(bodyId), keys.bodyLog(bodyId), keys.bodyLogHead(bodyId)],
				arguments: [String(expected), actorJson(log.actor), log.action, JSON.stringify(log.data), ...members.flatMap((m) => [m.id, JSON.stringify(m)])]
			})
		);
	}

	async putMaterial(meetingId: string, materialId: string, bytes: Buffer): Promise<void> {
		await this.redis.set(keys.material(meetingId, materialId), bytes);
	}

	async getMaterial(meetingId: string, materialId: string): Promise<Buffer | null> {
		return this.redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).get(keys.material(meetingId, materialId));
	}

	async deleteMaterial(meetingId: string, materialId: string): Promise<void> {
		await this.redis.del(keys.material(meetingId, materialId));
	}

	/**
	 * Writes a body, its roster and a meeting in one step, guarded by `markerKey`: if the marker is
	 * already set nothing is written. Returns whether it wrote, so a seed runs once however often the
	 * server starts, even with two processes starting together.
	 */
	async createOnce(markerKey: string, body: Body, members: Member[], meeting: Meeting, actor: AuditActor): Promise<boolean> {
		const roster = members.flatMap((m) => [m.id, JSON.stringify(m)]);
		const written = await this.redis.eval(CREATE_ONCE_SCRIPT, {
			keys: [
				markerKey,
				keys.body(body.id),
				keys.bodyMembers(body.id),
				keys.meeting(meeting.id),
				keys.meetingVersion(meeting.id),
				keys.meetings(),
				keys.bodies(),
				keys.meetingLog(meeting.id),
				keys.meetingLogHead(meeting.id)
			],
			arguments: [new Date().toISOString(), JSON.stringify(body), JSON.stringify(meeting), meeting.id, actorJson(actor), body.id, ...roster]
		});
		return written === 1;
	}
}
