import { ERROR_CODES } from '@chatgate/protocol'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisRegistry } from '../src/registry/redis/registry.js'
import type { SessionRegistry } from '../src/registry/types.js'
import { FAST_TIMINGS, loginSettings, sleep } from './helpers/redisRegistryFixtures.js'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import { APP_ID, cleanup, serverConfig, startTestServer, TestClient } from './helpers.js'

let redis: TestRedis
const registries: SessionRegistry[] = []

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

async function readyz(url: string) {
  const answer = await fetch(`${url}/readyz`)
  return { status: answer.status, body: (await answer.json()) as unknown }
}

/** One login; `ready` or the refusal's code. */
async function tryLogin(wsUrl: string, userID: string): Promise<'ready' | number> {
  const client = await TestClient.connect(wsUrl)
  const seq = client.sendLogin({ userID })
  const answer = await client.until(() =>
    client.messages.find((m) => (m.op === 'ready' || m.op === 'error') && m.seq === seq),
  )
  client.ws.terminate()
  return answer.op === 'ready' ? 'ready' : (answer as { code: number }).code
}

describe('readiness (/readyz)', () => {
  it('with the memory registry the node is ready at once; once closing it is draining (rule 25)', async () => {
    const server = await startTestServer()
    expect(await readyz(server.url)).toEqual({ status: 200, body: { status: 'ready' } })
    expect(await server.readiness()).toEqual({ ready: true })
    const closing = server.close()
    expect(await server.readiness()).toEqual({ ready: false, reason: 'draining' })
    await closing
  })

  it('a node started on an empty Redis answers 503 while the dataset is rebuilt, and never says ready while logins would get 90005 (rule 25)', async () => {
    // A rebuild window longer than the default 1.5 s, so a busy machine still sees it.
    const registry = await createRedisRegistry(
      { url: redis.url, nodeId: 'ready-node', ...FAST_TIMINGS, rebuildSettleMs: 3_000 },
      { appSettings: new Map([[APP_ID, loginSettings()]]) },
    )
    registries.push(registry)
    const server = await startTestServer(serverConfig(), { registry })

    // startServer resolved, but the node says plainly that it is not ready yet.
    expect(await server.readiness()).toEqual({ ready: false, reason: 'rebuilding' })
    expect(await readyz(server.url)).toEqual({
      status: 503,
      body: { status: 'not-ready', reason: 'rebuilding' },
    })
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    expect(await tryLogin(server.wsUrl, 'early')).toBe(ERROR_CODES.REGISTRY_UNAVAILABLE)

    // Whenever /readyz says ready, a login is admitted.
    const deadline = Date.now() + 15_000
    let admittedWhileReady = 0
    let i = 0
    while (admittedWhileReady < 3) {
      if (Date.now() > deadline) throw new Error('the node never became ready')
      const { status } = await readyz(server.url)
      if (status === 200) {
        expect(await tryLogin(server.wsUrl, `user${i++}`)).toBe('ready')
        admittedWhileReady++
      } else {
        await sleep(50)
      }
    }
    await server.whenReady()
  })
})
