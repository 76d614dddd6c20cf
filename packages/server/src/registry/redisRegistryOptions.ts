export interface RedisRegistryOptions {
  /** e.g. `redis://127.0.0.1:6379/0` */
  url: string
  /** This node's id, unique in the cluster (a restarted process should take a new one). */
  nodeId: string
  /** Prefix of every key and channel. @default 'chatgate:' */
  keyPrefix?: string
  /** How long a kicked session's tombstone is kept. @default 86_400_000 (24 h) */
  tombstoneTtlMs?: number
  /** TTL of the node's heartbeat key: a dead node is noticed this long after it died. @default 10_000 */
  nodeTtlMs?: number
  /** How often the heartbeat is refreshed and dead nodes are swept. @default nodeTtlMs / 3 */
  heartbeatMs?: number
  /**
   * After Redis lost its data, how long user-facing calls are refused (90005) while the
   * nodes re-register their sessions. Must exceed the time nodes need to reconnect.
   * @default 1_500
   */
  rebuildSettleMs?: number
  /** A Redis command not answered within this is failed (90005). @default 1_000 */
  commandTimeoutMs?: number
  /** Compare-and-set attempts of one change before giving up (90005). @default 50 */
  maxAttempts?: number
}

export const REDIS_REGISTRY_DEFAULTS = {
  keyPrefix: 'chatgate:',
  tombstoneTtlMs: 24 * 60 * 60 * 1000,
  nodeTtlMs: 10_000,
  rebuildSettleMs: 1_500,
  commandTimeoutMs: 1_000,
  maxAttempts: 50,
} as const

export type RedisRegistrySettings = Required<RedisRegistryOptions>

/** Fills in defaults and refuses options that cannot work, naming the option. */
export function redisRegistrySettings(options: RedisRegistryOptions): RedisRegistrySettings {
  const nodeTtlMs = options.nodeTtlMs ?? REDIS_REGISTRY_DEFAULTS.nodeTtlMs
  const settings: RedisRegistrySettings = {
    ...REDIS_REGISTRY_DEFAULTS,
    heartbeatMs: Math.floor(nodeTtlMs / 3),
    // An option given as `undefined` means "the default", not "unset".
    ...(Object.fromEntries(
      Object.entries(options).filter(([, value]) => value !== undefined),
    ) as RedisRegistryOptions),
  }
  if (!/^[\x21-\x7e]{1,128}$/.test(settings.nodeId)) {
    throw new RangeError('Redis registry: nodeId must be 1–128 printable ASCII characters.')
  }
  for (const name of ['tombstoneTtlMs', 'nodeTtlMs', 'heartbeatMs', 'commandTimeoutMs'] as const) {
    if (!Number.isInteger(settings[name]) || settings[name] <= 0) {
      throw new RangeError(`Redis registry: ${name} must be a positive integer.`)
    }
  }
  if (settings.heartbeatMs >= settings.nodeTtlMs) {
    throw new RangeError('Redis registry: heartbeatMs must be shorter than nodeTtlMs.')
  }
  if (!Number.isInteger(settings.rebuildSettleMs) || settings.rebuildSettleMs < 0) {
    throw new RangeError('Redis registry: rebuildSettleMs must be an integer ≥ 0.')
  }
  if (!Number.isInteger(settings.maxAttempts) || settings.maxAttempts < 1) {
    throw new RangeError('Redis registry: maxAttempts must be an integer ≥ 1.')
  }
  return settings
}
