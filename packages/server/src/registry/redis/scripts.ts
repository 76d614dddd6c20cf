import { createHash } from 'node:crypto'

/** A Lua script with its SHA1, run by EVALSHA (falling back to EVAL once Redis lost it). */
export interface RedisScript {
  readonly name: string
  readonly lua: string
  readonly sha: string
}

function script(name: string, lua: string): RedisScript {
  return { name, lua, sha: createHash('sha1').update(lua).digest('hex') }
}

// Shared by the scripts that must refuse to work on a dataset that is still being rebuilt:
// after Redis lost its data every node re-registers its live sessions, and until the
// epoch is `settleMs` old an answer could miss sessions a node has not re-registered yet.
const REBUILDING_CHECK = `
local function rebuilding(epochKey, settleMs)
  if settleMs == '' then return false end
  local epoch = redis.call('GET', epochKey)
  if not epoch then return true end
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  return now - tonumber(epoch) < tonumber(settleMs)
end
`

/**
 * Reads one user: version, sessions, the ids of its tombstones and the tombstones asked
 * for, atomically.
 * KEYS: sessions hash, version, epoch, tombstone list, tombstone keys…
 * ARGV: settleMs ('' = no check).
 * Returns `{ 'OK', version, {field, value, …}, {tombstone value or nil, …}, {id, …} }`
 * or 'REBUILDING'.
 */
export const READ_USER = script(
  'readUser',
  `${REBUILDING_CHECK}
if rebuilding(KEYS[3], ARGV[1]) then return 'REBUILDING' end
local tombs = {}
for i = 5, #KEYS do tombs[#tombs + 1] = redis.call('GET', KEYS[i]) end
return { 'OK', redis.call('GET', KEYS[2]) or '0', redis.call('HGETALL', KEYS[1]), tombs,
  redis.call('LRANGE', KEYS[4], 0, -1) }
`,
)

/** Whether the dataset is being rebuilt. KEYS: epoch. ARGV: settleMs. Returns 'OK' or 'REBUILDING'. */
export const CHECK_READY = script(
  'checkReady',
  `${REBUILDING_CHECK}
if rebuilding(KEYS[1], ARGV[1]) then return 'REBUILDING' end
return 'OK'
`,
)

/**
 * Compare-and-set of one user: applies a list of changes only if the user's version is
 * still the one the caller read, then sets the new version. The policy decision was made
 * in TypeScript on what was read; the version check makes "read, decide, write" atomic.
 * An admission is also refused here, in the same step, when its UserSig was issued at or
 * before the user's last REST kick or the user's login bucket is empty.
 *
 * KEYS: sessions hash, version, epoch, tombstone list (ids, oldest first), revocation
 * (Unix second of the last REST kick), login bucket (hash: tokens, at), last-seen hash
 * (`hdel` drops the session's entry too), then one key per `sadd`/`srem`/`tomb`/`untomb`
 * op in order.
 * ARGV: expected version, new version, settleMs ('' = no check), idle TTL of the version
 * key (ms), now (Unix ms), the admitted UserSig's issue time in Unix seconds ('' = not an
 * admission), logins allowed per user per minute ('' = no limit), then ops:
 * `hset id json` | `hdel id` | `sadd member` | `srem member` | `tomb type ttlMs id` |
 * `untomb id` | `revoke second ttlMs` | `pub channel message`.
 * Returns 'OK', 'CONFLICT', 'REBUILDING', 'REVOKED' or 'TOO_MANY_LOGINS'. Nothing is
 * written unless it returns 'OK'.
 */
