import { ERROR_CODES, KICK_TYPES } from '@chatgate/protocol'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import type { Eviction, SessionRecord } from '../src/policy/types.js'
import { createRedisRegistry } from '../src/registry/redis/registry.js'
import { RegistryUnavailableError } from '../src/registry/types.js'
import {
  FAST_TIMINGS,
  freshApp,
  loginSettings,
  newSession,
  redisNodesForFile,
  startNode,
  waitFor,
} from './helpers/redisRegistryFixtures.js'

const cluster = redisNodesForFile()
const node = cluster.node

/** A plain connection to the test's Redis, to do what a dead node or an operator would. */
async function withRedis<T>(use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(cluster.redis().url)
  try {
    return await use(redis)
  } finally {
    redis.disconnect()
  }
}

describe('Redis registry: two nodes on one Redis', () => {
  it('hundreds of concurrent logins of one user across two nodes never exceed the web limit, and every evicted session is kicked exactly once (rule 12)', async () => {
    const a = await node('inv-a')
    const b = await node('inv-b')
    const app = freshApp()
    const settings = loginSettings({ web: 2 })
    const logins = 300
    let maxSeen = 0
    let storming = true
    const watcher = (async () => {
      while (storming) {
        const online = await a.registry.listUser(app, 'alice')
        maxSeen = Math.max(maxSeen, online.length)
      }
    })()
    const admitted: { session: SessionRecord; nodeId: string }[] = []
    const evictions: Eviction[] = []
    await Promise.all(
      Array.from({ length: logins }, async (_, i) => {
        const at = i % 2 === 0 ? a : b
        const session = newSession(app, 'alice', 'web', at.registry.nodeId)
        evictions.push(...(await at.registry.admit(session, settings)))
        admitted.push({ session: { ...session, order: 0 }, nodeId: at.registry.nodeId })
      }),
    )
    storming = false
    await watcher

    const online = await b.registry.listUser(app, 'alice')
    expect(online).toHaveLength(2)
    expect(maxSeen).toBeLessThanOrEqual(2)
    // Every admitted session is either still online or was evicted — by exactly one login.
    const evictedIds = evictions.map((e) => e.session.sessionId)
    expect(new Set(evictedIds).size).toBe(evictedIds.length)
    expect(evictedIds.length + online.length).toBe(logins)
    expect(evictions.every((e) => e.type === KICK_TYPES.KICKED_OUT_MULT_ACCOUNT)).toBe(true)
    // …and its owner node heard of it exactly once, on its own node only.
    await waitFor(
      () => a.notices.length + b.notices.length >= evictedIds.length,
      2_000,
      'kick notices',
    )
    const kicked = [...a.notices, ...b.notices].map((n) => n.session.sessionId)
    expect(kicked.sort()).toEqual([...evictedIds].sort())
    for (const [n, nodeId] of [
      [a, 'inv-a'],
      [b, 'inv-b'],
    ] as const) {
      expect(n.notices.every((x) => x.kind === 'kick' && x.session.nodeId === nodeId)).toBe(true)
    }
    // Orders are unique and increasing: the two left are the two latest admissions.
    const orders = online.map((s) => s.order)
    expect(orders[0]).toBeLessThan(orders[1]!)
  })

  it('a kick decided on node A reaches the owner on node B exactly once, with the original type (rule 12)', async () => {
    const a = await node('kick-a')
    const b = await node('kick-b')
    const app = freshApp()
    const onB = newSession(app, 'bob', 'android', 'kick-b')
    await b.registry.admit(onB, loginSettings())
    const evictions = await a.registry.admit(
      newSession(app, 'bob', 'iphone', 'kick-a'),
      loginSettings(),
    )
    expect(evictions.map((e) => e.session.sessionId)).toEqual([onB.sessionId])
    // A second kick from A to B, after: Redis delivers B's channel in order, so once this
    // one is here, a duplicate of the first published with it would be here too.
    const marker = newSession(app, 'marker', 'web', 'kick-b')
    await b.registry.admit(marker, loginSettings())
    await a.registry.kickSession(app, 'marker', marker.sessionId, KICK_TYPES.KICKED_OUT_REST_API)
    await waitFor(
      () => b.notices.some((n) => n.session.sessionId === marker.sessionId),
      1_000,
      'the second kick on node B',
    )
    expect(b.notices.filter((n) => n.session.sessionId !== marker.sessionId)).toEqual([
      {
        kind: 'kick',
        session: { ...onB, order: 1 },
        type: KICK_TYPES.KICKED_OUT_MULT_DEVICE,
        by: { platform: 'iphone', device: '' },
        decidedAt: expect.any(Number),
      },
    ])
    expect(a.notices).toEqual([])
    expect(await b.registry.lookup(app, 'bob', onB.sessionId)).toEqual({
      status: 'kicked',
      type: KICK_TYPES.KICKED_OUT_MULT_DEVICE,
      by: { platform: 'iphone', device: '' },
    })
  })

  it('a REST kick from either node kicks the user on every node; either node lists them (rule 13)', async () => {
    const a = await node('rest-a')
    const b = await node('rest-b')
    const app = freshApp()
    const settings = loginSettings({ web: 3 }, 'all')
    const web = newSession(app, 'carol', 'web', 'rest-a')
    const mac = newSession(app, 'carol', 'macos', 'rest-b')
    await a.registry.admit(web, settings)
    await b.registry.admit(mac, settings)
    for (const n of [a, b]) {
      const listed = await n.registry.listUser(app, 'carol')
      expect(listed.map((s) => [s.sessionId, s.nodeId])).toEqual([
        [web.sessionId, 'rest-a'],
        [mac.sessionId, 'rest-b'],
      ])
    }
    const kicked = await b.registry.kickUser(app, 'carol', KICK_TYPES.KICKED_OUT_REST_API)
    expect(kicked.map((s) => s.sessionId)).toEqual([web.sessionId, mac.sessionId])
    await waitFor(() => a.notices.length === 1 && b.notices.length === 1, 1_000, 'REST kicks')
    expect(a.notices[0]).toMatchObject({ kind: 'kick', type: 'REST_API_Kick' })
    expect(a.notices[0]?.session.sessionId).toBe(web.sessionId)
    expect(b.notices[0]?.session.sessionId).toBe(mac.sessionId)
    expect(await a.registry.listUser(app, 'carol')).toEqual([])
    expect(await a.registry.kickSession(app, 'carol', web.sessionId, 'userSigExpired')).toBe(false)
  })

  it('a session resumes on another node; the old owner is told to drop its stale socket and its grace timer cannot free it (rule 15)', async () => {
    const a = await node('res-a')
    const b = await node('res-b')
    const app = freshApp()
    const session = newSession(app, 'dave', 'web', 'res-a')
    await a.registry.admit(session, loginSettings())
    const claimed = await b.registry.claim(app, 'dave', session.sessionId, 'res-b')
    // A resume is a sighting: lastSeenAt moves on (rule 33).
    expect(claimed).toEqual({
      status: 'live',
      session: { ...session, order: 1, nodeId: 'res-b', lastSeenAt: expect.any(Number) },
    })
    await waitFor(() => a.notices.length === 1, 1_000, 'the takeover notice')
    expect(a.notices[0]).toEqual({
      kind: 'takeover',
      session: { ...session, order: 1 },
      nodeId: 'res-b',
    })
    expect(b.notices).toEqual([])
    expect(await a.registry.release(app, 'dave', session.sessionId, 'res-a')).toBe(false)
    expect(await a.registry.listUser(app, 'dave')).toHaveLength(1)
    // A later kick now reaches node B, the new owner.
    await a.registry.kickSession(app, 'dave', session.sessionId, 'userSigExpired')
    await waitFor(() => b.notices.length === 1, 1_000, 'the kick on the new owner')
    expect(b.notices[0]).toMatchObject({ kind: 'kick', type: 'userSigExpired' })
    expect(a.notices).toHaveLength(1)
  })

  it('a session displaced while its client was away is not resurrected on another node (rule 16)', async () => {
    const a = await node('dis-a')
    const b = await node('dis-b')
    const app = freshApp()
    const old = newSession(app, 'erin', 'web', 'dis-a')
    await a.registry.admit(old, loginSettings())
    await b.registry.admit(newSession(app, 'erin', 'web', 'dis-b'), loginSettings())
    expect(await b.registry.claim(app, 'erin', old.sessionId, 'dis-b')).toEqual({
      status: 'kicked',
      type: KICK_TYPES.KICKED_OUT_MULT_ACCOUNT,
      by: { platform: 'web', device: '' },
    })
    expect(await b.registry.lookup(app, 'erin', 'never-issued')).toEqual({ status: 'unknown' })
    expect(await a.registry.listUser(app, 'erin')).toHaveLength(1)
  })

  it('logout frees only that instance, and release on the owner node needs no notice (rule 8)', async () => {
    const a = await node('rel-a')
    const b = await node('rel-b')
    const app = freshApp()
    const settings = loginSettings({ web: 2 })
    const first = newSession(app, 'fay', 'web', 'rel-a')
    const second = newSession(app, 'fay', 'web', 'rel-b')
    await a.registry.admit(first, settings)
    await b.registry.admit(second, settings)
    expect(await a.registry.release(app, 'fay', first.sessionId)).toBe(true)
    expect(await a.registry.release(app, 'fay', first.sessionId)).toBe(false)
    expect((await b.registry.listUser(app, 'fay')).map((s) => s.sessionId)).toEqual([
      second.sessionId,
    ])
    expect(await a.registry.lookup(app, 'fay', first.sessionId)).toEqual({ status: 'unknown' })
    expect([...a.notices, ...b.notices]).toEqual([])
  })
})

