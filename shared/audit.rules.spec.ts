import { seededRandom as prng } from './testing/seeded-random';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
	AuditActionSchema,
	AuditActorSchema,
	type AuditExport,
	AuditExportSchema,
	type AuditRecord,
	GENESIS_HASH,
	auditCanonicalString,
	toAuditEntry,
	verifyChain
} from './audit.rules';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');


function seal(record: Omit<AuditRecord, 'hash'>): AuditRecord {
	return { ...record, hash: sha256Hex(auditCanonicalString(record)) };
}

function chain(n: number): AuditRecord[] {
	const records: AuditRecord[] = [];
	let prevHash = GENESIS_HASH;
	for (let seq = 1; seq <= n; seq++) {
		const record = seal({
			seq,
			at: 1_790_000_000_000 + seq * 37,
			actorJson: JSON.stringify({ role: 'clerk', id: `c${seq % 3}`, name: '书记员' }),
			action: seq === 1 ? 'meeting.created' : 'roster.imported',
			dataJson: JSON.stringify({ n: seq, note: `第${seq}项\n换行` }),
			prevHash
		});
		records.push(record);
		prevHash = record.hash;
	}
	return records;
}

describe('the canonical string', () => {
	it('is the fields joined by line feeds, JSON texts as stored', () => {
		const text = auditCanonicalString({
			seq: 12,
			at: 1_790_000_000_123,
			prevHash: 'ab'.repeat(32),
			actorJson: '{"role":"host","id":"h1","name":"主持人"}',
			action: 'meeting.created',
			dataJson: '{"title":"问政","lines":"a\\nb"}'
		});
		expect(text).toBe(
			'12\n1790000000123\nabababababababababababababababababababababababababababababababab\n' +
				'{"role":"host","id":"h1","name":"主持人"}\nmeeting.created\n{"title":"问政","lines":"a\\nb"}'
		);
	});

	it('starts from 64 zeros', () => {
		expect(GENESIS_HASH).toBe('0000000000000000000000000000000000000000000000000000000000000000');
	});
});

describe('verifyChain', () => {
	it('accepts an empty log, ending at the genesis hash', () => {
		expect(verifyChain([], sha256Hex)).toEqual({ ok: true, finalHash: GENESIS_HASH, count: 0 });
		expect(verifyChain([], sha256Hex, { head: { seq: 0, hash: GENESIS_HASH } }).ok).toBe(true);
	});

	it('accepts an intact chain and reports its last hash', () => {
		const records = chain(6);
		expect(verifyChain(records, sha256Hex, { head: { seq: 6, hash: records[5]!.hash } })).toEqual({
			ok: true,
			finalHash: records[5]!.hash,
			count: 6
		});
	});

	it('uses the hash function it is given', () => {
		const records = chain(2);
		const result = verifyChain(records, () => 'f'.repeat(64));
		expect(result).toMatchObject({ ok: false, brokenAtSeq: 1, reason: 'hash' });
	});

	it('finds altered content at the altered entry', () => {
		const records = chain(5);
		records[2] = { ...records[2]!, dataJson: JSON.stringify({ n: 3, note: '已篡改' }) };
		expect(verifyChain(records, sha256Hex)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'hash' });
	});

	it('finds an altered and re-hashed entry at the one after it', () => {
		const records = chain(5);
		const { hash: _, ...rest } = records[2]!;
		records[2] = seal({ ...rest, action: 'vote.cast' });
		expect(verifyChain(records, sha256Hex)).toMatchObject({ ok: false, brokenAtSeq: 4, reason: 'prev-hash' });
	});

	it('finds a deleted entry where it is missing', () => {
		const records = chain(5);
		records.splice(1, 1);
		expect(verifyChain(records, sha256Hex)).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'sequence' });
	});

	it('finds two swapped entries at the first of them', () => {
		const records = chain(5);
		[records[2], records[3]] = [records[3]!, records[2]!];
		expect(verifyChain(records, sha256Hex)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'sequence' });
	});

	it('finds a duplicated entry', () => {
		const records = chain(4);
		records.splice(2, 0, records[1]!);
		expect(verifyChain(records, sha256Hex)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'sequence' });
	});

	it('cannot see entries cut from the end without the head, and can with it', () => {
		const records = chain(5);
		const head = { seq: 5, hash: records[4]!.hash };
		const cut = records.slice(0, 3);
		expect(verifyChain(cut, sha256Hex).ok).toBe(true);
		expect(verifyChain(cut, sha256Hex, { head })).toMatchObject({ ok: false, brokenAtSeq: 4, reason: 'head' });
	});

	it('finds entries beyond the head', () => {
		const records = chain(5);
		expect(verifyChain(records, sha256Hex, { head: { seq: 4, hash: records[3]!.hash } })).toMatchObject({
			ok: false,
			brokenAtSeq: 5,
			reason: 'head'
		});
	});

	it('finds a head that disagrees with the last entry', () => {
		const records = chain(3);
		expect(verifyChain(records, sha256Hex, { head: { seq: 3, hash: records[1]!.hash } })).toMatchObject({
			ok: false,
			brokenAtSeq: 3,
			reason: 'head'
		});
		expect(verifyChain([], sha256Hex, { head: { seq: 0, hash: 'a'.repeat(64) } })).toMatchObject({ ok: false, brokenAtSeq: 1, reason: 'head' });
	});

	it('refuses a line feed outside the last field even when the hash matches, since the string would split two ways', () => {
		const honest = seal({ seq: 1, at: 5, prevHash: GENESIS_HASH, actorJson: '{"role":"host","id":"h"}', action: 'a.b', dataJson: 'x\nc.d\n{}' });
		const forged = seal({ seq: 1, at: 5, prevHash: GENESIS_HASH, actorJson: '{"role":"host","id":"h"}', action: 'a.b\nx', dataJson: 'c.d\n{}' });
		expect(forged.hash).toBe(honest.hash);
		expect(verifyChain([honest], sha256Hex).ok).toBe(true);
		expect(verifyChain([forged], sha256Hex)).toMatchObject({ ok: false, brokenAtSeq: 1, reason: 'malformed' });
		const actorLf = seal({ ...honest, actorJson: '{"role":"host",\n"id":"h"}' });
		expect(verifyChain([actorLf], sha256Hex)).toMatchObject({ ok: false, reason: 'malformed' });
	});

	it.each([
		['a fractional time', { at: 1.5 }],
		['a negative time', { at: -1 }],
		['an unreadable seq', { seq: Number.NaN }],
		['an upper-case hash', { hash: 'A'.repeat(64) }],
		['a short prevHash', { prevHash: 'ab' }]
	])('refuses %s as malformed', (_, change) => {
		const records = chain(3);
		records[1] = { ...records[1]!, ...change };
		expect(verifyChain(records, sha256Hex)).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'malformed' });
	});

	it('reports any single altered field at the entry it was altered in (fuzz)', () => {
		const random = prng(20260829);
		const fields = ['seq', 'at', 'actorJson', 'action', 'dataJson', 'prevHash', 'hash'] as const;
		for (let round = 0; round < 500; round++) {
			const records = chain(1 + Math.floor(random() * 12));
			const index = Math.floor(random() * records.length);
			const field = fields[Math.floor(random() * fields.length)]!;
			const target = { ...records[index]! };
			if (field === 'seq' || field === 'at') target[field] += 1 + Math.floor(random() * 1000);
			else if (field === 'prevHash' || field === 'hash') {
				const position = Math.floor(random() * 64);
				const flipped = target[field][position] === '0' ? '1' : '0';
				target[field] = target[field].slice(0, position) + flipped + target[field].slice(position + 1);
			} else target[field] = `${target[field]} `;
			records[index] = target;
			const result = verifyChain(records, sha256Hex);
			expect(result.ok, `round ${round}: ${field} of entry ${index + 1}`).toBe(false);
			if (!result.ok) expect(result.brokenAtSeq, `round ${round}: ${field} of entry ${index + 1}`).toBe(index + 1);
		}
	});
});

