import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { RegistryConfig } from '../config.js'
import { createMemoryRegistry } from './memoryRegistry.js'
import type { SessionRegistry } from './types.js'

export interface CreateRegistryOptions {
  /** Overrides the configured node id. */
  nodeId?: string
  /** Clock in Unix ms (tests). */
  now?: () => number
}

/** What the Redis registry module exports; loaded only when a config asks for Redis. */
interface RedisRegistryModule {
  createRedisRegistry(options: {
    url: string
    nodeId: string
    keyPrefix?: string
    tombstoneTtlMs: number
    nodeTtlMs?: number
    now?: () => number
  }): SessionRegistry | Promise<SessionRegistry>
}

/** A node id that stays unique across hosts and restarts. */
export function defaultNodeId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
}

export async function createRegistry(
  config: RegistryConfig,
  options: CreateRegistryOptions = {},
): Promise<SessionRegistry> {
  const tombstoneTtlMs = config.tombstoneSeconds * 1000
  switch (config.kind) {
    case 'memory':
      return createMemoryRegistry({
        nodeId: options.nodeId ?? defaultNodeId(),
        tombstoneTtlMs,
        ...(options.now ? { now: options.now } : {}),
      })
    case 'redis': {
      // A variable specifier keeps ioredis (and the module) out of memory-only servers.
      const specifier = './redisRegistry.js'
      const module = (await import(specifier)) as RedisRegistryModule
      return module.createRedisRegistry({
        url: config.url,
        nodeId: options.nodeId ?? config.nodeId ?? defaultNodeId(),
        tombstoneTtlMs,
        ...(config.keyPrefix ? { keyPrefix: config.keyPrefix } : {}),
        ...(config.nodeTtlSeconds ? { nodeTtlMs: config.nodeTtlSeconds * 1000 } : {}),
        ...(options.now ? { now: options.now } : {}),
      })
    }
    default:
      return config satisfies never
  }
}
