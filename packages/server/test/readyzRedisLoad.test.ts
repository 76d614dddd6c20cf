import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisRegistry } from '../src/registry/redis/registry.js'
import type { SessionRegistry } from '../src/registry/types.js'
import { loginSettings } from './helpers/redisRegistryFixtures.js'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import { APP_ID, cleanup, serverConfig, startTestServer } from './helpers.js'

let redis: TestRedis
let probe: Redis
const registries: SessionRegistry[] = []

beforeAll(async () => {
  redis = await startTestRedis()
  probe = new Redis(redis.url, { lazyConnect: true })
  await probe.connect()
})
afterEach(async () => {
  await cleanup()
  for (const registry of registries.splice(0)) await registry.close()
})
afterAll(async () => {
  probe?.disconnect()
  await redis?.stop()
})

/** Scripts Redis has run so far (every registry step, `/readyz`'s check among them). */
async function scriptCalls(): Promise<number> {
  const stats = await probe.info('commandstats')
  return Number(/cmdstat_evalsha:calls=(\d+)/.exec(stats)?.[1] ?? 0)
}

describe('/readyz with a Redis registry', () => {
  it('does not cost the shared Redis a round trip per anonymous request (rule 25)', async () => {
    const registry = await createRedisRegistry(
      { url: redis.url, nodeId: 'readyz-load', rebuildSettleMs: 0 },
      { appSettings: new Map([[APP_ID, loginSettings()]]) },
    )
    registries.push(registry)
    const server = await startTestServer(serverConfig(), { registry })
    await server.whenReady()

    const before = await scriptCalls()
    const asks = 300
    for (let i = 0; i < asks / 30; i++) {
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => fetch(`${server.url}/readyz`)),
      )
      for (const answer of answers) expect(answer.status).toBe(200)
    }
    const calls = (await scriptCalls()) - before
    // Heartbeats run beside it; far fewer than one check per ask either way.
    expect(calls).toBeLessThan(asks / 2)
  })

  it('says draining at once when the node closes, whatever it answered just before (rule 25)', async () => {
    const registry = await createRedisRegistry(
      { url: redis.url, nodeId: 'readyz-drain', rebuildSettleMs: 0 },
      { appSettings: new Map([[APP_ID, loginSettings()]]) },
    )
    registries.push(registry)
    const server = await startTestServer(serverConfig(), { registry })
    await server.whenReady()
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
    const closing = server.close()
    const answer = await fetch(`${server.url}/readyz`).catch(() => undefined)
    // Either refused outright (the listener is closing) or answered 503, never 200.
    if (answer) expect(answer.status).toBe(503)
    await closing
  })
})
