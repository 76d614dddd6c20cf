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
 * Reads one user: version, sessions and the tombstones asked for, atomically.
 * KEYS: sessions hash, version, epoch, tombstone keys…  ARGV: settleMs ('' = no check).
 * Returns `{ 'OK', version, {field, value, …}, {tombstone value or nil, …} }` or 'REBUILDING'.
 */
export const READ_USER = script(
  'readUser',
  `${REBUILDING_CHECK}
if rebuilding(KEYS[3], ARGV[1]) then return 'REBUILDING' end
local tombs = {}
for i = 4, #KEYS do tombs[#tombs + 1] = redis.call('GET', KEYS[i]) end
return { 'OK', redis.call('GET', KEYS[2]) or '0', redis.call('HGETALL', KEYS[1]), tombs }
`,
)

/**
 * Compare-and-set of one user: applies a list of changes only if the user's version is
 * still the one the caller read, then sets the new version. The policy decision was made
 * in TypeScript on what was read; the version check makes "read, decide, write" atomic.
 *
 * KEYS: sessions hash, version, epoch, then one key per `sadd`/`srem`/`tomb` op in order.
 * ARGV: expected version, new version, settleMs ('' = no check), idle TTL of the version
 * key (ms), then ops: `hset id json` | `hdel id` | `sadd member` | `srem member` |
 * `tomb type ttlMs` | `pub channel message`.
 * Returns 'OK', 'CONFLICT' or 'REBUILDING'. Nothing is written unless it returns 'OK'.
 */
export const COMMIT_USER = script(
  'commitUser',
  `${REBUILDING_CHECK}
if tonumber(redis.call('GET', KEYS[2]) or '0') ~= tonumber(ARGV[1]) then return 'CONFLICT' end
if rebuilding(KEYS[3], ARGV[3]) then return 'REBUILDING' end
local arity = { hset = 3, hdel = 2, sadd = 2, srem = 2, tomb = 3, pub = 3 }
local a = 5
while a <= #ARGV do
  if not arity[ARGV[a]] then return redis.error_reply('chatgate: unknown op ' .. ARGV[a]) end
  a = a + arity[ARGV[a]]
end
local k = 4
a = 5
while a <= #ARGV do
  local op = ARGV[a]
  if op == 'hset' then
    redis.call('HSET', KEYS[1], ARGV[a + 1], ARGV[a + 2])
  elseif op == 'hdel' then
    redis.call('HDEL', KEYS[1], ARGV[a + 1])
  elseif op == 'sadd' then
    redis.call('SADD', KEYS[k], ARGV[a + 1]); k = k + 1
  elseif op == 'srem' then
    redis.call('SREM', KEYS[k], ARGV[a + 1]); k = k + 1
  elseif op == 'tomb' then
    redis.call('SET', KEYS[k], ARGV[a + 1], 'PX', ARGV[a + 2]); k = k + 1
  else
    redis.call('PUBLISH', ARGV[a + 1], ARGV[a + 2])
  end
  a = a + arity[op]
end
redis.call('SET', KEYS[2], ARGV[2])
-- The version must outlive every session (orders derive from it) but not an idle user.
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
return 'OK'
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