describe('schemas and parsing', () => {
	it('accepts actions shaped domain.past-tense and nothing else', () => {
		for (const ok of ['meeting.created', 'roster.imported', 'vote.cast', 'inquiry.follow-up.requested']) {
			expect(AuditActionSchema.safeParse(ok).success, ok).toBe(true);
		}
		for (const bad of ['created', 'Meeting.created', 'meeting.', '.created', 'meeting.created\n', 'meeting created', `a.${'b'.repeat(70)}`]) {
			expect(AuditActionSchema.safeParse(bad).success, bad).toBe(false);
		}
	});

	it('accepts an actor with or without a name, and the system', () => {
		expect(AuditActorSchema.parse({ role: 'deputy', id: 'd-001', name: '王芳' })).toEqual({ role: 'deputy', id: 'd-001', name: '王芳' });
		expect(AuditActorSchema.parse({ role: 'system', id: 'auto-close' })).toEqual({ role: 'system', id: 'auto-close' });
		expect(AuditActorSchema.safeParse({ role: '', id: 'x' }).success).toBe(false);
		expect(AuditActorSchema.safeParse({ role: 'host' }).success).toBe(false);
	});

	it('parses a record into an entry', () => {
		const [record] = chain(1);
		expect(toAuditEntry(record!)).toEqual({
			seq: 1,
			at: record!.at,
			actor: { role: 'clerk', id: 'c1', name: '书记员' },
			action: 'meeting.created',
			data: { n: 1, note: '第1项\n换行' },
			prevHash: GENESIS_HASH,
			hash: record!.hash
		});
		expect(() => toAuditEntry({ ...record!, actorJson: '{"id":"x"}' })).toThrow();
	});

	it('reads back an export as written, and refuses one with a bad hash', () => {
		const entries = chain(3);
		const exported: AuditExport = { meetingId: 'm1', entries, finalHash: entries[2]!.hash, count: 3, verifiedAt: 1_790_000_000_000 };
		const parsed = AuditExportSchema.parse(JSON.parse(JSON.stringify(exported)));
		expect(parsed).toEqual(exported);
		expect(verifyChain(parsed.entries, sha256Hex, { head: { seq: parsed.count, hash: parsed.finalHash } }).ok).toBe(true);
		expect(AuditExportSchema.safeParse({ ...exported, finalHash: 'xyz' }).success).toBe(false);
	});
});