describe('Redis registry: limits across nodes', () => {
  const keysUnder = async (prefix: string) => {
    const client = new Redis(cluster.redis().url)
    try {
      return (await client.keys(`${prefix}*`)).sort()
    } finally {
      client.disconnect()
    }
  }

  it('Redis keys stay flat under sustained login churn of one user across two nodes (rule 22)', async () => {
    const options = { keyPrefix: 'churn:', tombstonesPerUser: 4, loginsPerUserPerMinute: 10_000 }
    const a = await node('churn-a', options)
    const b = await node('churn-b', options)
    const app = freshApp()
    const churn = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const at = i % 2 === 0 ? a : b
        await at.registry.admit(newSession(app, 'olga', 'web', at.registry.nodeId), loginSettings())
      }
    }
    await churn(20)
    const after20 = await keysUnder('churn:')
    await churn(100)
    const after120 = await keysUnder('churn:')
    expect(after120.length).toBe(after20.length)
    expect(after120.filter((k) => k.startsWith(`churn:tomb:${app}:olga:`))).toHaveLength(4)
  })

  it('the successful-login limit of a user holds across nodes (90013) (rule 22)', async () => {
    const options = { keyPrefix: 'rate:', loginsPerUserPerMinute: 4 }
    const a = await node('rate-a', options)
    const b = await node('rate-b', options)
    const app = freshApp()
    const settings = loginSettings({ web: 10 })
    for (const at of [a, b, a, b]) {
      await at.registry.admit(newSession(app, 'pia', 'web', at.registry.nodeId), settings)
    }
    for (const at of [a, b]) {
      await expect(
        at.registry.admit(newSession(app, 'pia', 'web', at.registry.nodeId), settings),
      ).rejects.toMatchObject({ name: 'AdmissionRefusedError', code: ERROR_CODES.TOO_MANY_LOGINS })
    }
    expect(await a.registry.listUser(app, 'pia')).toHaveLength(4)
  })

  it('a REST kick on one node revokes older UserSigs on the other (rule 26)', async () => {
    const a = await node('revoke-a')
    const b = await node('revoke-b')
    const app = freshApp()
    const second = Math.floor(Date.now() / 1000)
    await a.registry.kickUser(app, 'quinn', KICK_TYPES.KICKED_OUT_REST_API)
    await expect(
      b.registry.admit(newSession(app, 'quinn', 'web', 'revoke-b'), loginSettings(), {
        userSigIssuedAt: second,
      }),
    ).rejects.toMatchObject({ code: ERROR_CODES.USER_SIG_REVOKED })
    // Issued in the second after the kick (the kick may have landed a second later than read above).
    await b.registry.admit(newSession(app, 'quinn', 'web', 'revoke-b'), loginSettings(), {
      userSigIssuedAt: Math.floor(Date.now() / 1000) + 1,
    })
    expect(await a.registry.listUser(app, 'quinn')).toHaveLength(1)
  })
})

