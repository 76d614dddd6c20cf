import { CLOSE_CODES, ERROR_CODES } from '@chatgate/protocol'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisRegistry } from '../src/registry/redis/registry.js'
import type { SessionRegistry } from '../src/registry/types.js'
import { loggedServer } from './helpers/loggedServer.js'
import { FAST_TIMINGS } from './helpers/redisRegistryFixtures.js'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import { APP_ID, cleanup, loginClient, sign, TestClient } from './helpers.js'

// Redis answering with an error that is not an outage (here WRONGTYPE: something else wrote
// a key under the registry's prefix) is a fault the server cannot explain to the client.
// The connection closes 1011 with 90010 and the error is logged, not swallowed, and the
// server goes on serving everyone else.

let redis: TestRedis
let raw: Redis
const registries: SessionRegistry[] = []

beforeAll(async () => {
  redis = await startTestRedis()
  raw = new Redis(redis.url)
})
afterEach(async () => {
  await cleanup()
  for (const registry of registries.splice(0)) await registry.close()
})
afterAll(async () => {
  raw?.disconnect()
  await redis?.stop()
})

async function serverOverRedis(nodeId: string) {
  const registry = await createRedisRegistry({ url: redis.url, nodeId, ...FAST_TIMINGS })
  registries.push(registry)
  const logged = await loggedServer({}, { registry })
  await logged.server.whenReady()
  return logged
}

/** Puts a string where the registry keeps a hash (or the reverse) for this user. */
async function spoil(userID: string, part: 'sessions' | 'revoked'): Promise<void> {
  const key = `chatgate:user:${APP_ID}:${userID}:${part}`
  await raw.del(key)
  if (part === 'sessions') await raw.set(key, 'not a hash')
  else await raw.hset(key, 'not', 'a string')
}

async function expectInternalError(client: TestClient, seq: number): Promise<void> {
  expect((await client.closeEvent(5_000)).code).toBe(CLOSE_CODES.INTERNAL_ERROR)
  const errors = client.messages.filter((m) => m.op === 'error')
  // The reply carries no seq: the fault is the connection's, not one request's.
  expect(errors).toEqual([
    { op: 'error', code: ERROR_CODES.INTERNAL_ERROR, message: expect.any(String) },
  ])
  expect(client.messages.some((m) => 'seq' in m && m.seq === seq && m.op !== 'error')).toBe(false)
}

describe('Redis answering an error that is not an outage', () => {
  it('a login is closed 1011 with 90010, the error is logged, and other users still log in', async () => {
    const { server, events } = await serverOverRedis('spoiled-login')
    await spoil('nora', 'sessions')
    const client = await TestClient.connect(server.wsUrl)
    const seq = client.sendLogin({ userID: 'nora' })
    await expectInternalError(client, seq)
    expect(events('connection_error')).toEqual([
      expect.objectContaining({ error: expect.stringContaining('WRONGTYPE') }),
    ])
    await loginClient(server, 'otto')
  })

  // Each request of a logged-in user, with the part of its record it reads spoiled.
  const requests = [
    { name: 'logout', part: 'sessions', request: () => ({ op: 'logout' }) },
    { name: 'session list', part: 'sessions', request: () => ({ op: 'getSessions' }) },
    {
      name: 'renew',
      part: 'revoked',
      request: (userID: string) => ({
        op: 'renew',
        userSig: sign(userID, { expireSeconds: 7200 }),
      }),
    },
  ] as const
  it.each(requests)(
    'a $name is closed 1011 with 90010 and logged, not answered as an outage',
    async ({ name, part, request }) => {
      const userID = `spoiled-${name.replace(' ', '-')}`
      const { server, events } = await serverOverRedis(userID)
      const { client } = await loginClient(server, userID)
      await spoil(userID, part)
      const seq = client.nextSeq()
      client.send({ ...request(userID), seq })
      await expectInternalError(client, seq)
      expect(events('connection_error')).toHaveLength(1)
      // A logout that failed is not logged as one.
      expect(events('logout')).toEqual([])
    },
  )
})
