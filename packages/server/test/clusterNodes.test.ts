import { CLOSE_CODES, ERROR_CODES, KICK_TYPES, type Platform } from '@chatgate/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerConfigInput } from '../src/config.js'
import { type NodeProcess, spawnNode } from './helpers/redisClusterNodes.js'
import { sleep, waitFor } from './helpers/redisRegistryFixtures.js'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import {
  appConfig,
  TestClient as Client,
  cleanup,
  kickUser,
  loginClient,
  onlineStatus,
  sign,
  type TestClient,
} from './helpers.js'

// Two real server processes (the CLI) sharing one real redis-server.
const NODE_TTL_MS = 1_000
const GRACE_SECONDS = 1

let redis: TestRedis
let a: NodeProcess
let b: NodeProcess
const extraNodes: NodeProcess[] = []

function nodeConfig(nodeId: string): ServerConfigInput {
  return {
    host: '127.0.0.1',
    port: 0,
    apps: [
      appConfig({
        login: { policy: 'mobile-or-desktop+web', maxInstances: { web: 2 } },
        sessionGraceSeconds: GRACE_SECONDS,
      }),
    ],
    registry: { kind: 'redis', url: redis.url, nodeId, nodeTtlSeconds: NODE_TTL_MS / 1000 },
    // The storm logs one user in hundreds of times a minute, past the default 60 (rule 22).
    limits: { loginsPerUserPerMinute: 100_000 },
  }
}

/** Connects and logs in, waiting longer than the shared helper (a storm of logins). */
async function slowLogin(node: NodeProcess, userID: string, platform: Platform, timeoutMs: number) {
  const client = await Client.connect(node.wsUrl)
  const seq = client.sendLogin({ userID, platform })
  await client.until(
    () => client.messages.some((m) => (m.op === 'ready' && m.seq === seq) || m.op === 'error'),
    timeoutMs,
  )
  return client
}

async function instances(node: NodeProcess, userID: string): Promise<number> {
  const result = await onlineStatus(node, userID)
  return result.Detail?.length ?? 0
}

beforeAll(async () => {
  redis = await startTestRedis()
  ;[a, b] = await Promise.all([spawnNode(nodeConfig('node-a')), spawnNode(nodeConfig('node-b'))])
  // A fresh Redis looks like one that lost its data: calls wait out the rebuild window.
  await waitFor(async () => (await instances(a, 'nobody').catch(() => -1)) === 0, 5_000, 'Redis')
}, 60_000)

afterAll(async () => {
  await cleanup()
  await Promise.all([a, b, ...extraNodes].filter(Boolean).map((n) => n.stop()))
  await redis?.stop()
})

describe('two server processes sharing Redis', () => {
  it('200 concurrent logins of one user across both nodes (web limit 2) never leave more than 2 online; every evicted client is kicked exactly once (rule 12)', async () => {
    const logins = 200
    let maxOnline = 0
    let storming = true
    const watcher = (async () => {
      while (storming) maxOnline = Math.max(maxOnline, await instances(a, 'storm'))
    })()
    watcher.catch(() => {})
    const clients = await Promise.all(
      Array.from({ length: logins }, async (_, i) => {
        const node = i % 2 === 0 ? a : b
        return slowLogin(node, 'storm', 'web', 20_000)
      }),
    )
    storming = false
    await watcher
    expect(maxOnline).toBeLessThanOrEqual(2)
    expect(clients.flatMap((c) => c.messages.filter((m) => m.op === 'error'))).toEqual([])
    await waitFor(
      () => clients.filter((c) => c.kicks().length > 0).length >= logins - 2,
      10_000,
      'the evicted clients to be kicked',
    )
    // No kick is left on its way: the kicked sockets are closed (nothing follows a close),
    // and the registry still holds the two others (a kick takes a session out in the same
    // step that publishes its notice).
    const kicked = clients.filter((c) => c.kicks().length > 0)
    await waitFor(() => kicked.every((c) => c.closed !== undefined), 5_000, 'kicked sockets')
    expect(await instances(b, 'storm')).toBe(2)
    expect(await instances(a, 'storm')).toBe(2)
    expect(clients.filter((c) => c.kicks().length > 0)).toHaveLength(logins - 2)
    expect(kicked.every((c) => c.kicks().length === 1)).toBe(true)
    expect(kicked.every((c) => c.kicks()[0]?.type === KICK_TYPES.KICKED_OUT_MULT_ACCOUNT)).toBe(
      true,
    )
    expect(kicked.every((c) => c.closed?.code === CLOSE_CODES.KICKED)).toBe(true)
    const survivors = clients.filter((c) => c.kicks().length === 0)
    expect(survivors.every((c) => c.closed === undefined)).toBe(true)
  }, 60_000)

  it('a login on node B kicks the client on node A exactly once (rule 12)', async () => {
    const { client: onA } = await loginClient(a, 'kim', 'android')
    const { client: onB } = await loginClient(b, 'kim', 'iphone')
    expect((await onA.message('kicked')).type).toBe(KICK_TYPES.KICKED_OUT_MULT_DEVICE)
    expect((await onA.closeEvent()).code).toBe(CLOSE_CODES.KICKED)
    // Closed, onA takes no further frame. onB's session is still registered (a kick would
    // have taken it out as its notice went), and its pong follows anything sent to it.
    expect(await instances(a, 'kim')).toBe(1)
    await onB.roundTrip()
    expect(onA.kicks()).toHaveLength(1)
    expect(onB.kicks()).toHaveLength(0)
    expect(onB.closed).toBeUndefined()
  })

  it('the REST online query and the REST kick work from either node for users on both (rule 13)', async () => {
    const { client: web } = await loginClient(a, 'rosa', 'web')
    const { client: phone } = await loginClient(b, 'rosa', 'android')
    for (const node of [a, b]) {
      const status = await onlineStatus(node, 'rosa')
      expect(status.Status).toBe('Online')
      expect(status.Detail?.map((d) => d.Platform).sort()).toEqual(['Android', 'Web'])
    }
    expect((await kickUser(b, 'rosa')).ActionStatus).toBe('OK')
    for (const client of [web, phone]) {
      expect((await client.message('kicked')).type).toBe(KICK_TYPES.KICKED_OUT_REST_API)
      // Nothing follows a close: no second kick.
      expect((await client.closeEvent()).code).toBe(CLOSE_CODES.KICKED)
    }
    expect([web.kicks().length, phone.kicks().length]).toEqual([1, 1])
    expect((await onlineStatus(a, 'rosa')).Status).toBe('Offline')
  })

  it('after a REST kick on node B, the user’s older UserSig is refused on node A (90014); a new one logs in (rule 26)', async () => {
    const kickSecond = Math.floor(Date.now() / 1000)
    const before = sign('vera', { now: kickSecond - 30 })
    const { client } = await loginClient(a, 'vera', 'web', { userSig: before })
    expect((await kickUser(b, 'vera')).ActionStatus).toBe('OK')
    expect((await client.message('kicked')).type).toBe(KICK_TYPES.KICKED_OUT_REST_API)
    const again = await Client.connect(a.wsUrl)
    const seq = again.sendLogin({ userID: 'vera', userSig: before })
    expect((await again.message('error', seq)).code).toBe(ERROR_CODES.USER_SIG_REVOKED)
    expect((await again.closeEvent()).code).toBe(CLOSE_CODES.LOGIN_REFUSED)
    // Signed in a second after the kick's (within the clock skew the server allows).
    const after = sign('vera', { now: Math.floor(Date.now() / 1000) + 1 })
    expect((await loginClient(a, 'vera', 'web', { userSig: after })).ready.op).toBe('ready')
  })

  it('after a network loss the client resumes its session on the other node; the first node’s grace period does not free it (rule 15)', async () => {
    const { client: first, ready } = await loginClient(a, 'nina', 'web')
    first.ws.terminate()
    const back = await Client.connect(b.wsUrl)
    const seq = back.sendLogin({ userID: 'nina', resume: ready.sessionId })
    const resumed = await back.message('ready', seq)
    expect(resumed).toMatchObject({ sessionId: ready.sessionId, resumed: true })
    await sleep(GRACE_SECONDS * 1000 + 300)
    expect(await instances(a, 'nina')).toBe(1)
    expect(back.closed).toBeUndefined()
    expect(back.kicks()).toEqual([])
  })
})

