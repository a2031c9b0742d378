/**
 * The meeting log's hash chain, pure (DESIGN.md §4, Integrity). Every state change of a meeting is
 * appended as one entry whose hash covers the entry and, through `prevHash`, every entry before it,
 * so the last hash stands for the whole record. Publishing or printing that final hash is what makes
 * the log checkable: anyone holding an export can recompute the chain and compare.
 *
 * Writing happens in Redis (realtime/audit/audit-log.lua.ts builds the same canonical string in Lua);
 * this file defines the format and checks it.
 *
 * SHA-256 is taken as a parameter rather than imported: shared/ is also bundled for the browser,
 * which has no `node:crypto`, and the browser's own `crypto.subtle.digest` is asynchronous. The
 * server passes node:crypto; a browser verifier can pass any synchronous SHA-256.
 */
import * as z from 'zod';

/** The `prevHash` of entry 1: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** Who made a change. `role` is an application role or `system` for jobs acting on their own. */
export const AuditActorSchema = z.object({
	role: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lower-case letters, digits or -, at most 32'),
	id: z.string().min(1).max(64),
	name: z.string().max(100).optional()
});
export type AuditActor = z.infer<typeof AuditActorSchema>;

/** What happened, as `domain.past-tense`: `meeting.created`, `roster.imported`, `vote.cast`. */
export const AuditActionSchema = z
	.string()
	.max(64)
	.regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'like meeting.created');

const HashSchema = z.string().regex(HASH_PATTERN, '64 lower-case hex digits');

/**
 * An entry exactly as stored and hashed: `actorJson` and `dataJson` are the JSON texts as written,
 * never re-serialised, so any implementation can recompute the hash byte for byte.
 */
