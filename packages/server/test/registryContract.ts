import { PLATFORMS, type Platform } from '@chatgate/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppLoginSettings } from '../src/policy/types.js'
import type { NewSession, OwnerNotice, SessionRegistry } from '../src/registry/types.js'

const APP = 1400000001

export function loginSettings(
  policy: AppLoginSettings['policy'] = 'all',
  limits: Partial<Record<Platform, number>> = {},
): AppLoginSettings {
  const maxInstances = Object.fromEntries(PLATFORMS.map((p) => [p, limits[p] ?? 1])) as Record<
    Platform,
    number
  >
  return { policy, maxInstances }
}

let counter = 0

/**
 * The behaviour every `SessionRegistry` must have, whatever stores it. Each test gets a
 * fresh registry from `makeRegistry`; sessions are owned by that registry's node.
 */
export function describeRegistryContract(
  name: string,
  makeRegistry: () => Promise<SessionRegistry>,
): void {
  describe(`${name} registry contract`, () => {
    let registry: SessionRegistry
    let notices: OwnerNotice[]

    beforeEach(async () => {
      registry = await makeRegistry()
      notices = []
      registry.onOwnerNotice((notice) => notices.push(notice))
    })
    afterEach(async () => {
      await registry.close()
    })

    const session = (userID: string, platform: Platform = 'web', device = ''): NewSession => ({
      sessionId: `sess-${++counter}-${Math.random().toString(36).slice(2)}`,
      sdkAppID: APP,
      userID,
      platform,
      nodeId: registry.nodeId,
      loginAt: Date.now() - 5000,
      publicId: `pub-${counter}-${Math.random().toString(36).slice(2)}`,
      device,
      address: '198.51.100.7',
      lastSeenAt: Date.now() - 5000,
    })
    const ids = (list: { sessionId: string }[]) => list.map((s) => s.sessionId)
    /** Notices are delivered in order but may arrive after the call resolves (pub/sub). */
    const noticesSettle = async (count: number) => {
      const deadline = Date.now() + 2000
      while (notices.length < count && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      // Give a duplicate the chance to show up.
      await new Promise((resolve) => setTimeout(resolve, 20))
    }

    it('admission evicts per policy, earliest first, and notifies each owner once (rule 12)', async () => {
      const settings = loginSettings('all', { web: 2 })
      const a = session('alice')
      const b = session('alice')
      const c = session('alice')
      expect(await registry.admit(a, settings)).toEqual([])
      expect(await registry.admit(b, settings)).toEqual([])
      const evicted = await registry.admit(c, settings)
      expect(evicted.map((e) => [e.session.sessionId, e.type])).toEqual([
        [a.sessionId, 'multipleAccount'],
      ])
      expect(ids(await registry.listUser(APP, 'alice'))).toEqual([b.sessionId, c.sessionId])
      await noticesSettle(1)
      expect(notices).toHaveLength(1)
      expect(notices[0]).toMatchObject({
        kind: 'kick',
        type: 'multipleAccount',
        session: { sessionId: a.sessionId },
      })
    })

    it('admission applies the policy across platforms (rule 11)', async () => {
      const settings = loginSettings('single')
      const web = session('bob', 'web')
      await registry.admit(web, settings)
      const evicted = await registry.admit(session('bob', 'android'), settings)
      expect(evicted.map((e) => [e.session.sessionId, e.type])).toEqual([
        [web.sessionId, 'multipleDevice'],
      ])
      expect((await registry.listUser(APP, 'bob')).map((s) => s.platform)).toEqual(['android'])
    })

    it('keeps users and apps apart', async () => {
      const settings = loginSettings('all')
      await registry.admit(session('carol'), settings)
      await registry.admit({ ...session('carol'), sdkAppID: APP + 1 }, settings)
      expect(await registry.admit(session('dave'), settings)).toEqual([])
      expect(await registry.listUser(APP, 'carol')).toHaveLength(1)
      expect(await registry.listUser(APP + 1, 'carol')).toHaveLength(1)
    })

    it('listUser returns sessions earliest first with increasing order', async () => {
      const settings = loginSettings('all', { web: 3 })
      const made = [session('erin', 'web'), session('erin', 'android'), session('erin', 'web')]
      for (const s of made) await registry.admit(s, settings)
      const listed = await registry.listUser(APP, 'erin')
      expect(ids(listed)).toEqual(ids(made))
      expect(listed.map((s) => s.order)).toEqual(
        [...listed.map((s) => s.order)].sort((x, y) => x - y),
      )
      expect(new Set(listed.map((s) => s.order)).size).toBe(3)
      expect(listed[0]).toMatchObject({
        sdkAppID: APP,
        userID: 'erin',
        platform: 'web',
        nodeId: registry.nodeId,
      })
    })

    it('an evicted session leaves a tombstone with the original kick type (rule 16)', async () => {
      const settings = loginSettings('all')
      const old = session('frank')
      await registry.admit(old, settings)
      await registry.admit(session('frank', 'web', 'Firefox on Linux'), settings)
      // The tombstone keeps who caused the kick, so a late resume hears the same (rule 33).
      const kicked = {
        status: 'kicked',
        type: 'multipleAccount',
        by: { platform: 'web', device: 'Firefox on Linux' },
      }
      expect(await registry.lookup(APP, 'frank', old.sessionId)).toEqual(kicked)
      expect(await registry.claim(APP, 'frank', old.sessionId, registry.nodeId)).toEqual(kicked)
      expect(await registry.lookup(APP, 'frank', 'no-such-session')).toEqual({ status: 'unknown' })
      // A tombstone belongs to its user: another UserID cannot read it.
      expect(await registry.lookup(APP, 'mallory', old.sessionId)).toEqual({ status: 'unknown' })
    })

    it('claim moves a live session to a node and tells the previous owner (takeover) (rule 15)', async () => {
      const s = session('grace')
      await registry.admit(s, loginSettings())
      const claimed = await registry.claim(APP, 'grace', s.sessionId, 'other-node')
      expect(claimed).toMatchObject({
        status: 'live',
        session: { sessionId: s.sessionId, nodeId: 'other-node' },
      })
      await noticesSettle(1)
      expect(notices).toEqual([
        expect.objectContaining({
          kind: 'takeover',
          nodeId: 'other-node',
          session: expect.objectContaining({ sessionId: s.sessionId }),
        }),
      ])
      expect((await registry.listUser(APP, 'grace'))[0]?.nodeId).toBe('other-node')
      expect(await registry.lookup(APP, 'grace', s.sessionId)).toMatchObject({ status: 'live' })
    })

    it('a claim back to this node from another notifies that node, not this one (rule 15)', async () => {
      const s = session('heidi')
      await registry.admit(s, loginSettings())
      await registry.claim(APP, 'heidi', s.sessionId, 'other-node')
      await noticesSettle(1)
      notices.length = 0
      await registry.claim(APP, 'heidi', s.sessionId, registry.nodeId)
      await noticesSettle(0)
      expect(notices).toEqual([])
    })

    it('release with ifNodeId frees only a session that node still owns (rule 16)', async () => {
      const s = session('ivan')
      await registry.admit(s, loginSettings())
      await registry.claim(APP, 'ivan', s.sessionId, 'other-node')
      expect(await registry.release(APP, 'ivan', s.sessionId, registry.nodeId)).toBe(false)
      expect(await registry.listUser(APP, 'ivan')).toHaveLength(1)
      expect(await registry.release(APP, 'ivan', s.sessionId, 'other-node')).toBe(true)
      expect(await registry.listUser(APP, 'ivan')).toEqual([])
      // Released, not kicked: no tombstone, a resume finds nothing.
      expect(await registry.lookup(APP, 'ivan', s.sessionId)).toEqual({ status: 'unknown' })
      expect(await registry.release(APP, 'ivan', s.sessionId)).toBe(false)
    })

    it('release without ifNodeId frees the slot for the next login (rule 8)', async () => {
      const settings = loginSettings('all')
      const s = session('judy')
      await registry.admit(s, settings)
      expect(await registry.release(APP, 'judy', s.sessionId)).toBe(true)
      expect(await registry.admit(session('judy'), settings)).toEqual([])
      await noticesSettle(0)
      expect(notices).toEqual([])
    })

    it('kickSession tombstones one session and notifies once (rule 14)', async () => {
      const s = session('ken')
      const other = session('ken', 'android')
      await registry.admit(s, loginSettings())
      await registry.admit(other, loginSettings())
      expect(await registry.kickSession(APP, 'ken', s.sessionId, 'userSigExpired')).toBe(true)
      expect(await registry.kickSession(APP, 'ken', s.sessionId, 'userSigExpired')).toBe(false)
      expect(ids(await registry.listUser(APP, 'ken'))).toEqual([other.sessionId])
      expect(await registry.lookup(APP, 'ken', s.sessionId)).toEqual({
        status: 'kicked',
        type: 'userSigExpired',
      })
      await noticesSettle(1)
      expect(notices).toEqual([expect.objectContaining({ kind: 'kick', type: 'userSigExpired' })])
    })

    it('kickUser kicks every session of the user, each notified once (rule 13)', async () => {
      const settings = loginSettings('all')
      const made = [session('leo', 'web'), session('leo', 'android'), session('leo', 'macos')]
      for (const s of made) await registry.admit(s, settings)
      await registry.admit(session('mia'), settings)
      const kicked = await registry.kickUser(APP, 'leo', 'REST_API_Kick')
      expect(ids(kicked).sort()).toEqual(ids(made).sort())
      expect(await registry.listUser(APP, 'leo')).toEqual([])
      expect(await registry.listUser(APP, 'mia')).toHaveLength(1)
      await noticesSettle(3)
      expect(notices).toHaveLength(3)
      expect(new Set(notices.map((n) => n.session.sessionId))).toEqual(new Set(ids(made)))
      expect(notices.every((n) => n.kind === 'kick' && n.type === 'REST_API_Kick')).toBe(true)
      for (const s of made) {
        expect(await registry.lookup(APP, 'leo', s.sessionId)).toEqual({
          status: 'kicked',
          type: 'REST_API_Kick',
        })
      }
      expect(await registry.kickUser(APP, 'leo', 'REST_API_Kick')).toEqual([])
    })

    it('concurrent admissions of one user never leave more than the limit (rule 12)', async () => {
      const settings = loginSettings('all', { web: 2 })
      const made = Array.from({ length: 20 }, () => session('nina'))
      const results = await Promise.all(made.map((s) => registry.admit(s, settings)))
      const evicted = results.flat().map((e) => e.session.sessionId)
      expect(new Set(evicted).size).toBe(evicted.length)
      expect(evicted).toHaveLength(18)
      const live = await registry.listUser(APP, 'nina')
      expect(live).toHaveLength(2)
      expect([...evicted, ...ids(live)].sort()).toEqual(ids(made).sort())
      await noticesSettle(18)
      expect(notices).toHaveLength(18)
    })

    it('keeps what the session list shows: public id, device, address, login and last-seen time (rule 33)', async () => {
      const s = session('pia', 'iphone', "Pia's iPhone")
      await registry.admit(s, loginSettings())
      const [listed] = await registry.listUser(APP, 'pia')
      expect(listed).toMatchObject({
        sessionId: s.sessionId,
        publicId: s.publicId,
        platform: 'iphone',
        device: "Pia's iPhone",
        address: '198.51.100.7',
        loginAt: s.loginAt,
        lastSeenAt: s.lastSeenAt,
      })
    })

    it('touch moves lastSeenAt forward only, and never brings back a session that is gone (rule 33)', async () => {
      const s = session('quin')
      await registry.admit(s, loginSettings())
      const later = s.lastSeenAt + 60_000
      await registry.touch(APP, 'quin', s.sessionId, later)
      expect((await registry.listUser(APP, 'quin'))[0]?.lastSeenAt).toBe(later)
      await registry.touch(APP, 'quin', s.sessionId, later - 30_000)
      expect((await registry.listUser(APP, 'quin'))[0]?.lastSeenAt).toBe(later)
      await registry.release(APP, 'quin', s.sessionId)
      await registry.touch(APP, 'quin', s.sessionId, later + 60_000)
      expect(await registry.listUser(APP, 'quin')).toEqual([])
      expect(await registry.lookup(APP, 'quin', s.sessionId)).toEqual({ status: 'unknown' })
    })

    it('a claim (resume) is a sighting: lastSeenAt and address move on (rule 33)', async () => {
      const s = session('rolf')
      await registry.admit(s, loginSettings())
      const before = Date.now()
      await registry.claim(APP, 'rolf', s.sessionId, registry.nodeId, '203.0.113.9')
      const [listed] = await registry.listUser(APP, 'rolf')
      expect(listed?.lastSeenAt).toBeGreaterThanOrEqual(before)
      expect(listed?.address).toBe('203.0.113.9')
      expect(listed?.loginAt).toBe(s.loginAt)
    })

    it('a kick by a new login names it (by) in the notice and the tombstone; an expiry names nobody (rule 33)', async () => {
      const settings = loginSettings('all')
      const old = session('sara', 'web', 'Chrome on macOS')
      await registry.admit(old, settings)
      await registry.admit(session('sara', 'web', 'Edge on Windows'), settings)
      await noticesSettle(1)
      expect(notices).toEqual([
        expect.objectContaining({
          kind: 'kick',
          type: 'multipleAccount',
          by: { platform: 'web', device: 'Edge on Windows' },
        }),
      ])
      const [live] = await registry.listUser(APP, 'sara')
      await registry.kickSession(APP, 'sara', live!.sessionId, 'userSigExpired')
      await noticesSettle(2)
      expect(notices[1]).toMatchObject({ kind: 'kick', type: 'userSigExpired' })
      expect(notices[1]).not.toHaveProperty('by')
      expect(await registry.lookup(APP, 'sara', live!.sessionId)).toEqual({
        status: 'kicked',
        type: 'userSigExpired',
      })
    })

    it('kickSession with by: the ended session hears type and by, now or on resume (rule 33)', async () => {
      const settings = loginSettings('all', { web: 3 })
      const mine = session('tara', 'web', 'Laptop')
      const other = session('tara', 'android')
      await registry.admit(mine, settings)
      await registry.admit(other, settings)
      const by = { platform: 'web' as const, device: 'Laptop' }
      expect(await registry.kickSession(APP, 'tara', other.sessionId, 'sessionEnded', by)).toBe(
        true,
      )
      await noticesSettle(1)
      expect(notices).toEqual([
        expect.objectContaining({
          kind: 'kick',
          type: 'sessionEnded',
          by,
          session: expect.objectContaining({ sessionId: other.sessionId }),
        }),
      ])
      expect(await registry.lookup(APP, 'tara', other.sessionId)).toEqual({
        status: 'kicked',
        type: 'sessionEnded',
        by,
      })
      expect(ids(await registry.listUser(APP, 'tara'))).toEqual([mine.sessionId])
    })

    it('kickUser with except leaves that session alone and kicks the others with by (rule 33)', async () => {
      const settings = loginSettings('all', { web: 3 })
      const made = [session('uma', 'web', 'A'), session('uma', 'web', 'B'), session('uma', 'macos')]
      for (const s of made) await registry.admit(s, settings)
      await registry.admit(session('vic'), settings)
      const by = { platform: 'web' as const, device: 'B' }
      const keep = made[1]!.sessionId
      const kicked = await registry.kickUser(APP, 'uma', 'sessionEnded', { except: keep, by })
      expect(ids(kicked).sort()).toEqual([made[0]!.sessionId, made[2]!.sessionId].sort())
      expect(ids(await registry.listUser(APP, 'uma'))).toEqual([keep])
      expect(await registry.listUser(APP, 'vic')).toHaveLength(1)
      await noticesSettle(2)
      expect(notices).toHaveLength(2)
      expect(notices.every((n) => n.kind === 'kick' && n.type === 'sessionEnded')).toBe(true)
      expect(notices.map((n) => (n.kind === 'kick' ? n.by : undefined))).toEqual([by, by])
      expect(await registry.lookup(APP, 'uma', made[2]!.sessionId)).toEqual({
        status: 'kicked',
        type: 'sessionEnded',
        by,
      })
      // Ending others again ends nobody.
      expect(await registry.kickUser(APP, 'uma', 'sessionEnded', { except: keep, by })).toEqual([])
    })

    it('stops delivering notices after unsubscribe', async () => {
      const mine: OwnerNotice[] = []
      const unsubscribe = registry.onOwnerNotice((n) => mine.push(n))
      const s = session('olga')
      await registry.admit(s, loginSettings())
      unsubscribe()
      await registry.kickSession(APP, 'olga', s.sessionId, 'REST_API_Kick')
      await noticesSettle(1)
      expect(mine).toEqual([])
      expect(notices).toHaveLength(1)
    })
  })
}
