import { randomBytes } from 'node:crypto'
import { PLATFORMS, type Platform } from '@chatgate/protocol'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { AppLoginSettings } from '../../src/policy/types.js'
import {
  createRedisRegistry,
  type RedisRegistryOptions,
} from '../../src/registry/redis/registry.js'
import type { NewSession, OwnerNotice, SessionRegistry } from '../../src/registry/types.js'
import { startTestRedis, type TestRedis } from './redisServer.js'

/** Short timings so liveness tests take well under a second or two. */
export const FAST_TIMINGS = {
  nodeTtlMs: 600,
  heartbeatMs: 150,
  rebuildSettleMs: 0,
  commandTimeoutMs: 300,
} satisfies Partial<RedisRegistryOptions>

export function loginSettings(
  maxInstances: Partial<Record<Platform, number>> = {},
  policy: AppLoginSettings['policy'] = 'mobile-or-desktop+web',
): AppLoginSettings {
  const limits = Object.fromEntries(PLATFORMS.map((p) => [p, maxInstances[p] ?? 1]))
  return { policy, maxInstances: limits as Record<Platform, number> }
}

let nextApp = 1_400_000_000

/** A fresh SDKAppID per test keeps tests apart on one Redis. */
export function freshApp(): number {
  return nextApp++
}

export function newSession(
  sdkAppID: number,
  userID: string,
  platform: Platform,
  nodeId: string,
): NewSession {
  return {
    sessionId: randomBytes(16).toString('hex'),
    sdkAppID,
    userID,
    platform,
    nodeId,
    loginAt: Date.now(),
    publicId: randomBytes(16).toString('base64url'),
    device: '',
    address: '127.0.0.1',
    lastSeenAt: Date.now(),
  }
}

/** A registry (one node's view) with every notice it receives recorded. */
export interface RecordingNode {
  registry: SessionRegistry
  notices: OwnerNotice[]
}

export async function startNode(
  url: string,
  nodeId: string,
  options: Partial<RedisRegistryOptions> = {},
): Promise<RecordingNode> {
  const registry = await createRedisRegistry({ url, nodeId, ...FAST_TIMINGS, ...options })
  const notices: OwnerNotice[] = []
  registry.onOwnerNotice((notice) => notices.push(notice))
  return { registry, notices }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls until `check` holds or `timeoutMs` passes; returns the elapsed ms. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const started = Date.now()
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`)
    await sleep(10)
  }
  return Date.now() - started
}

/**
 * One redis-server for the test file, and registries ("nodes") on it that are closed after
 * each test. Registers the Vitest hooks itself; call it at the top of a file.
 */
export function redisNodesForFile() {
  let redis: TestRedis | undefined
  const started: RecordingNode[] = []
  beforeAll(async () => {
    redis = await startTestRedis()
  })
  afterEach(async () => {
    redis?.resume()
    await Promise.all(started.splice(0).map((n) => n.registry.close()))
  })
  afterAll(async () => {
    await redis?.stop()
  })
  const current = (): TestRedis => {
    if (!redis) throw new Error('redis-server is not started yet (use it inside a test)')
    return redis
  }
  return {
    redis: current,
    async node(nodeId: string, options: Partial<RedisRegistryOptions> = {}) {
      const recording = await startNode(current().url, nodeId, options)
      started.push(recording)
      return recording
    },
  }
}
