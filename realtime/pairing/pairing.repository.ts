/**
 * All Redis access for pairing: deputies' one-time codes, the one device paired to each deputy,
 * respondents' per-meeting codes and the wall screens' tokens.
 */
import * as z from 'zod';
import type { RedisClient } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';

/** What a code stands for. */
export const CodeTargetSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('deputy'), bodyId: z.string(), memberId: z.string(), expiresAt: z.number() }),
	z.object({ kind: z.literal('respondent'), meetingId: z.string(), respondentId: z.string() })
]);
export type CodeTarget = z.infer<typeof CodeTargetSchema>;

export const DeviceSchema = z.object({ sessionId: z.string(), pairedAt: z.number() });
export type Device = z.infer<typeof DeviceSchema>;

export type Redemption = { outcome: 'ok'; target: CodeTarget } | { outcome: 'unknown' | 'used' | 'expired' };

/**
 * Replaces a member's code. KEYS: new code, codes hash, old code (or the new one when there is none).
 * ARGV: member id, new code, target JSON, TTL ms, old code ('' for none).
 * Refuses (0) when the new code is taken or the member's code changed since it was read.
 */
const REPLACE_CODE_SCRIPT = `
local current = redis.call('HGET', KEYS[2], ARGV[1]) or ''
if current ~= ARGV[5] then return 0 end
if redis.call('SET', KEYS[1], ARGV[3], 'NX', 'PX', ARGV[4]) == false then return 0 end
if ARGV[5] ~= '' then redis.call('DEL', KEYS[3]) end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
`;

/**
 * Redeems a code. KEYS: code, used marker. ARGV: now (ms), used-marker TTL (s).
 * A deputy's code is consumed (and leaves a marker so reuse is told apart); a respondent's is not.
 */
const REDEEM_SCRIPT = `
local doc = redis.call('GET', KEYS[1])
if not doc then
  if redis.call('EXISTS', KEYS[2]) == 1 then return { 'used' } end
  return { 'unknown' }
end
local target = cjson.decode(doc)
if target.kind == 'deputy' then
  if tonumber(target.expiresAt) <= tonumber(ARGV[1]) then return { 'expired' } end
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[2])
end
return { 'ok', doc }
`;

/**
 * Binds a device to a member. KEYS: devices hash, codes hash. ARGV: member id, device JSON, redeemed code.
 * Returns the replaced device's JSON or ''.
 */
const BIND_DEVICE_SCRIPT = `
local old = redis.call('HGET', KEYS[1], ARGV[1]) or ''
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[3] then redis.call('HDEL', KEYS[2], ARGV[1]) end
return old
`;

/** Takes a member's device and code away. KEYS: devices hash, codes hash, the code's key. ARGV: member id. */
const REVOKE_SCRIPT = `
local old = redis.call('HGET', KEYS[1], ARGV[1]) or ''
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[3])
return old
`;

