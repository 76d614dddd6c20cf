import { KICK_TYPES } from '@chatgate/protocol'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { RegistryUnavailableError } from '../src/registry/types.js'
import {
  freshApp,
  loginSettings,
  newSession,
  redisNodesForFile,
  sleep,
  waitFor,
} from './helpers/redisRegistryFixtures.js'

const cluster = redisNodesForFile()
const node = cluster.node

describe('Redis registry: Redis unreachable or restarted', () => {
  it('while Redis does not answer, logins are refused with RegistryUnavailableError (not admitted unchecked); afterwards everything is still there (rule 12)', async () => {
    const a = await node('pause-a')
    const app = freshApp()
    const kept = newSession(app, 'ivy', 'web', 'pause-a')
    await a.registry.admit(kept, loginSettings())
    cluster.redis().pause()
    const started = Date.now()
    await expect(
      a.registry.admit(newSession(app, 'ivy', 'web', 'pause-a'), loginSettings()),
    ).rejects.toBeInstanceOf(RegistryUnavailableError)
    expect(Date.now() - started).toBeLessThan(1_000)
    await expect(a.registry.listUser(app, 'ivy')).rejects.toBeInstanceOf(RegistryUnavailableError)
    cluster.redis().resume()
    await waitFor(
      async () => (await a.registry.listUser(app, 'ivy').catch(() => [])).length === 1,
      2_000,
      'Redis to answer again',
    )
    expect((await a.registry.listUser(app, 'ivy'))[0]?.sessionId).toBe(kept.sessionId)
    expect(a.notices).toEqual([])
  })

  it('a release that fails while Redis is unreachable leaves the session registered until it is retried (rule 20)', async () => {
    const a = await node('lost-release-a')
    const app = freshApp()
    const session = newSession(app, 'jon', 'web', 'lost-release-a')
    await a.registry.admit(session, loginSettings())
    cluster.redis().pause()
    await expect(a.registry.release(app, 'jon', session.sessionId)).rejects.toBeInstanceOf(
      RegistryUnavailableError,
    )
    cluster.redis().resume()
    // The repair after the outage neither frees it nor loses it: the server still serves it.
    await sleep(400)
    expect(await a.registry.listUser(app, 'jon')).toHaveLength(1)
    expect(await a.registry.release(app, 'jon', session.sessionId)).toBe(true)
    expect(await a.registry.listUser(app, 'jon')).toEqual([])
  })

  it('a kick notice lost while the owner was disconnected from Redis still reaches it, once (rule 20)', async () => {
    const a = await node('lost-kick-a')
    const b = await node('lost-kick-b')
    const app = freshApp()
    const onA = newSession(app, 'kim', 'web', 'lost-kick-a')
    await a.registry.admit(onA, loginSettings())
    const admin = new Redis(cluster.redis().url)
    try {
      // Drop node A's pub/sub connection, then kick before it has reconnected.
      await admin.client('KILL', 'TYPE', 'pubsub')
      await b.registry.kickUser(app, 'kim', KICK_TYPES.KICKED_OUT_REST_API)
    } finally {
      admin.disconnect()
    }
    await waitFor(() => a.notices.length > 0, 3_000, 'the repaired kick')
    await sleep(300)
    expect(a.notices).toEqual([
      { kind: 'kick', session: { ...onA, order: 1 }, type: KICK_TYPES.KICKED_OUT_REST_API },
    ])
  })

  it('a takeover lost while the old owner was disconnected from Redis still reaches it, so its stale socket is dropped (rule 15)', async () => {
    const a = await node('lost-takeover-a')
    const b = await node('lost-takeover-b')
    const app = freshApp()
    const session = newSession(app, 'max', 'web', 'lost-takeover-a')
    await a.registry.admit(session, loginSettings())
    const admin = new Redis(cluster.redis().url)
    try {
      await admin.client('KILL', 'TYPE', 'pubsub')
      await b.registry.claim(app, 'max', session.sessionId, 'lost-takeover-b')
    } finally {
      admin.disconnect()
    }
    await waitFor(() => a.notices.length > 0, 3_000, 'the repaired takeover')
    await sleep(300)
    expect(a.notices).toEqual([
      {
        kind: 'takeover',
        session: expect.objectContaining({ sessionId: session.sessionId }),
        nodeId: 'lost-takeover-b',
      },
    ])
    // Node A no longer claims it: its grace-period release cannot free it.
    expect(await a.registry.release(app, 'max', session.sessionId, 'lost-takeover-a')).toBe(false)
    expect(await b.registry.listUser(app, 'max')).toHaveLength(1)
  })

  it('after Redis restarts empty, nodes re-register their live sessions; logins wait for the rebuild, then the policy counts the restored sessions (rule 12)', async () => {
    // Long enough that a loaded machine still tries a login inside the window.
    const timings = { rebuildSettleMs: 1_500 }
    const a = await node('restart-a', timings)
    const b = await node('restart-b', timings)
    const app = freshApp()
    const settings = loginSettings({ web: 1 })
    const web = newSession(app, 'lea', 'web', 'restart-a')
    const phone = newSession(app, 'lea', 'android', 'restart-b')
    await sleep(400)
    await a.registry.admit(web, settings)
    await b.registry.admit(phone, settings)
    const before = await a.registry.listUser(app, 'lea')

    await cluster.redis().restart()
    // Until the nodes have had time to re-register, a login could miss them: refused.
    const refused = await waitFor(
      async () => {
        const outcome = await a.registry
          .admit(newSession(app, 'lea', 'iphone', 'restart-a'), settings)
          .then(
            () => 'admitted',
            (error: unknown) => error,
          )
        if (outcome === 'admitted') throw new Error('admitted during the rebuild')
        return (outcome as Error).message.includes('re-registering')
      },
      3_000,
      'the rebuild window',
    )
    expect(refused).toBeGreaterThanOrEqual(0)
    await waitFor(
      async () => (await b.registry.listUser(app, 'lea').catch(() => [])).length === 2,
      3_000,
      'the sessions to be re-registered',
    )
    expect(await b.registry.listUser(app, 'lea')).toEqual(before)
    expect([...a.notices, ...b.notices]).toEqual([])

    // The restored web session counts: a new web login on B, once the window is over,
    // displaces it on A.
    const newWeb = newSession(app, 'lea', 'web', 'restart-b')
    let evictions: Awaited<ReturnType<typeof b.registry.admit>> = []
    await waitFor(
      async () => {
        try {
          evictions = await b.registry.admit(newWeb, settings)
          return true
        } catch (error) {
          if ((error as Error).message.includes('re-registering')) return false
          throw error
        }
      },
      5_000,
      'the rebuild window to end',
    )
    expect(evictions.map((e) => e.session.sessionId)).toEqual([web.sessionId])
    await waitFor(() => a.notices.length === 1, 1_000, 'the kick on A')
    expect(a.notices[0]).toMatchObject({ kind: 'kick', type: KICK_TYPES.KICKED_OUT_MULT_ACCOUNT })
  })
})