export const AuditRecordSchema = z.object({
	/** 1, 2, 3, … with no gaps. */
	seq: z.number().int().min(1),
	/** Redis server time of the append, in ms since the epoch. */
	at: z.number().int().min(0),
	actorJson: z.string(),
	action: z.string(),
	dataJson: z.string(),
	prevHash: HashSchema,
	hash: HashSchema
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

/** An entry as the application reads it: the record with its JSON parsed. */
export interface AuditEntry {
	seq: number;
	/** Redis server time of the append, in ms since the epoch. */
	at: number;
	actor: AuditActor;
	action: string;
	data: unknown;
	prevHash: string;
	hash: string;
}

/** The last entry's sequence number and hash; `{ seq: 0, hash: GENESIS_HASH }` for an empty log. */
export interface AuditHead {
	seq: number;
	hash: string;
}

/**
 * A meeting's whole log, verified when it was made. Entries are records (raw JSON texts) so the
 * export can be checked independently with `verifyChain`.
 */
export const AuditExportSchema = z.object({
	meetingId: z.string(),
	entries: z.array(AuditRecordSchema),
	finalHash: HashSchema,
	count: z.number().int().min(0),
	/** Redis server time of the verification, in ms since the epoch. */
	verifiedAt: z.number().int().min(0)
});
export type AuditExport = z.infer<typeof AuditExportSchema>;

/**
 * The exact text whose SHA-256 is an entry's `hash`:
 *
 * ```
 * `${seq}\n${at}\n${prevHash}\n${actorJson}\n${action}\n${dataJson}`
 * ```
 *
 * - `seq` and `at` in decimal, no sign, no leading zeros, no fraction;
 * - `prevHash` as 64 lower-case hex digits (`GENESIS_HASH` for entry 1);
 * - `actorJson`, `action`, `dataJson` exactly as stored;
 * - fields joined by a single line feed (U+000A), nothing before or after;
 * - hashed as UTF-8 bytes; the hash is written as 64 lower-case hex digits.
 *
 * Only the last field may contain a line feed (JSON texts as produced by `JSON.stringify` never
 * do, but a stored text is taken as it is), so the string splits back into its fields in one way
 * only and two different entries cannot share it. `verifyChain` refuses records that break this.
 */
export function auditCanonicalString(record: Omit<AuditRecord, 'hash'>): string {
	return `${record.seq}\n${record.at}\n${record.prevHash}\n${record.actorJson}\n${record.action}\n${record.dataJson}`;
}

/** Parses a record's JSON texts; throws if they are not what the log writes. */
export function toAuditEntry(record: AuditRecord): AuditEntry {
	return {
		seq: record.seq,
		at: record.at,
		actor: AuditActorSchema.parse(JSON.parse(record.actorJson)),
		action: record.action,
		data: JSON.parse(record.dataJson) as unknown,
		prevHash: record.prevHash,
		hash: record.hash
	};
}

/**
 * Why a chain is broken:
 * - `malformed`: a field is not in the canonical format (see `auditCanonicalString`);
 * - `sequence`: the entry at this position does not carry the next number (one deleted, moved or
 *   duplicated);
 * - `prev-hash`: the entry does not point at the hash of the one before it (an entry before it was
 *   altered and re-hashed, or replaced);
 * - `hash`: the entry's content does not produce its hash (the entry was altered);
 * - `head`: the chain is intact but does not end where the head says it does (entries cut from the
 *   end, or the head altered).
 */
export type AuditBreakReason = 'malformed' | 'sequence' | 'prev-hash' | 'hash' | 'head';

export type AuditVerification =
	| { ok: true; finalHash: string; count: number }
	| {
			ok: false;
			/** The first sequence number whose entry cannot be vouched for. */
			brokenAtSeq: number;
			reason: AuditBreakReason;
			/** For people investigating; English, not shown to end users. */
			detail: string;
	  };

/**
 * Recomputes the chain over `records` in the order given, which must be the log's order from
 * entry 1. With `head`, also checks that the chain ends exactly there — without it, cutting entries
 * from the end goes unnoticed, since what remains is still a valid chain.
 *
 * @param sha256Hex SHA-256 of the text's UTF-8 bytes as 64 lower-case hex digits.
 */
export function verifyChain(
	records: readonly AuditRecord[],
	sha256Hex: (text: string) => string,
	options: { head?: AuditHead } = {}
): AuditVerification {
	let prevHash = GENESIS_HASH;
	let expected = 1;
	for (const record of records) {
		const malformed = malformedField(record);
		if (malformed) {
			return { ok: false, brokenAtSeq: expected, reason: 'malformed', detail: `entry at position ${expected}: ${malformed}` };
		}
		if (record.seq !== expected) {
			return { ok: false, brokenAtSeq: expected, reason: 'sequence', detail: `expected seq ${expected}, found seq ${record.seq}` };
		}
		if (record.prevHash !== prevHash) {
			return { ok: false, brokenAtSeq: expected, reason: 'prev-hash', detail: `prevHash ${record.prevHash} is not the previous hash ${prevHash}` };
		}
		const computed = sha256Hex(auditCanonicalString(record));
		if (computed !== record.hash) {
			return { ok: false, brokenAtSeq: expected, reason: 'hash', detail: `content hashes to ${computed}, entry says ${record.hash}` };
		}
		prevHash = record.hash;
		expected += 1;
	}
	const count = expected - 1;
	const head = options.head;
	if (head && (head.seq !== count || head.hash !== prevHash)) {
		// Same length: the last entry and the head disagree. Otherwise: the first entry one side lacks.
		const brokenAtSeq = head.seq === count ? Math.max(count, 1) : Math.min(count, head.seq) + 1;
		return {
			ok: false,
			brokenAtSeq,
			reason: 'head',
			detail: `chain ends at seq ${count} with ${prevHash}; head says seq ${head.seq} with ${head.hash}`
		};
	}
	return { ok: true, finalHash: prevHash, count };
}

function malformedField(record: AuditRecord): string | null {
	if (!Number.isSafeInteger(record.seq) || record.seq < 1) return `seq ${String(record.seq)} is not a positive integer`;
	if (!Number.isSafeInteger(record.at) || record.at < 0) return `at ${String(record.at)} is not a time in ms`;
	if (!HASH_PATTERN.test(record.prevHash)) return 'prevHash is not 64 lower-case hex digits';
	if (!HASH_PATTERN.test(record.hash)) return 'hash is not 64 lower-case hex digits';
	if (record.actorJson.includes('\n')) return 'actor contains a line feed';
	if (record.action.includes('\n')) return 'action contains a line feed';
	return null;
}
