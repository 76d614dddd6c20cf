import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { LimitsConfig, RegistryConfig } from '../config.js'
import type { AppLoginSettings } from '../policy/types.js'
import { createMemoryRegistry } from './memoryRegistry.js'
import type { SessionRegistry } from './types.js'

export interface CreateRegistryOptions {
  /** Overrides the configured node id. */
  nodeId?: string
  /** Login settings per SDKAppID (the config's apps), for the Redis registry's repair. */
  appSettings?: ReadonlyMap<number, AppLoginSettings>
  /**
   * The config's limits the registry enforces: tombstones per user, successful logins per
   * user, and how long a REST kick's revocation lasts (`maxUserSigSeconds`). Without them
   * the registry keeps its own defaults and does not limit logins.
   */
  limits?: Pick<LimitsConfig, 'tombstonesPerUser' | 'loginsPerUserPerMinute' | 'maxUserSigSeconds'>
  /** Clock in Unix ms (tests). */
  now?: () => number
}

/** A node id that stays unique across hosts and restarts. */
export function defaultNodeId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
}

export async function createRegistry(
  config: RegistryConfig,
  options: CreateRegistryOptions = {},
): Promise<SessionRegistry> {
  const { limits } = options
  const common = {
    tombstoneTtlMs: config.tombstoneSeconds * 1000,
    tombstonesPerUser: limits?.tombstonesPerUser,
    loginsPerUserPerMinute: limits?.loginsPerUserPerMinute,
    revocationTtlMs: limits && limits.maxUserSigSeconds * 1000,
  }
  switch (config.kind) {
    case 'memory':
      return createMemoryRegistry({
        nodeId: options.nodeId ?? defaultNodeId(),
        ...common,
        ...(options.now ? { now: options.now } : {}),
      })
    case 'redis': {
      // Loaded on demand: a memory-only server never loads ioredis. A literal specifier, so
      // type checks and bundlers see the module.
      const { createRedisRegistry } = await import('./redis/registry.js')
      return createRedisRegistry(
        {
          url: config.url,
          nodeId: options.nodeId ?? config.nodeId ?? defaultNodeId(),
          keyPrefix: config.keyPrefix,
          nodeTtlMs: config.nodeTtlSeconds === undefined ? undefined : config.nodeTtlSeconds * 1000,
          ...common,
        },
        {
          ...(options.appSettings ? { appSettings: options.appSettings } : {}),
          ...(options.now ? { now: options.now } : {}),
        },
      )
    }
    default:
      return config satisfies never
  }
}