export const COMMIT_USER = script(
  'commitUser',
  `${REBUILDING_CHECK}
if tonumber(redis.call('GET', KEYS[2]) or '0') ~= tonumber(ARGV[1]) then return 'CONFLICT' end
if rebuilding(KEYS[3], ARGV[3]) then return 'REBUILDING' end
local arity = { hset = 3, hdel = 2, sadd = 2, srem = 2, tomb = 4, untomb = 2, revoke = 3, pub = 3 }
local a = 8
while a <= #ARGV do
  if not arity[ARGV[a]] then return redis.error_reply('chatgate: unknown op ' .. ARGV[a]) end
  a = a + arity[ARGV[a]]
end
local now = tonumber(ARGV[5])
if ARGV[6] ~= '' then
  local revoked = redis.call('GET', KEYS[5])
  if revoked and tonumber(ARGV[6]) <= tonumber(revoked) then return 'REVOKED' end
end
if ARGV[7] ~= '' then
  -- The token bucket of registry/loginRate.ts: refills ARGV[7] per minute up to ARGV[7].
  local perMinute = tonumber(ARGV[7])
  local bucket = redis.call('HMGET', KEYS[6], 'tokens', 'at')
  local tokens = perMinute
  if bucket[1] then
    local elapsed = math.max(0, now - tonumber(bucket[2]))
    tokens = math.min(perMinute, tonumber(bucket[1]) + elapsed * perMinute / 60000)
  end
  if tokens < 1 then return 'TOO_MANY_LOGINS' end
  redis.call('HSET', KEYS[6], 'tokens', tostring(tokens - 1), 'at', ARGV[5])
  -- Untouched for a minute the bucket is full again, the same as absent.
  redis.call('PEXPIRE', KEYS[6], 60000)
end
local k = 8
a = 8
while a <= #ARGV do
  local op = ARGV[a]
  if op == 'hset' then
    redis.call('HSET', KEYS[1], ARGV[a + 1], ARGV[a + 2])
  elseif op == 'hdel' then
    redis.call('HDEL', KEYS[1], ARGV[a + 1])
    redis.call('HDEL', KEYS[7], ARGV[a + 1])
  elseif op == 'sadd' then
    redis.call('SADD', KEYS[k], ARGV[a + 1]); k = k + 1
  elseif op == 'srem' then
    redis.call('SREM', KEYS[k], ARGV[a + 1]); k = k + 1
  elseif op == 'tomb' then
    redis.call('SET', KEYS[k], ARGV[a + 1], 'PX', ARGV[a + 2]); k = k + 1
    redis.call('RPUSH', KEYS[4], ARGV[a + 3])
    redis.call('PEXPIRE', KEYS[4], ARGV[a + 2])
  elseif op == 'untomb' then
    redis.call('DEL', KEYS[k]); k = k + 1
    redis.call('LREM', KEYS[4], 1, ARGV[a + 1])
  elseif op == 'revoke' then
    local second = math.max(tonumber(ARGV[a + 1]), tonumber(redis.call('GET', KEYS[5]) or '0'))
    redis.call('SET', KEYS[5], second, 'PX', ARGV[a + 2])
  else
    redis.call('PUBLISH', ARGV[a + 1], ARGV[a + 2])
  end
  a = a + arity[op]
end
redis.call('SET', KEYS[2], ARGV[2])
-- The version must outlive every session (orders derive from it) but not an idle user.
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
  redis.call('DEL', KEYS[7])
end
return 'OK'
`,
)

/**
 * Records when a live session was last seen, outside the user's versioned changes: a
 * coarse time that no decision reads, so it needs no compare-and-set. A session that is
 * gone gets no entry (its removal dropped the entry, and must not see it come back).
 * KEYS: sessions hash, last-seen hash. ARGV: session id, Unix ms. Returns 1 when written.
 */
export const TOUCH_SESSION = script(
  'touchSession',
  `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
local seen = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if tonumber(ARGV[2]) > seen then redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
return 1
`,
)

/**
 * A node's heartbeat. KEYS: alive key, node set, epoch. ARGV: incarnation token, TTL ms,
 * node id. Returns `{ previous token or nil, 1 if the epoch was missing }`: a previous
 * token other than ours means the key lapsed (or Redis lost its data) and this node's
 * sessions may have been released by others.
 */
export const HEARTBEAT = script(
  'heartbeat',
  `
local previous = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local created = redis.call('SET', KEYS[3], now, 'NX')
return { previous or false, created and 1 or 0 }
`,
)

/**
 * Forgets a dead node once its sessions are released. KEYS: alive key, its session set,
 * node set. ARGV: node id. Returns 1 when forgotten, 0 when it is alive again or still
 * owns sessions.
 */
export const FORGET_NODE = script(
  'forgetNode',
  `
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('SCARD', KEYS[2]) > 0 then return 0 end
redis.call('SREM', KEYS[3], ARGV[1])
return 1
`,
)

/**
 * A node's clean stop: deletes its heartbeat key if it still holds this incarnation's
 * token, so the next sweep of another node adopts its sessions. KEYS: alive key. ARGV:
 * token. Returns 1 when deleted.
 */
export const RETIRE_NODE = script(
  'retireNode',
  `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`,
)
