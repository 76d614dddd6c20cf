import { CLOSE_CODES, ERROR_CODES, KICK_TYPES } from '@chatgate/protocol'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisRegistry } from '../src/registry/redis/registry.js'
import type { SessionRegistry } from '../src/registry/types.js'
import { FAST_TIMINGS, loginSettings } from './helpers/redisRegistryFixtures.js'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import {
  APP_ID,
  cleanup,
  kickUser,
  loginClient,
  serverConfig,
  sign,
  startTestServer,
  TestClient,
} from './helpers.js'

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

async function node(nodeId: string, now: () => number) {
  const registry = await createRedisRegistry(
    { url: redis.url, nodeId, ...FAST_TIMINGS, rebuildSettleMs: 0 },
    { appSettings: new Map([[APP_ID, loginSettings()]]), now },
  )
  registries.push(registry)
  const server = await startTestServer(serverConfig(), { registry, now })
  await server.whenReady()
  return server
}

describe('a UserSig revoked by a REST kick on another node (Redis)', () => {
  it('renews and resumes nothing on this node: 90014 (rule 26)', async () => {
    let clock = Date.now()
    const now = () => clock
    const a = await node('revoke-a', now)
    const b = await node('revoke-b', now)
    const second = () => Math.floor(clock / 1000)
    const revoked = sign('ravi', { now: second() - 30, expireSeconds: 31_536_000 })
    const before = await loginClient(b, 'ravi', 'web', { userSig: revoked })
    // The kick is sent to node A; node B holds the session.
    expect((await kickUser(a, 'ravi')).ActionStatus).toBe('OK')
    expect(await before.client.message('kicked')).toMatchObject({
      type: KICK_TYPES.KICKED_OUT_REST_API,
    })

    clock += 1_000
    const fresh = sign('ravi', { now: second(), expireSeconds: 600 })
    const { client, ready } = await loginClient(b, 'ravi', 'web', { userSig: fresh })
    const seq = client.nextSeq()
    client.send({ op: 'renew', seq, userSig: revoked })
    expect(await client.message('error', seq)).toMatchObject({
      code: ERROR_CODES.USER_SIG_REVOKED,
    })

    client.ws.terminate()
    await client.closeEvent()
    const thief = await TestClient.connect(b.wsUrl)
    const login = thief.sendLogin({ userID: 'ravi', userSig: revoked, resume: ready.sessionId })
    expect(await thief.message('error', login)).toMatchObject({
      code: ERROR_CODES.USER_SIG_REVOKED,
    })
    expect((await thief.closeEvent()).code).toBe(CLOSE_CODES.LOGIN_REFUSED)
  })
})
