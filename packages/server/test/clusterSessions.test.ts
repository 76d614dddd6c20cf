import { ERROR_CODES } from '@chatgate/protocol'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisRegistry } from '../src/registry/redis/registry.js'
import type { SessionRegistry } from '../src/registry/types.js'
import type { RunningServer } from '../src/startServer.js'
import { FAST_TIMINGS, loginSettings } from './helpers/redisRegistryFixtures.js'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import { APP_ID, cleanup, loginClient, serverConfig, startTestServer } from './helpers.js'
import {
  ask,
  describeSessionRequests,
  SESSIONS_APP,
  sessionsOf,
} from './sessionRequestsContract.js'

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

describe('session requests while Redis does not answer', () => {
  it('each is answered 90005 with its seq, the connection stays, and they work again once Redis is back', async () => {
    const a = await node('sessions-outage')
    const { client } = await loginClient(a, 'uri', 'web', { device: 'Desk' })
    const [mine] = await sessionsOf(client)
    redis.pause()
    try {
      for (const request of [
        { op: 'getSessions' },
        { op: 'endSession', sessionID: mine!.sessionID },
        { op: 'endOtherSessions' },
      ]) {
        expect(await ask(client, request)).toMatchObject({
          op: 'error',
          code: ERROR_CODES.REGISTRY_UNAVAILABLE,
        })
      }
    } finally {
      redis.resume()
    }
    expect(client.closed).toBeUndefined()
    const deadline = Date.now() + 5_000
    let listed = await ask(client, { op: 'getSessions' })
    while (listed.op !== 'sessions' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      listed = await ask(client, { op: 'getSessions' })
    }
    expect(listed).toMatchObject({ op: 'sessions', sessions: [{ sessionID: mine!.sessionID }] })
  })
})
