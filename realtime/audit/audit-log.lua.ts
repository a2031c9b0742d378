/**
 * The meeting log's append step in Lua, so that a state change and its log entry are written by one
 * atomic script (DESIGN.md §4, Integrity). Redis 7.0 has no hash function callable from scripts
 * (`redis.sha1hex` is SHA-1), so SHA-256 is written out here in Lua 5.1 over Redis's `bit` library.
 *
 * The canonical string and the chain rules are defined once, in `shared/audit.rules.ts`; this file
 * must build exactly the same string.
 *
 * Embedding: `AUDIT_LOG_LUA` only defines local functions, so another script may start with it and
 * call `audit_append(...)` next to its own writes, e.g. `AUDIT_LOG_LUA + VOTE_CAST_BODY`. Redis does not
 * roll back a script's earlier writes when a later command fails, so such a script should call
 * `audit_check(actorJson, action)` before its first write; `audit_append` itself fails before writing.
 * The stream and head keys must be among the script's KEYS, as every key a script touches must be.
 */

/**
 * Defines these locals (no globals: Redis 7 refuses them in scripts):
 *
 * - `audit_sha256(s)` → lowercase hex SHA-256 of the byte string `s`.
 * - `audit_check(actorJson, action)` → raises an error reply unless both may go into the canonical
 *   string (no line feed in either, action shaped like `meeting.created`).
 * - `audit_append(streamKey, headKey, actorJson, action, dataJson)` → `{ seq, hash, at }`: reads the
 *   head (hash fields `seq`, `hash`), takes the time from `TIME` (ms), hashes the canonical string,
 *   XADDs the entry with the id `<seq>-0` and the fields seq, at, actor, action, data, prev, hash,
 *   then moves the head. The explicit id makes the stream index equal the sequence number, and makes
 *   XADD refuse to write if the stream is somehow ahead of its head, rather than fork the chain.
 */
import type { AuditActor } from '../../shared/audit.rules';

/**
 * An actor as the scripts take it (ARGV) and the log stores it: fixed key order, so the same actor is
 * always the same text, and the hash chain recomputes byte for byte.
 */
export function auditActorJson(actor: AuditActor): string {
	return JSON.stringify(actor.name === undefined ? { role: actor.role, id: actor.id } : { role: actor.role, id: actor.id, name: actor.name });
}

