/** All Redis access for meeting logs: the hash-chained record of every change to a meeting. */
import { createHash } from 'node:crypto';
import {
	type AuditActor,
	AuditActionSchema,
	AuditActorSchema,
	type AuditEntry,
	type AuditExport,
	type AuditHead,
	type AuditRecord,
	type AuditVerification,
	GENESIS_HASH,
	toAuditEntry,
	verifyChain
} from '../../shared/audit.rules';
import type { RedisClient } from '../redis/redis-connection';
import { AUDIT_APPEND_SCRIPT, auditActorJson } from './audit-log.lua';
import { keys } from '../redis/redis-keys';

/**
 * Head and last stream id read together, so a verification sees one moment of the log even while
 * appends continue: entries after that moment are left out instead of looking like forgeries.
 */
const SNAPSHOT_SCRIPT = `
local head = redis.call('HMGET', KEYS[2], 'seq', 'hash')
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local now = redis.call('TIME')
return { head[1] or '', head[2] or '', last[1] and last[1][1] or '', now[1], now[2] }
`;

const PAGE_SIZE = 1000;
const MAX_LIST_LIMIT = 1000;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export interface AuditAppended {
	seq: number;
	hash: string;
	/** Redis server time of the append, in ms since the epoch. */
	at: number;
}

/** Thrown by `export` when the log does not verify: a broken record must not be handed out as final. */
export class AuditChainBrokenError extends Error {
	constructor(
		readonly meetingId: string,
		readonly verification: Extract<AuditVerification, { ok: false }>
	) {
		super(`meeting ${meetingId}: log broken at seq ${verification.brokenAtSeq} (${verification.reason}): ${verification.detail}`);
		this.name = 'AuditChainBrokenError';
	}
}

export class AuditLogRepository {
	constructor(private readonly redis: RedisClient) {}

	/**
	 * Appends one entry on its own. A change that must be recorded together with its entry runs
	 * `AUDIT_LOG_LUA` inside its own script instead.
	 */
	append(meetingId: string, actor: AuditActor, action: string, data: unknown): Promise<AuditAppended> {
		return this.#append(keys.meetingLog(meetingId), keys.meetingLogHead(meetingId), actor, action, data);
	}

	/** Appends to a body's log: changes to its roster and its deputies' devices. */
	appendToBody(bodyId: string, actor: AuditActor, action: string, data: unknown): Promise<AuditAppended> {
		return this.#append(keys.bodyLog(bodyId), keys.bodyLogHead(bodyId), actor, action, data);
	}

	async #append(logKey: string, headKey: string, actor: AuditActor, action: string, data: unknown): Promise<AuditAppended> {
		const reply = (await this.redis.eval(AUDIT_APPEND_SCRIPT, {
			keys: [logKey, headKey],
			arguments: [actorJson(actor), AuditActionSchema.parse(action), dataJson(data)]
		})) as [number, string, number];
		return { seq: reply[0], hash: reply[1], at: reply[2] };
	}

	/** Entries in order from `fromSeq` (default 1), at most `limit` (default 100, at most 1000). */
	async list(meetingId: string, { fromSeq = 1, limit = 100 }: { fromSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
		if (!Number.isSafeInteger(fromSeq) || fromSeq < 1) throw new RangeError(`fromSeq must be a positive integer, not ${fromSeq}`);
		if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) throw new RangeError(`limit must be 1 to ${MAX_LIST_LIMIT}, not ${limit}`);
		const page = (await this.redis.xRange(keys.meetingLog(meetingId), `${fromSeq}-0`, '+', { COUNT: limit })) ?? [];
		return page.map((m) => toAuditEntry(toRecord(m.message)));
	}

	async head(meetingId: string): Promise<AuditHead> {
		const [seq, hash] = await this.redis.hmGet(keys.meetingLogHead(meetingId), ['seq', 'hash']);
		return toHead(seq ?? null, hash ?? null);
	}

	/**
	 * Recomputes the whole chain as it stood at one moment, and checks it ends where the head says.
	 * Reports the first entry that cannot be vouched for.
	 */
	async verify(meetingId: string): Promise<AuditVerification> {
		return (await this.readVerified(meetingId)).verification;
	}

	/** The whole log with its final hash, verified first; throws `AuditChainBrokenError` if it does not verify. */
	async export(meetingId: string): Promise<AuditExport> {
		const { verification, records, verifiedAt } = await this.readVerified(meetingId);
		if (!verification.ok) throw new AuditChainBrokenError(meetingId, verification);
		return { meetingId, entries: records, finalHash: verification.finalHash, count: verification.count, verifiedAt };
	}

	private async readVerified(meetingId: string) {
		const logKey = keys.meetingLog(meetingId);
		const [headSeq, headHash, lastId, seconds, micros] = (await this.redis.eval(SNAPSHOT_SCRIPT, {
			keys: [logKey, keys.meetingLogHead(meetingId)],
			arguments: []
		})) as [string, string, string, string, string];
		const head = toHead(headSeq || null, headHash || null);
		const records = lastId ? await this.readRecords(logKey, lastId) : [];
		return {
			verification: verifyChain(records, sha256Hex, { head }),
			records,
			verifiedAt: Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)
		};
	}

	/** Every entry up to and including `lastId`, a page at a time so no reply grows with the log. */
	private async readRecords(logKey: string, lastId: string): Promise<AuditRecord[]> {
		const records: AuditRecord[] = [];
		let start = '-';
		for (;;) {
			const page = (await this.redis.xRange(logKey, start, lastId, { COUNT: PAGE_SIZE })) ?? [];
			for (const m of page) records.push(toRecord(m.message));
			const last = page.at(-1);
			if (page.length < PAGE_SIZE || !last) return records;
			start = `(${last.id}`;
		}
	}
}

/** Fixed key order, so the same actor is always stored as the same text. */
function actorJson(actor: AuditActor): string {
	return auditActorJson(AuditActorSchema.parse(actor));
}

function dataJson(data: unknown): string {
	const json = JSON.stringify(data);
	if (json === undefined) throw new TypeError('audit data must be JSON-serialisable (use null for none)');
	return json;
}

function toHead(seq: string | null, hash: string | null): AuditHead {
	return seq === null ? { seq: 0, hash: GENESIS_HASH } : { seq: Number(seq), hash: hash ?? '' };
}

/** Fields are taken as stored; anything missing or altered is left for `verifyChain` to reject. */
function toRecord(message: unknown): AuditRecord {
	const fields = message as Record<string, string | undefined>;
	return {
		seq: Number(fields.seq),
		at: Number(fields.at),
		actorJson: fields.actor ?? '',
		action: fields.action ?? '',
		dataJson: fields.data ?? '',
		prevHash: fields.prev ?? '',
		hash: fields.hash ?? ''
	};
}
