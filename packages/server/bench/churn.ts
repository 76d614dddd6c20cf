// Rule 22 for `pnpm bench server`: one user logging in over and over, each login evicting
// the previous one, must leave the registry's heap and Redis keys flat (tombstones capped
// per user; the login bucket is one small entry). Runs the registries in this process with
// the config's defaults, except the per-user login rate, lifted so that the churn is
// admitted rather than refused (90013); the heap is measured after a full GC.
import { randomBytes } from 'node:crypto'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Redis } from 'ioredis'
import { DEFAULT_LIMITS } from '../src/config.js'
import type { AppLoginSettings } from '../src/policy/types.js'
import { createRegistry } from '../src/registry/createRegistry.js'
import type { SessionRegistry } from '../src/registry/types.js'
import { startTestRedis } from '../test/helpers/redisServer.js'

const ROUNDS = 5
const MEMORY_LOGINS_PER_ROUND = 20_000
const REDIS_LOGINS_PER_ROUND = 2_000
const LIMITS = { ...DEFAULT_LIMITS, loginsPerUserPerMinute: 100_000 }
const SETTINGS: AppLoginSettings = {
  policy: 'all',
  maxInstances: { web: 1, android: 1, iphone: 1, ipad: 1, windows: 1, macos: 1, linux: 1 },
}

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

function heapMiB(): string {
  gc()
  return (process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)
}

async function churn(registry: SessionRegistry, logins: number): Promise<void> {
  for (let i = 0; i < logins; i++) {
    await registry.admit(
      {
        sessionId: randomBytes(16).toString('base64url'),
        sdkAppID: 1,
        userID: 'churner',
        platform: 'web',
        nodeId: registry.nodeId,
        loginAt: Date.now(),
        publicId: randomBytes(16).toString('base64url'),
        device: '',
        address: '127.0.0.1',
        lastSeenAt: Date.now(),
      },
      SETTINGS,
    )
  }
}

export async function churnSection(): Promise<void> {
  console.log(
    `one user's login churn, each login evicting the last (tombstonesPerUser ${LIMITS.tombstonesPerUser}), after each round:`,
  )
  const memory = await createRegistry(
    { kind: 'memory', tombstoneSeconds: 86_400 },
    { limits: LIMITS },
  )
  const heaps = [heapMiB()]
  for (let round = 0; round < ROUNDS; round++) {
    await churn(memory, MEMORY_LOGINS_PER_ROUND)
    heaps.push(heapMiB())
  }
  await memory.close()
  console.log(
    `  memory registry, ${MEMORY_LOGINS_PER_ROUND} logins a round: heap ${heaps.join(' → ')} MiB (before the churn first)`,
  )

  const redis = await startTestRedis()
  const counter = new Redis(redis.url)
  try {
    const registry = await createRegistry(
      { kind: 'redis', url: redis.url, tombstoneSeconds: 86_400 },
      { limits: LIMITS },
    )
    // A fresh Redis looks like one that lost its data: wait out the rebuild window.
    while (!(await registry.readiness()).ready) await new Promise((r) => setTimeout(r, 50))
    const keys = [await counter.dbsize()]
    const redisHeaps = [heapMiB()]
    for (let round = 0; round < ROUNDS; round++) {
      await churn(registry, REDIS_LOGINS_PER_ROUND)
      keys.push(await counter.dbsize())
      redisHeaps.push(heapMiB())
    }
    await registry.close()
    console.log(
      `  Redis registry, ${REDIS_LOGINS_PER_ROUND} logins a round: Redis keys ${keys.join(' → ')}, node heap ${redisHeaps.join(' → ')} MiB`,
    )
  } finally {
    counter.disconnect()
    await redis.stop()
  }
}