export const AUDIT_LOG_LUA = `
local audit_band, audit_bor, audit_bxor, audit_bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local audit_rshift, audit_lshift, audit_ror, audit_tobit, audit_tohex = bit.rshift, bit.lshift, bit.ror, bit.tobit, bit.tohex

local AUDIT_K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
}

local function audit_sha256(msg)
  local len = #msg
  -- Padding: 0x80, zeros to 56 mod 64, then the length in bits as a 64-bit big-endian integer.
  local bits = len * 8
  local hi = math.floor(bits / 4294967296)
  local lo = bits % 4294967296
  local zeros = (55 - len) % 64
  msg = msg .. '\\128' .. string.rep('\\0', zeros) .. string.char(
    math.floor(hi / 16777216) % 256, math.floor(hi / 65536) % 256, math.floor(hi / 256) % 256, hi % 256,
    math.floor(lo / 16777216) % 256, math.floor(lo / 65536) % 256, math.floor(lo / 256) % 256, lo % 256)

  local h0, h1, h2, h3 = 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a
  local h4, h5, h6, h7 = 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
  local w = {}
  for chunk = 1, #msg, 64 do
    for i = 0, 15 do
      local b1, b2, b3, b4 = string.byte(msg, chunk + i * 4, chunk + i * 4 + 3)
      w[i + 1] = audit_tobit(b1 * 16777216 + b2 * 65536 + b3 * 256 + b4)
    end
    for j = 17, 64 do
      local w15, w2 = w[j - 15], w[j - 2]
      local s0 = audit_bxor(audit_ror(w15, 7), audit_ror(w15, 18), audit_rshift(w15, 3))
      local s1 = audit_bxor(audit_ror(w2, 17), audit_ror(w2, 19), audit_rshift(w2, 10))
      w[j] = audit_tobit(w[j - 16] + s0 + w[j - 7] + s1)
    end
    local a, b, c, d, e, f, g, h = h0, h1, h2, h3, h4, h5, h6, h7
    for j = 1, 64 do
      local S1 = audit_bxor(audit_ror(e, 6), audit_ror(e, 11), audit_ror(e, 25))
      local ch = audit_bxor(audit_band(e, f), audit_band(audit_bnot(e), g))
      local t1 = h + S1 + ch + AUDIT_K[j] + w[j]
      local S0 = audit_bxor(audit_ror(a, 2), audit_ror(a, 13), audit_ror(a, 22))
      local maj = audit_bxor(audit_band(a, b), audit_band(a, c), audit_band(b, c))
      h = g
      g = f
      f = e
      e = audit_tobit(d + t1)
      d = c
      c = b
      b = a
      a = audit_tobit(t1 + S0 + maj)
    end
    h0 = audit_tobit(h0 + a)
    h1 = audit_tobit(h1 + b)
    h2 = audit_tobit(h2 + c)
    h3 = audit_tobit(h3 + d)
    h4 = audit_tobit(h4 + e)
    h5 = audit_tobit(h5 + f)
    h6 = audit_tobit(h6 + g)
    h7 = audit_tobit(h7 + h)
  end
  return audit_tohex(h0, 8) .. audit_tohex(h1, 8) .. audit_tohex(h2, 8) .. audit_tohex(h3, 8) ..
    audit_tohex(h4, 8) .. audit_tohex(h5, 8) .. audit_tohex(h6, 8) .. audit_tohex(h7, 8)
end

local AUDIT_GENESIS = string.rep('0', 64)

local function audit_check(actor_json, action)
  if type(actor_json) ~= 'string' or string.find(actor_json, '\\n', 1, true) or string.sub(actor_json, 1, 1) ~= '{' then
    error({ err = 'AUDIT_BAD_ENTRY actor must be a one-line JSON object' })
  end
  if type(action) ~= 'string' or #action > 64 or not string.find(action, '^[a-z][a-z0-9._-]*$') then
    error({ err = 'AUDIT_BAD_ENTRY action must look like meeting.created' })
  end
end

local function audit_append(stream_key, head_key, actor_json, action, data_json)
  audit_check(actor_json, action)
  if type(data_json) ~= 'string' or data_json == '' then
    error({ err = 'AUDIT_BAD_ENTRY data must be a JSON text' })
  end
  local head = redis.call('HMGET', head_key, 'seq', 'hash')
  local seq = tonumber(head[1] or '0') + 1
  local prev = head[2] or AUDIT_GENESIS
  local now = redis.call('TIME')
  local at = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
  local seq_text = string.format('%d', seq)
  local at_text = string.format('%d', at)
  local hash = audit_sha256(seq_text .. '\\n' .. at_text .. '\\n' .. prev .. '\\n' .. actor_json .. '\\n' .. action .. '\\n' .. data_json)
  redis.call('XADD', stream_key, seq_text .. '-0',
    'seq', seq_text, 'at', at_text, 'actor', actor_json, 'action', action, 'data', data_json, 'prev', prev, 'hash', hash)
  redis.call('HSET', head_key, 'seq', seq_text, 'hash', hash)
  return { seq, hash, at }
end
`;

/**
 * Appends one entry. KEYS: stream, head. ARGV: actor JSON, action, data JSON.
 * Returns `[seq, hash, at]`.
 */
export const AUDIT_APPEND_SCRIPT = `${AUDIT_LOG_LUA}
return audit_append(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3])
`;

/**
 * A JSON document changed by compare-and-set on its own version, with its log entry (the live state,
 * the question collection).
 * KEYS: 1 document, 2 its version, 3 log stream, 4 log head, 5 (optional) a key that must still exist
 * (the meeting's plan). ARGV: expected version, document JSON, actor JSON, action, data JSON.
 * Returns { 1, newVersion } when written, { 0, currentVersion } when the version moved, { -1 } when
 * KEYS[5] is gone.
 */
export const SAVE_VERSIONED_DOCUMENT_SCRIPT = `${AUDIT_LOG_LUA}
if KEYS[5] and redis.call('EXISTS', KEYS[5]) == 0 then return { -1 } end
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[1]) ~= current then return { 0, current } end
audit_check(ARGV[3], ARGV[4])
redis.call('SET', KEYS[1], ARGV[2])
local version = redis.call('INCR', KEYS[2])
audit_append(KEYS[3], KEYS[4], ARGV[3], ARGV[4], ARGV[5])
return { 1, version }
`;