describe('node death and Redis faults', () => {
  it('after kill -9 of a node its clients resume on the survivor, and its other sessions are released within nodeTtl + nodeTtl/3 + their grace period (rules 16, 35)', async () => {
    const doomed = await spawnNode(nodeConfig('node-c'))
    extraNodes.push(doomed)
    const { client: stays } = await loginClient(b, 'otto', 'web')
    const { client: moves, ready } = await loginClient(doomed, 'otto', 'web')
    await loginClient(doomed, 'olga', 'web')
    expect(await instances(b, 'otto')).toBe(2)

    await doomed.kill9()
    const diedAt = Date.now()
    await moves.closeEvent()
    // The session of a dead node keeps its slot (as in a grace period) and can be resumed.
    const back = await Client.connect(b.wsUrl)
    const seq = back.sendLogin({ userID: 'otto', resume: ready.sessionId })
    expect(await back.message('ready', seq)).toMatchObject({ resumed: true })
    expect(await instances(b, 'olga')).toBe(1)

    await waitFor(async () => (await instances(b, 'olga')) === 0, 5_000, 'olga to be released')
    const elapsed = Date.now() - diedAt
    // The death is seen within nodeTtl + a sweep (nodeTtl/3); its sessions then keep the
    // app's grace period from that moment (rule 35). Slack for a loaded machine; a sweep that
    // waited for anything longer would miss it.
    expect(elapsed).toBeLessThanOrEqual(
      NODE_TTL_MS + NODE_TTL_MS / 3 + GRACE_SECONDS * 1000 + 1_500,
    )
    expect(await instances(a, 'otto')).toBe(2)
    expect(stays.closed).toBeUndefined()
    expect(back.closed).toBeUndefined()
  }, 30_000)

  it('while Redis is unreachable new logins are refused with 90005 and close 1013, connected clients stay; after a restart that lost every key the sessions are rebuilt (rule 12)', async () => {
    const { client: onA } = await loginClient(a, 'pia', 'web')
    const { client: onB } = await loginClient(b, 'pia', 'android')

    redis.pause()
    try {
      const refused = await Client.connect(a.wsUrl)
      refused.sendLogin({ userID: 'quinn' })
      const error = await refused.message('error', undefined, 5_000)
      expect(error.code).toBe(ERROR_CODES.REGISTRY_UNAVAILABLE)
      expect((await refused.closeEvent()).code).toBe(CLOSE_CODES.TRY_AGAIN_LATER)
    } finally {
      redis.resume()
    }

    await redis.restart()
    await waitFor(
      async () => (await instances(b, 'pia').catch(() => 0)) === 2,
      10_000,
      'the sessions to be re-registered',
    )
    for (const client of [onA, onB] as TestClient[]) {
      expect(client.closed).toBeUndefined()
      expect(client.kicks()).toEqual([])
    }
    // The rebuilt registry enforces the policy again: a second phone displaces the first.
    await slowLogin(a, 'pia', 'iphone', 5_000)
    expect((await onB.message('kicked')).type).toBe(KICK_TYPES.KICKED_OUT_MULT_DEVICE)
  }, 30_000)
})
