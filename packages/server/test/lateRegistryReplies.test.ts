import { CLOSE_CODES, ERROR_CODES, englishMessage } from '@chatgate/protocol'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisRegistry } from '../src/registry/redis/registry.js'
import type { SessionRegistry } from '../src/registry/types.js'
import type { RunningServer } from '../src/startServer.js'
import { FAST_TIMINGS } from './helpers/redisRegistryFixtures.js'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import { scrapeMetrics, untilMetric } from './helpers/scrapeMetrics.js'
import { untilAccepted } from './helpers/untilAccepted.js'
import { cleanup, loginClient, serverConfig, sign, startTestServer, TestClient } from './helpers.js'

// A registry reply that arrives after the session's state moved on (a logout began) has
// nobody to go to. A paused redis-server holds the replies back for as long as the test
// needs: the request and the logout both wait on it, and their replies come in order.

// Login, the request and the logout leave 5 to 7 of 8 tokens (the bucket refills one a
// second): 8 pings after them make 1 to 3 refusals, short of the 8 in a row that close.
const limits = { requestsPerSecond: 1, requestBurst: 8 }

let redis: TestRedis
const registries: SessionRegistry[] = []

beforeAll(async () => {
  redis = await startTestRedis()
})
afterEach(async () => {
  redis.resume()
  await cleanup()
  for (const registry of registries.splice(0)) await registry.close()
})
afterAll(async () => {
  await redis?.stop()
})

/** A server whose registry waits as long as Redis does (no command times out while paused). */
async function serverOverRedis(
  nodeId: string,
  overrides: Parameters<typeof serverConfig>[0] = {},
): Promise<RunningServer> {
  const registry = await createRedisRegistry({
    url: redis.url,
    nodeId,
    ...FAST_TIMINGS,
    commandTimeoutMs: 30_000,
  })
  registries.push(registry)
  const server = await startTestServer(serverConfig({ limits, ...overrides }), { registry })
  await server.whenReady()
  return server
}

async function loggedInOverRedis(userID: string): Promise<TestClient> {
  const server = await serverOverRedis(`late-${userID}`)
  return (await loginClient(server, userID)).client
}

/**
 * Sends `request`, then a logout, while Redis answers neither; lets Redis go once the
 * server has read both; returns the request's seq for the caller's check.
 */
async function requestThenLogoutWhileRedisWaits(
  client: TestClient,
  request: Record<string, unknown>,
): Promise<{ seq: number; logoutSeq: number }> {
  redis.pause()
  const seq = client.nextSeq()
  client.send({ ...request, seq })
  const logoutSeq = client.nextSeq()
  client.send({ op: 'logout', seq: logoutSeq })
  // Frames are not served during a logout, but one over the request rate is still refused
  // out loud (90012): that answer says the server has read the logout before it.
  for (let i = 0; i < limits.requestBurst; i++) client.send({ op: 'ping', seq: client.nextSeq() })
  await client.until(() => client.messages.some((m) => m.op === 'error'))
  redis.resume()
  expect((await client.closeEvent(10_000)).code).toBe(CLOSE_CODES.LOGGED_OUT)
  return { seq, logoutSeq }
}

describe('a registry reply that arrives once a logout has begun', () => {
  it('a renew is not answered: the logout is, and the socket closes logged out', async () => {
    const client = await loggedInOverRedis('lena')
    const { seq, logoutSeq } = await requestThenLogoutWhileRedisWaits(client, {
      op: 'renew',
      userSig: sign('lena', { expireSeconds: 7200 }),
    })
    expect(client.messages.filter((m) => 'seq' in m && m.seq === seq)).toEqual([])
    expect(client.messages.at(-1)).toEqual({ op: 'loggedOut', seq: logoutSeq })
    const errors = client.messages.filter((m) => m.op === 'error')
    expect(new Set(errors.map((m) => m.code))).toEqual(new Set([ERROR_CODES.TOO_MANY_REQUESTS]))
  })

  it('a session list is not sent: the logout is answered, and the socket closes logged out', async () => {
    const client = await loggedInOverRedis('milo')
    const { seq, logoutSeq } = await requestThenLogoutWhileRedisWaits(client, {
      op: 'getSessions',
    })
    expect(client.messages.filter((m) => 'seq' in m && m.seq === seq)).toEqual([])
    expect(client.messages.at(-1)).toEqual({ op: 'loggedOut', seq: logoutSeq })
    const errors = client.messages.filter((m) => m.op === 'error')
    expect(new Set(errors.map((m) => m.code))).toEqual(new Set([ERROR_CODES.TOO_MANY_REQUESTS]))
  })
})

describe('requests while the login waits on the registry', () => {
  it('each is answered 6014 with its seq, and the login then completes', async () => {
    const server = await serverOverRedis('late-login')
    const client = await TestClient.connect(server.wsUrl)
    redis.pause()
    const loginSeq = client.sendLogin({ userID: 'nils' })
    const requests = [
      { op: 'renew', userSig: sign('nils') },
      { op: 'getSessions' },
      { op: 'logout' },
    ].map((request) => ({ ...request, seq: client.nextSeq() }))
    for (const request of requests) client.send(request)
    const code = ERROR_CODES.NOT_LOGGED_IN
    for (const { seq } of requests) {
      expect(await client.message('error', seq)).toEqual({
        op: 'error',
        seq,
        code,
        message: englishMessage(code),
      })
    }
    redis.resume()
    expect(await client.message('ready', loginSeq)).toMatchObject({ userID: 'nils' })
    expect(client.closed).toBeUndefined()
  })
})

describe('a login the registry admits after its socket closed', () => {
  it('leaves the session waiting out its grace period, not attached to the closed socket', async () => {
    // One WebSocket per address: a second is accepted once the server has let the first
    // go. Plain HTTP sockets from a trusted proxy count only against the total, so /metrics
    // is never refused for a refused upgrade's socket that has not closed yet.
    const server = await serverOverRedis('late-admit', {
      limits: { ...limits, maxConnectionsPerAddress: 1 },
      trustProxy: ['127.0.0.1'],
    })
    const client = await TestClient.connect(server.wsUrl)
    redis.pause()
    client.sendLogin({ userID: 'olaf' })
    // The login frame is read before the close that follows it on the same socket.
    client.ws.close()
    await client.closeEvent()
    // /metrics asks the registry, which does not answer now; the address cap tells instead.
    await untilAccepted(() => TestClient.connect(server.wsUrl))
    redis.resume()
    await untilMetric(server, 'chatgate_sessions_online{state="detached"}', 1)
    const metrics = await scrapeMetrics(server)
    expect(metrics.get('chatgate_sessions_online{state="attached"}')).toBe(0)
  })
})
