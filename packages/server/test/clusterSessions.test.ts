import { afterAll, afterEach, beforeAll } from 'vitest'
import { createRedisRegistry } from '../src/registry/redis/registry.js'
import type { SessionRegistry } from '../src/registry/types.js'
import type { RunningServer } from '../src/startServer.js'
import { FAST_TIMINGS, loginSettings } from './helpers/redisRegistryFixtures.js'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import { APP_ID, cleanup, serverConfig, startTestServer } from './helpers.js'
import { describeSessionRequests, SESSIONS_APP } from './sessionRequestsContract.js'

let redis: TestRedis
const registries: SessionRegistry[] = []
let run = 0

beforeAll(async () => {
  redis = await startTestRedis()
})
afterEach(async () => {
  await cleanup()
  for (const registry of registries.splice(0)) await registry.close()
})
afterAll(async () => {
  await redis?.stop()
})

async function node(nodeId: string): Promise<RunningServer> {
  const registry = await createRedisRegistry(
    { url: redis.url, nodeId, ...FAST_TIMINGS },
    { appSettings: new Map([[APP_ID, loginSettings({ web: 3 }, 'all')]]) },
  )
  registries.push(registry)
  const server = await startTestServer(serverConfig({ apps: [SESSIONS_APP] }), { registry })
  await server.whenReady()
  return server
}

// Two nodes on one Redis: every list spans both, every end reaches the other node.
describeSessionRequests('two nodes, Redis registry', async () => {
  run++
  return [await node(`sessions-a${run}`), await node(`sessions-b${run}`)]
})
