import * as v from 'valibot'
import { integerIn, nonEmptyString, section } from './fields.js'
import { DEFAULT_LIMITS, DEFAULT_TOMBSTONE_SECONDS } from './serverConfigSchema.js'

const DAY_MS = 86_400_000
const tombstoneTtlMs = v.optional(integerIn(1, 30 * DAY_MS), DEFAULT_TOMBSTONE_SECONDS * 1000)
/** The newest tombstones kept per user; older ones are dropped (their clients log in afresh). */
const tombstonesPerUser = v.optional(integerIn(1, 1_000), DEFAULT_LIMITS.tombstonesPerUser)
/** Successful logins per user per minute (burst the same); absent: no limit. */
const loginsPerUserPerMinute = v.optional(integerIn(1, 100_000))
/**
 * How long a REST kick's revocation of older UserSigs is kept: as long as the longest
 * UserSig the server accepts lives, so no sig it revoked can outlive it.
 */
const revocationTtlMs = v.optional(
  integerIn(1_000, 10 * 365 * DAY_MS),
  DEFAULT_LIMITS.maxUserSigSeconds * 1000,
)

/** What `createMemoryRegistry` takes besides its clock (`now`, not data, so not here). */
export const memoryRegistryOptionsSchema = section({
  /** This node's id; a random one when absent. */
  nodeId: v.optional(nonEmptyString()),
  /** How long a kicked session's tombstone is kept. */
  tombstoneTtlMs,
  tombstonesPerUser,
  loginsPerUserPerMinute,
  revocationTtlMs,
})

/** What `createRedisRegistry` takes, with its defaults. */
export const redisRegistryOptionsSchema = v.pipe(
  section({
    /** e.g. `redis://127.0.0.1:6379/0` */
    url: nonEmptyString(),
    /** This node's id, unique in the cluster (a restarted process should take a new one). */
    nodeId: v.pipe(
      v.string('must be 1–128 printable ASCII characters.'),
      v.regex(/^[\x21-\x7e]{1,128}$/, 'must be 1–128 printable ASCII characters.'),
    ),
    /** Prefix of every key and channel. */
    keyPrefix: v.optional(nonEmptyString(), 'chatgate:'),
    tombstoneTtlMs,
    tombstonesPerUser,
    loginsPerUserPerMinute,
    revocationTtlMs,
    /** TTL of the node's heartbeat key: a dead node is noticed this long after it died. */
    nodeTtlMs: v.optional(integerIn(1, 3_600_000), 10_000),
    /** How often the heartbeat is refreshed and dead nodes are swept; a third of nodeTtlMs when absent. */
    heartbeatMs: v.optional(integerIn(1, 3_600_000)),
    /**
     * After Redis lost its data, how long user-facing calls are refused (90005) while the
     * nodes re-register their sessions. Must exceed the time nodes need to reconnect.
     */
    rebuildSettleMs: v.optional(integerIn(0, 600_000), 1_500),
    /** A Redis command not answered within this is failed (90005). */
    commandTimeoutMs: v.optional(integerIn(1, 600_000), 1_000),
    /** Compare-and-set attempts of one change before giving up (90005). */
    maxAttempts: v.optional(integerIn(1, 10_000), 50),
  }),
  v.transform((options) => ({
    ...options,
    heartbeatMs: options.heartbeatMs ?? Math.max(1, Math.floor(options.nodeTtlMs / 3)),
  })),
  v.forward(
    v.check(
      (options) => options.heartbeatMs < options.nodeTtlMs,
      'must be shorter than nodeTtlMs.',
    ),
    ['heartbeatMs'],
  ),
)
