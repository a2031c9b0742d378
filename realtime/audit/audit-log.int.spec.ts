/** The meeting log against a real Redis: chaining, concurrency, tamper detection, export. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditActor, AuditExportSchema, GENESIS_HASH, verifyChain } from '../../shared/audit.rules';
import type { RedisClient } from '../redis/redis-connection';
import { testRedis } from '../testing/test-redis';
import { keys } from '../redis/redis-keys';
import { AuditChainBrokenError, AuditLogRepository, sha256Hex } from './audit-log.repository';

const HOST: AuditActor = { role: 'host', id: 'host-1', name: '李主任' };
const CLERK: AuditActor = { role: 'clerk', id: 'clerk-1' };

type StoredEntry = { id: string; message: Record<string, string> };

describe('the meeting log', () => {
	let redis: RedisClient;
	let log: AuditLogRepository;
	let meetingCounter = 0;
	const newMeeting = () => `m${++meetingCounter}`;

	beforeAll(async () => {
		({ redis } = await testRedis());
		log = new AuditLogRepository(redis);
	});
	afterAll(async () => {
		await redis.close();
	});

	async function appendMany(meetingId: string, n: number) {
		const results = [];
		for (let i = 1; i <= n; i++) results.push(await log.append(meetingId, i % 2 ? HOST : CLERK, 'roster.imported', { batch: i, 名单: `第${i}批` }));
		return results;
	}

	/** Tampering as someone with Redis access would: read the stream, change it, write it back. */
	async function rewriteLog(meetingId: string, edit: (entries: StoredEntry[]) => StoredEntry[]) {
		const key = keys.meetingLog(meetingId);
		const entries = ((await redis.xRange(key, '-', '+')) ?? []).map((e) => ({ id: e.id, message: { ...(e.message as Record<string, string>) } }));
		const edited = edit(entries);
		await redis.del(key);
		for (const e of edited) await redis.xAdd(key, e.id, e.message);
	}

	it('starts empty, at the genesis hash', async () => {
		const meetingId = newMeeting();
		expect(await log.head(meetingId)).toEqual({ seq: 0, hash: GENESIS_HASH });
		expect(await log.list(meetingId)).toEqual([]);
		expect(await log.verify(meetingId)).toEqual({ ok: true, finalHash: GENESIS_HASH, count: 0 });
	});

	it('numbers entries 1..n, each pointing at the hash before it', async () => {
		const meetingId = newMeeting();
		const appended = await appendMany(meetingId, 8);
		expect(appended.map((a) => a.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

		const entries = await log.list(meetingId);
		expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
		for (let i = 1; i < entries.length; i++) expect(entries[i]!.prevHash).toBe(entries[i - 1]!.hash);
		expect(entries.map((e) => e.hash)).toEqual(appended.map((a) => a.hash));
		expect(entries[0]).toMatchObject({ actor: HOST, action: 'roster.imported', data: { batch: 1, 名单: '第1批' }, at: appended[0]!.at });
		expect(entries[1]!.actor).toEqual(CLERK);
		expect(await log.head(meetingId)).toEqual({ seq: 8, hash: appended[7]!.hash });
	});

	it('lists a page from a given seq', async () => {
		const meetingId = newMeeting();
		await appendMany(meetingId, 10);
		expect((await log.list(meetingId, { fromSeq: 4, limit: 3 })).map((e) => e.seq)).toEqual([4, 5, 6]);
		expect((await log.list(meetingId, { fromSeq: 9 })).map((e) => e.seq)).toEqual([9, 10]);
		expect(await log.list(meetingId, { fromSeq: 11 })).toEqual([]);
		await expect(log.list(meetingId, { limit: 0 })).rejects.toThrow(RangeError);
		await expect(log.list(meetingId, { fromSeq: 0 })).rejects.toThrow(RangeError);
	});

	it('keeps each meeting its own chain', async () => {
		const [a, b] = [newMeeting(), newMeeting()];
		await log.append(a, HOST, 'meeting.created', { id: a });
		await log.append(b, HOST, 'meeting.created', { id: b });
		await log.append(a, HOST, 'meeting.opened', null);
		expect((await log.head(a)).seq).toBe(2);
		expect((await log.head(b)).seq).toBe(1);
		expect((await log.verify(a)).ok).toBe(true);
		expect((await log.verify(b)).ok).toBe(true);
	});

	it('refuses a malformed actor, action or data and writes nothing', async () => {
		const meetingId = newMeeting();
		await expect(log.append(meetingId, { role: 'Host', id: 'x' }, 'meeting.created', {})).rejects.toThrow();
		await expect(log.append(meetingId, HOST, 'created', {})).rejects.toThrow();
		await expect(log.append(meetingId, HOST, 'meeting.created', undefined)).rejects.toThrow(TypeError);
		expect(await redis.exists([keys.meetingLog(meetingId), keys.meetingLogHead(meetingId)])).toBe(0);
	});

	it('chains 200 concurrent appends from several connections without a gap or a duplicate', async () => {
		const meetingId = newMeeting();
		const connections = await Promise.all([1, 2, 3, 4].map(() => redis.duplicate().connect()));
		try {
			const repos = connections.map((c) => new AuditLogRepository(c as RedisClient));
			const appended = await Promise.all(
				Array.from({ length: 200 }, (_, i) => repos[i % repos.length]!.append(meetingId, HOST, 'vote.cast', { i }))
			);
			expect(appended.map((a) => a.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
			expect(new Set(appended.map((a) => a.hash)).size).toBe(200);
			const verification = await log.verify(meetingId);
			expect(verification).toEqual({ ok: true, count: 200, finalHash: (await log.head(meetingId)).hash });
			const data = (await log.list(meetingId, { limit: 1000 })).map((e) => (e.data as { i: number }).i);
			expect(new Set(data).size).toBe(200);
		} finally {
			await Promise.all(connections.map((c) => c.close()));
		}
	});

	it('verifies a consistent moment while appends continue on another connection', async () => {
		const meetingId = newMeeting();
		await appendMany(meetingId, 20);
		const connection = await redis.duplicate().connect();
		const writer = new AuditLogRepository(connection as RedisClient);
		let writing = true;
		const writes = (async () => {
			for (let i = 0; i < 300; i++) await writer.append(meetingId, CLERK, 'vote.cast', { i });
			writing = false;
		})();
		const checks = [];
		while (writing) checks.push(await log.verify(meetingId));
		await writes;
		await connection.close();
		expect(checks.length).toBeGreaterThan(1);
		expect(checks.filter((c) => !c.ok)).toEqual([]);
		expect(new Set(checks.map((c) => c.ok && c.count)).size).toBeGreaterThan(1);
		expect(await log.verify(meetingId)).toMatchObject({ ok: true, count: 320 });
	});

	it('reads a log longer than one page', async () => {
		const meetingId = newMeeting();
		await Promise.all(Array.from({ length: 2_345 }, (_, i) => log.append(meetingId, HOST, 'vote.cast', { i })));
		expect(await log.verify(meetingId)).toMatchObject({ ok: true, count: 2_345 });
	});

	it('finds an entry whose data was rewritten, at that entry', async () => {
		const meetingId = newMeeting();
		await appendMany(meetingId, 6);
		await rewriteLog(meetingId, (entries) => {
			entries[3]!.message.data = JSON.stringify({ batch: 4, 名单: '伪造' });
			return entries;
		});
		expect(await log.verify(meetingId)).toMatchObject({ ok: false, brokenAtSeq: 4, reason: 'hash' });
	});

	it('finds a rewritten entry whose hash was recomputed, at the entry after it', async () => {
		const meetingId = newMeeting();
		await appendMany(meetingId, 6);
		await rewriteLog(meetingId, (entries) => {
			const m = entries[2]!.message;
			m.data = JSON.stringify({ batch: 3, 名单: '伪造' });
			m.hash = sha256Hex(`${m.seq}\n${m.at}\n${m.prev}\n${m.actor}\n${m.action}\n${m.data}`);
			return entries;
		});
		expect(await log.verify(meetingId)).toMatchObject({ ok: false, brokenAtSeq: 4, reason: 'prev-hash' });
	});

	it('finds a deleted entry', async () => {
		const meetingId = newMeeting();
		await appendMany(meetingId, 6);
		expect(await redis.xDel(keys.meetingLog(meetingId), '3-0')).toBe(1);
		expect(await log.verify(meetingId)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'sequence' });
	});

	it('finds the last entry deleted', async () => {
		const meetingId = newMeeting();
		await appendMany(meetingId, 6);
		await redis.xDel(keys.meetingLog(meetingId), '6-0');
		expect(await log.verify(meetingId)).toMatchObject({ ok: false, brokenAtSeq: 6, reason: 'head' });
	});

	it('finds two entries swapped', async () => {
		const meetingId = newMeeting();
		await appendMany(meetingId, 6);
		await rewriteLog(meetingId, (entries) => {
			[entries[2]!.message, entries[3]!.message] = [entries[3]!.message, entries[2]!.message];
			return entries;
		});
		expect(await log.verify(meetingId)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'sequence' });
	});

	it('finds a forged entry added after the head, and appends no further', async () => {
		const meetingId = newMeeting();
		const appended = await appendMany(meetingId, 3);
		const forged = { seq: '4', at: '1', actor: JSON.stringify(HOST), action: 'vote.cast', data: '{}', prev: appended[2]!.hash };
		await redis.xAdd(keys.meetingLog(meetingId), '4-0', { ...forged, hash: sha256Hex(`4\n1\n${forged.prev}\n${forged.actor}\nvote.cast\n{}`) });
		expect(await log.verify(meetingId)).toMatchObject({ ok: false, brokenAtSeq: 4, reason: 'head' });
		await expect(log.append(meetingId, HOST, 'vote.cast', {})).rejects.toThrow();
		expect(await log.head(meetingId)).toEqual({ seq: 3, hash: appended[2]!.hash });
	});

	it('exports the verified log with the head hash as its final hash, checkable on its own', async () => {
		const meetingId = newMeeting();
		await appendMany(meetingId, 12);
		const [seconds] = await redis.time();
		const exported = await log.export(meetingId);
		const head = await log.head(meetingId);
		expect(exported.meetingId).toBe(meetingId);
		expect(exported.finalHash).toBe(head.hash);
		expect(exported.count).toBe(12);
		expect(exported.entries).toHaveLength(12);
		expect(exported.verifiedAt).toBeGreaterThanOrEqual(Number(seconds) * 1000);
		const reread = AuditExportSchema.parse(JSON.parse(JSON.stringify(exported)));
		expect(verifyChain(reread.entries, sha256Hex, { head: { seq: reread.count, hash: reread.finalHash } })).toEqual({
			ok: true,
			finalHash: head.hash,
			count: 12
		});
	});

	it('refuses to export a broken log', async () => {
		const meetingId = newMeeting();
		await appendMany(meetingId, 4);
		await redis.xDel(keys.meetingLog(meetingId), '2-0');
		const error = await log.export(meetingId).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(AuditChainBrokenError);
		expect((error as AuditChainBrokenError).verification).toMatchObject({ brokenAtSeq: 2, reason: 'sequence' });
	});

	it('measures 1000 appends', async () => {
		const meetingId = newMeeting();
		let started = performance.now();
		for (let i = 0; i < 1000; i++) await log.append(meetingId, HOST, 'vote.cast', { deputyId: `d${i}`, choice: '赞成' });
		const sequentialMs = performance.now() - started;
		started = performance.now();
		await Promise.all(Array.from({ length: 1000 }, (_, i) => log.append(meetingId, HOST, 'vote.cast', { deputyId: `d${i}`, choice: '反对' })));
		const concurrentMs = performance.now() - started;
		started = performance.now();
		const verification = await log.verify(meetingId);
		const verifyMs = performance.now() - started;
		console.log(
			`[audit] 1000 appends one after another: ${sequentialMs.toFixed(0)} ms (${(sequentialMs / 1000).toFixed(3)} ms each); ` +
				`1000 at once: ${concurrentMs.toFixed(0)} ms; verify of 2000: ${verifyMs.toFixed(0)} ms`
		);
		expect(verification).toMatchObject({ ok: true, count: 2000 });
	});
});
