/**
 * All Redis access for a meeting's question collection and project pool: one JSON document with a
 * version of its own (apart from the plan's, so collecting never makes the agenda editor's copy stale).
 * Every change is one script that checks the version it was computed from, writes, bumps the version
 * and appends to the meeting's hash-chained log, so two deputies racing for the last place in their
 * group's quota cannot both be written: the second finds the version moved and is computed again.
 */
import type { AuditActor } from '../../shared/audit.rules';
import { type CollectionState, CollectionStateSchema } from '../../shared/collection.schema';
import { SAVE_VERSIONED_DOCUMENT_SCRIPT, auditActorJson } from '../audit/audit-log.lua';
import type { RedisClient } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';

export interface CollectionRecord {
	/** Null before anything was collected: the caller starts from an empty collection. */
	state: CollectionState | null;
	version: number;
}

export type CollectionSaved = { saved: true; version: number } | { saved: false; currentVersion: number } | { saved: false; meetingGone: true };

export class CollectionRepository {
	constructor(private readonly redis: RedisClient) {}

	/** The document and its version, read in one round trip so they belong together. */
	async get(meetingId: string): Promise<CollectionRecord> {
		const [doc, version] = (await this.redis.mGet([keys.meetingCollection(meetingId), keys.meetingCollectionVersion(meetingId)])) as [string | null, string | null];
		return { state: doc === null ? null : CollectionStateSchema.parse(JSON.parse(doc)), version: Number(version ?? 0) };
	}

	/** Writes `state` if the version is still `expected`, with its log entry, in one script. */
	async save(meetingId: string, state: CollectionState, expected: number, log: { actor: AuditActor; action: string; data: unknown }): Promise<CollectionSaved> {
		const reply = (await this.redis.eval(SAVE_VERSIONED_DOCUMENT_SCRIPT, {
			keys: [keys.meetingCollection(meetingId), keys.meetingCollectionVersion(meetingId), keys.meetingLog(meetingId), keys.meetingLogHead(meetingId), keys.meeting(meetingId)],
			arguments: [String(expected), JSON.stringify(state), auditActorJson(log.actor), log.action, JSON.stringify(log.data)]
		})) as number[];
		if (reply[0] === -1) return { saved: false, meetingGone: true };
		return reply[0] === 1 ? { saved: true, version: reply[1]! } : { saved: false, currentVersion: reply[1]! };
	}
}
