import { seededRandom as prng } from '../../shared/testing/seeded-random';
/** The Lua half of the log, run in the real Redis: its SHA-256 against node:crypto, and embedding. */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditCanonicalString } from '../../shared/audit.rules';
import type { RedisClient } from '../redis/redis-connection';
import { testRedis } from '../testing/test-redis';
import { AUDIT_APPEND_SCRIPT, AUDIT_LOG_LUA } from './audit-log.lua';

const SHA256_EACH_ARG = `${AUDIT_LOG_LUA}
local out = {}
for i = 1, #ARGV do out[i] = audit_sha256(ARGV[i]) end
return out
`;

const nodeSha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');


describe('audit Lua in Redis', () => {
	let redis: RedisClient;
	const luaSha256 = async (inputs: (Buffer | string)[]) => (await redis.eval(SHA256_EACH_ARG, { keys: [], arguments: inputs })) as string[];

	beforeAll(async () => {
		({ redis } = await testRedis());
	});
	afterAll(async () => {
		await redis.close();
	});

	it('hashes the FIPS 180-2 examples to their published digests', async () => {
		expect(await luaSha256(['', 'abc', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'])).toEqual([
			'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
			'248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
		]);
	});

	it('agrees with node:crypto on every length from 0 to 130 bytes, any byte values', async () => {
		// Covers every padding case: the length field fitting in the last block (≤ 55 mod 64) or not.
		const inputs = Array.from({ length: 131 }, (_, n) => (n % 2 === 0 ? randomBytes(n) : Buffer.alloc(n, n % 256)));
		expect(await luaSha256(inputs)).toEqual(inputs.map(nodeSha256));
	});

	it('agrees with node:crypto on mixed Chinese text of up to 5 KB', async () => {
		const seed = Date.now() % 1_000_000;
		const random = prng(seed);
		const inputs = Array.from({ length: 60 }, () => {
			const targetBytes = Math.floor(random() * 5 * 1024);
			let text = '';
			while (Buffer.byteLength(text) < targetBytes) {
				const r = random();
				text += r < 0.75 ? String.fromCodePoint(0x4e00 + Math.floor(random() * 0x5200)) : r < 0.95 ? String.fromCharCode(32 + Math.floor(random() * 95)) : '\n，。😀';
			}
			return text;
		});
		expect(await luaSha256(inputs), `seed ${seed}`).toEqual(inputs.map((s) => nodeSha256(s)));
	});

	it('builds the canonical string of shared/audit.rules.ts byte for byte', async () => {
		const actorJson = JSON.stringify({ role: 'host', id: 'h1', name: '主持人' });
		const dataJson = JSON.stringify({ title: '关于农村饮水安全工作情况的专题询问', note: 'a\nb' });
		const [seq, hash, at] = (await redis.eval(AUDIT_APPEND_SCRIPT, {
			keys: ['canon:log', 'canon:head'],
			arguments: [actorJson, 'meeting.created', dataJson]
		})) as [number, string, number];
		expect(seq).toBe(1);
		expect(hash).toBe(nodeSha256(auditCanonicalString({ seq: 1, at, prevHash: GENESIS_HASH, actorJson, action: 'meeting.created', dataJson })));
		const [entry] = (await redis.xRange('canon:log', '-', '+')) ?? [];
		expect(entry?.id).toBe('1-0');
		expect({ ...entry?.message }).toEqual({
			seq: '1',
			at: String(at),
			actor: actorJson,
			action: 'meeting.created',
			data: dataJson,
			prev: GENESIS_HASH,
			hash
		});
		expect(await redis.hGetAll('canon:head')).toEqual({ seq: '1', hash });
	});

	it('takes the time from the Redis server, in ms', async () => {
		const [beforeSeconds] = await redis.time();
		const [, , at] = (await redis.eval(AUDIT_APPEND_SCRIPT, { keys: ['time:log', 'time:head'], arguments: ['{"role":"host","id":"h"}', 'meeting.opened', '{}'] })) as [
			number,
			string,
			number
		];
		const [afterSeconds] = await redis.time();
		expect(at).toBeGreaterThanOrEqual(Number(beforeSeconds) * 1000);
		expect(at).toBeLessThan((Number(afterSeconds) + 1) * 1000);
	});

	it('can be embedded in another script, recording a change and its entry in one EVAL', async () => {
		const castScript = `${AUDIT_LOG_LUA}
audit_check(ARGV[1], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
return audit_append(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3])
`;
		const cast = (action: string) =>
			redis.eval(castScript, {
				keys: ['embed:log', 'embed:head', 'embed:votes'],
				arguments: ['{"role":"deputy","id":"d1"}', action, '{"choice":"yes"}', 'd1', 'yes']
			});
		expect(await cast('vote.cast')).toEqual([1, expect.stringMatching(/^[0-9a-f]{64}$/), expect.any(Number)]);
		expect(await redis.hGetAll('embed:votes')).toEqual({ d1: 'yes' });

		await redis.del('embed:votes');
		await expect(cast('vote.cast\nforged')).rejects.toThrow(/AUDIT_BAD_ENTRY/);
		expect(await redis.exists('embed:votes')).toBe(0);
		expect(await redis.xLen('embed:log')).toBe(1);
	});

	it.each([
		['an actor with a line feed', ['{"role":"host",\n"id":"h"}', 'meeting.created', '{}']],
		['an actor that is not a JSON object', ['host', 'meeting.created', '{}']],
		['an action with a line feed', ['{"role":"host","id":"h"}', 'meeting.created\nx', '{}']],
		['an upper-case action', ['{"role":"host","id":"h"}', 'Meeting.created', '{}']],
		['empty data', ['{"role":"host","id":"h"}', 'meeting.created', '']]
	])('refuses %s and writes nothing', async (_, args) => {
		await expect(redis.eval(AUDIT_APPEND_SCRIPT, { keys: ['bad:log', 'bad:head'], arguments: args })).rejects.toThrow(/AUDIT_BAD_ENTRY/);
		expect(await redis.exists(['bad:log', 'bad:head'])).toBe(0);
	});

	it('refuses to write when the stream is ahead of its head, rather than fork the chain', async () => {
		await redis.xAdd('fork:log', '1-0', { seq: '1' });
		await expect(
			redis.eval(AUDIT_APPEND_SCRIPT, { keys: ['fork:log', 'fork:head'], arguments: ['{"role":"host","id":"h"}', 'meeting.created', '{}'] })
		).rejects.toThrow(/equal or smaller/);
		expect(await redis.exists('fork:head')).toBe(0);
	});
});