/** Sets a meeting-scoped code or token unless one is set. KEYS: owner slot, lookup key. ARGV: value, lookup JSON. */
const CLAIM_SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], ARGV[1])
return 1
`;

const USED_MARKER_SECONDS = 90 * 24 * 3600;

function parseDevice(json: string): Device | null {
	return json ? DeviceSchema.parse(JSON.parse(json)) : null;
}

export class PairingRepository {
	constructor(private readonly redis: RedisClient) {}

	/** Sets `code` as the member's one code, voiding any earlier one. False if the code is taken or a race lost. */
	async replaceDeputyCode(bodyId: string, memberId: string, code: string, expiresAt: number, now: number): Promise<boolean> {
		const old = (await this.redis.hGet(keys.bodyPairingCodes(bodyId), memberId)) ?? '';
		const target: CodeTarget = { kind: 'deputy', bodyId, memberId, expiresAt };
		const reply = await this.redis.eval(REPLACE_CODE_SCRIPT, {
			keys: [keys.pairingCode(code), keys.bodyPairingCodes(bodyId), keys.pairingCode(old || code)],
			// The key outlives the expiry by a day, so a late try is told "expired", not "wrong".
			arguments: [memberId, code, JSON.stringify(target), String(Math.max(1, expiresAt - now) + 86_400_000), old]
		});
		return reply === 1;
	}

	async redeem(code: string, now: number): Promise<Redemption> {
		const [outcome, doc] = (await this.redis.eval(REDEEM_SCRIPT, {
			keys: [keys.pairingCode(code), keys.pairingCodeUsed(code)],
			arguments: [String(now), String(USED_MARKER_SECONDS)]
		})) as [string, string?];
		if (outcome === 'ok') return { outcome, target: CodeTargetSchema.parse(JSON.parse(doc!)) };
		return { outcome: outcome as 'unknown' | 'used' | 'expired' };
	}

	async bindDevice(bodyId: string, memberId: string, device: Device, code: string): Promise<Device | null> {
		const old = (await this.redis.eval(BIND_DEVICE_SCRIPT, {
			keys: [keys.bodyDevices(bodyId), keys.bodyPairingCodes(bodyId)],
			arguments: [memberId, JSON.stringify(device), code]
		})) as string;
		return parseDevice(old);
	}

	async revoke(bodyId: string, memberId: string): Promise<Device | null> {
		const code = (await this.redis.hGet(keys.bodyPairingCodes(bodyId), memberId)) ?? '';
		const old = (await this.redis.eval(REVOKE_SCRIPT, {
			keys: [keys.bodyDevices(bodyId), keys.bodyPairingCodes(bodyId), keys.pairingCode(code || '-')],
			arguments: [memberId]
		})) as string;
		return parseDevice(old);
	}

	/** Each member's unused code with its expiry, and each member's device. */
	async state(bodyId: string): Promise<{ codes: Map<string, { code: string; expiresAt: number | null }>; devices: Map<string, Device> }> {
		const [codeMap, deviceMap] = await Promise.all([this.redis.hGetAll(keys.bodyPairingCodes(bodyId)), this.redis.hGetAll(keys.bodyDevices(bodyId))]);
		const entries = Object.entries(codeMap);
		const docs = entries.length > 0 ? await this.redis.mGet(entries.map(([, code]) => keys.pairingCode(code))) : [];
		const codes = new Map<string, { code: string; expiresAt: number | null }>();
		entries.forEach(([memberId, code], i) => {
			const doc = docs[i];
			if (!doc) return; // expired and gone
			const target = CodeTargetSchema.parse(JSON.parse(doc));
			codes.set(memberId, { code, expiresAt: target.kind === 'deputy' ? target.expiresAt : null });
		});
		const devices = new Map(Object.entries(deviceMap).map(([memberId, json]) => [memberId, parseDevice(json)!]));
		return { codes, devices };
	}

	async respondentCodes(meetingId: string): Promise<Record<string, string>> {
		return this.redis.hGetAll(keys.meetingRespondentCodes(meetingId));
	}

	/** Gives a respondent `code` (voiding any earlier one) unless the code is taken. */
	async setRespondentCode(meetingId: string, respondentId: string, code: string): Promise<boolean> {
		const target: CodeTarget = { kind: 'respondent', meetingId, respondentId };
		const old = await this.redis.hGet(keys.meetingRespondentCodes(meetingId), respondentId);
		const claimed = await this.redis.set(keys.pairingCode(code), JSON.stringify(target), { condition: 'NX' });
		if (claimed === null) return false;
		await this.redis.hSet(keys.meetingRespondentCodes(meetingId), respondentId, code);
		if (old) await this.redis.del(keys.pairingCode(old));
		return true;
	}

	async addRespondentSession(meetingId: string, respondentId: string, sessionId: string): Promise<void> {
		await this.redis.sAdd(keys.respondentSessions(meetingId, respondentId), sessionId);
	}

	/** Takes the respondent's sessions away (to end them), leaving none. */
	async takeRespondentSessions(meetingId: string, respondentId: string): Promise<string[]> {
		const key = keys.respondentSessions(meetingId, respondentId);
		const [sessions] = (await this.redis.multi().sMembers(key).del(key).exec()) as unknown as [string[], number];
		return sessions;
	}

	async screenToken(meetingId: string): Promise<string | null> {
		return this.redis.get(keys.meetingScreenToken(meetingId));
	}

	/** Makes `token` the meeting's screen token, voiding the old one; false if the token is taken. */
	async setScreenToken(meetingId: string, token: string): Promise<boolean> {
		const old = await this.screenToken(meetingId);
		const claimed = await this.redis.eval(CLAIM_SCRIPT, { keys: [keys.meetingScreenToken(meetingId), keys.screenToken(token)], arguments: [token, meetingId] });
		if (claimed !== 1) return false;
		if (old) await this.redis.del(keys.screenToken(old));
		return true;
	}

	async meetingOfScreenToken(token: string): Promise<string | null> {
		return this.redis.get(keys.screenToken(token));
	}
}