describe('Redis registry: node death and start-up', () => {
  it('the sessions of a node that stops beating keep their slots, then are released within nodeTtl + heartbeat (rule 16)', async () => {
    const survivor = await node('death-b')
    const doomed = await startNode(cluster.redis().url, 'death-a')
    const app = freshApp()
    const settings = loginSettings({ web: 3 })
    await doomed.registry.admit(newSession(app, 'gus', 'web', 'death-a'), settings)
    await survivor.registry.admit(newSession(app, 'gus', 'web', 'death-b'), settings)
    // As a kill -9 leaves it: no heartbeat any more, and a key that lapses by itself.
    await doomed.registry.close()
    await withRedis((redis) =>
      redis.set('chatgate:node:death-a:alive', 'gone', 'PX', FAST_TIMINGS.nodeTtlMs),
    )
    const diedAt = Date.now()
    const listed = async () => (await survivor.registry.listUser(app, 'gus')).length === 1
    expect(await listed()).toBe(false)
    await waitFor(listed, 3_000, 'the dead node to be swept')
    const elapsed = Date.now() - diedAt
    const bound = FAST_TIMINGS.nodeTtlMs + FAST_TIMINGS.heartbeatMs
    expect(elapsed).toBeGreaterThanOrEqual(FAST_TIMINGS.nodeTtlMs - 100)
    expect(elapsed).toBeLessThanOrEqual(bound + 600)
    const [left] = await survivor.registry.listUser(app, 'gus')
    expect(left?.nodeId).toBe('death-b')
  })

  it('a node that stops cleanly hands its sessions to the next sweep of another node, which adopts them for their grace period (rule 35)', async () => {
    const survivor = await node('adopt-b')
    const app = freshApp()
    // Nodes of earlier tests stopped too: only this test's app counts.
    const adopted: SessionRecord[] = []
    survivor.registry.onAdoptedSession?.((s) => s.sdkAppID === app && adopted.push(s))
    const stopping = await startNode(cluster.redis().url, 'adopt-a')
    const settings = loginSettings({ web: 3 })
    const left = newSession(app, 'hugo', 'web', 'adopt-a')
    await stopping.registry.admit(left, settings)
    await stopping.registry.close()
    // Within a heartbeat, not a node TTL: a clean stop deletes the node's key.
    await waitFor(() => adopted.length === 1, FAST_TIMINGS.nodeTtlMs, 'the adoption')
    expect(adopted[0]).toMatchObject({ sessionId: left.sessionId, nodeId: 'adopt-b' })
    // Still online (its slot is kept), now owned by the survivor, and resumable there.
    const [kept] = await survivor.registry.listUser(app, 'hugo')
    expect(kept).toMatchObject({ sessionId: left.sessionId, nodeId: 'adopt-b' })
    const claimed = await survivor.registry.claim(app, 'hugo', left.sessionId, 'adopt-b')
    expect(claimed.status).toBe('live')
  })

  it('a node whose heartbeat only lapsed takes back the sessions another node adopted, and that node lets go (rule 35)', async () => {
    const adopter = await node('lapse-b')
    const app = freshApp()
    const adopted: SessionRecord[] = []
    adopter.registry.onAdoptedSession?.((s) => s.sdkAppID === app && adopted.push(s))
    const lapsing = await node('lapse-a')
    const session = newSession(app, 'ines', 'web', 'lapse-a')
    await lapsing.registry.admit(session, loginSettings())
    // Redis forgets lapse-a's heartbeat (as after a long pause) while lapse-a still serves:
    // deleted again and again until a sweep of lapse-b finds it missing.
    await withRedis((redis) =>
      waitFor(
        async () => {
          await redis.del('chatgate:node:lapse-a:alive')
          return adopted.length === 1
        },
        3_000,
        'the adoption',
      ),
    )
    // lapse-a's next heartbeat finds its key gone, repairs, and takes the session back.
    await waitFor(
      async () => (await adopter.registry.listUser(app, 'ines'))[0]?.nodeId === 'lapse-a',
      3_000,
      'the session to move back',
    )
    await waitFor(
      () => adopter.notices.some((n) => n.kind === 'takeover' && n.nodeId === 'lapse-a'),
      3_000,
      "the adopter's takeover notice",
    )
    expect(lapsing.notices).toEqual([])
  })

  it('a process that restarts with the same node id releases what the previous one left', async () => {
    const first = await startNode(cluster.redis().url, 'same-id')
    const app = freshApp()
    await first.registry.admit(newSession(app, 'hal', 'web', 'same-id'), loginSettings())
    await first.registry.close()
    const second = await node('same-id')
    expect(await second.registry.listUser(app, 'hal')).toEqual([])
  })

  it('ignores malformed messages on its channel and refuses a duplicate session id', async () => {
    const a = await node('garbage-a')
    const app = freshApp()
    const publisher = new Redis(cluster.redis().url)
    try {
      for (const junk of ['not json', '{}', '{"version":1,"notice":{"kind":"kick"}}', '[1,2]']) {
        await publisher.publish('chatgate:node:garbage-a', junk)
      }
    } finally {
      publisher.disconnect()
    }
    const session = newSession(app, 'ida', 'web', 'garbage-a')
    await a.registry.admit(session, loginSettings())
    await expect(a.registry.admit(session, loginSettings())).rejects.toThrow(/already registered/)
    expect(await a.registry.listUser(app, 'ida')).toHaveLength(1)
    expect(a.notices).toEqual([])
  })

  it('a last-seen time written on one node is listed on the other, and goes with its session (rule 33)', async () => {
    const a = await node('seen-a')
    const b = await node('seen-b')
    const app = freshApp()
    const settings = loginSettings({ web: 2 }, 'all')
    const first = newSession(app, 'jo', 'web', 'seen-a')
    const second = newSession(app, 'jo', 'web', 'seen-b')
    await a.registry.admit(first, settings)
    await b.registry.admit(second, settings)
    const later = first.lastSeenAt + 120_000
    await b.registry.touch(app, 'jo', first.sessionId, later)
    await a.registry.touch(app, 'jo', second.sessionId, later + 1)
    expect((await a.registry.listUser(app, 'jo')).map((s) => s.lastSeenAt)).toEqual([
      later,
      later + 1,
    ])
    const seenKey = `chatgate:user:${app}:jo:seen`
    await a.registry.kickSession(app, 'jo', first.sessionId, 'userSigExpired')
    expect(await withRedis((r) => r.hkeys(seenKey))).toEqual([second.sessionId])
    // A late touch of a session that is gone writes nothing.
    await b.registry.touch(app, 'jo', first.sessionId, later + 2)
    expect(await withRedis((r) => r.hkeys(seenKey))).toEqual([second.sessionId])
    await b.registry.release(app, 'jo', second.sessionId)
    expect(await withRedis((r) => r.exists(seenKey))).toBe(0)
  })

  it('reads sessions and tombstones an earlier version wrote: a public id derived one way, no device, no by', async () => {
    const a = await node('old-a')
    const app = freshApp()
    const old = { sessionId: 'old-session-id', sdkAppID: app, userID: 'kai', platform: 'web' }
    await withRedis(async (r) => {
      const record = { ...old, nodeId: 'old-a', order: 1, loginAt: 1_000 }
      await r.hset(`chatgate:user:${app}:kai:sessions`, old.sessionId, JSON.stringify(record))
      await r.set(`chatgate:user:${app}:kai:ver`, '1')
      await r.set(`chatgate:tomb:${app}:kai:gone-id`, 'multipleAccount')
    })
    const [listed] = await a.registry.listUser(app, 'kai')
    expect(listed).toMatchObject({ ...old, device: '', address: '', lastSeenAt: 1_000 })
    expect(listed!.publicId).toMatch(/^[\w-]{22}$/)
    expect(listed!.publicId).not.toContain(old.sessionId)
    expect((await a.registry.listUser(app, 'kai'))[0]!.publicId).toBe(listed!.publicId)
    expect(await a.registry.lookup(app, 'kai', 'gone-id')).toEqual({
      status: 'kicked',
      type: 'multipleAccount',
    })
  })

  it('refuses a bad node id and an unreachable Redis with clear errors', async () => {
    await expect(
      createRedisRegistry({ url: cluster.redis().url, nodeId: 'has space' }),
    ).rejects.toThrow(/nodeId/)
    await expect(
      createRedisRegistry({
        url: cluster.redis().url,
        nodeId: 'x',
        heartbeatMs: 5_000,
        nodeTtlMs: 1_000,
      }),
    ).rejects.toThrow(/heartbeatMs/)
    const closed = `redis://127.0.0.1:${cluster.redis().port === 1 ? 2 : 1}`
    await expect(
      createRedisRegistry({ url: closed, nodeId: 'x', commandTimeoutMs: 200 }),
    ).rejects.toBeInstanceOf(RegistryUnavailableError)
  })
})
