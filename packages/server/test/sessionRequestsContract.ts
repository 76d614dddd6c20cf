import {
  CLOSE_CODES,
  ERROR_CODES,
  KICK_TYPES,
  type LoginRequest,
  type Platform,
  parseServerMessage,
  type ServerMessage,
  type SessionInfo,
} from '@chatgate/protocol'
import { describe, expect, it } from 'vitest'
import type { AppConfigInput } from '../src/config.js'
import type { RunningServer } from '../src/startServer.js'
import { untilMetric } from './helpers/scrapeMetrics.js'
import { appConfig, loginClient, TestClient } from './helpers.js'

/** Room for three web sessions and one of each other platform per user. */
export const SESSIONS_APP: AppConfigInput = appConfig({
  login: { policy: 'all', maxInstances: { web: 3 } },
})

/** Two nodes of one deployment (the same server twice when it has only one). */
export type StartNodes = () => Promise<[RunningServer, RunningServer]>

let run = 0

/** Sends a request and resolves with the answer that carries its seq, checked against the protocol. */
export async function ask(
  client: TestClient,
  request: Record<string, unknown>,
): Promise<ServerMessage> {
  const seq = client.nextSeq()
  client.send({ ...request, seq })
  const reply = await client.until(() => client.messages.find((m) => 'seq' in m && m.seq === seq))
  expect(parseServerMessage(JSON.stringify(reply))).toMatchObject({ ok: true })
  return reply
}

/** The client's kick notice, checked against the protocol. */
async function kickOf(client: TestClient): Promise<ServerMessage> {
  const kicked = await client.message('kicked')
  expect(parseServerMessage(JSON.stringify(kicked))).toMatchObject({ ok: true })
  return kicked
}

export async function sessionsOf(client: TestClient): Promise<SessionInfo[]> {
  const reply = await ask(client, { op: 'getSessions' })
  if (reply.op !== 'sessions') throw new Error(`getSessions answered ${JSON.stringify(reply)}`)
  return reply.sessions
}

async function login(
  server: RunningServer,
  userID: string,
  platform: Platform = 'web',
  device?: string,
  extra: Partial<LoginRequest> = {},
) {
  return loginClient(server, userID, platform, device === undefined ? extra : { device, ...extra })
}

/**
 * The session list and its requests over real sockets (design.md rule 33), held for a
 * deployment of one node (memory) and of two nodes on one Redis alike. `nodes()` starts
 * both nodes for a test; the test's cleanup stops them.
 */
export function describeSessionRequests(name: string, nodes: StartNodes): void {
  describe(`${name}: a user's own sessions (rule 33)`, () => {
    // Redis outlives a test: every test has its own users.
    const user = (base: string) => `${base}${++run}`

    it('lists every session of the user on every node, the caller marked current; nobody else’s', async () => {
      const [a, b] = await nodes()
      const alice = user('alice')
      const laptop = await login(a, alice, 'web', 'Chrome on macOS')
      const phone = await login(b, alice, 'android', "Alice's Pixel")
      await login(b, user('bob'), 'web', 'Bob’s PC')
      const before = Date.now()
      const listed = await sessionsOf(laptop.client)
      expect(listed).toHaveLength(2)
      const [first, second] = listed
      expect(first).toEqual({
        sessionID: expect.any(String),
        platform: 'web',
        device: 'Chrome on macOS',
        loginTime: expect.any(Number),
        lastActiveTime: expect.any(Number),
        address: '127.0.0.1',
        current: true,
      })
      expect(second).toMatchObject({ platform: 'android', device: "Alice's Pixel", current: false })
      for (const s of listed) {
        expect(s.loginTime).toBeLessThanOrEqual(before)
        expect(s.lastActiveTime).toBeGreaterThanOrEqual(s.loginTime)
      }
      // The public id is not the resume token, and each session's is its own.
      const ids = listed.map((s) => s.sessionID)
      expect(ids).not.toContain(laptop.ready.sessionId)
      expect(ids).not.toContain(phone.ready.sessionId)
      expect(new Set(ids).size).toBe(2)
      // The other node sees the same list, its own session current.
      const fromPhone = await sessionsOf(phone.client)
      expect(fromPhone.map((s) => [s.sessionID, s.current])).toEqual([
        [first!.sessionID, false],
        [second!.sessionID, true],
      ])
    })

    it('endSession kicks that session on its node with sessionEnded and by; the list shrinks', async () => {
      const [a, b] = await nodes()
      const carol = user('carol')
      const laptop = await login(a, carol, 'web', 'Work laptop')
      const tablet = await login(b, carol, 'ipad', 'Old iPad')
      const target = (await sessionsOf(laptop.client)).find((s) => !s.current)!
      expect(await ask(laptop.client, { op: 'endSession', sessionID: target.sessionID })).toEqual(
        expect.objectContaining({ op: 'sessionsEnded', ended: 1 }),
      )
      expect(await kickOf(tablet.client)).toEqual({
        op: 'kicked',
        type: KICK_TYPES.KICKED_OUT_SESSION_ENDED,
        by: { platform: 'web', device: 'Work laptop' },
      })
      expect((await tablet.client.closeEvent()).code).toBe(CLOSE_CODES.KICKED)
      expect((await sessionsOf(laptop.client)).map((s) => s.current)).toEqual([true])
      expect(laptop.client.closed).toBeUndefined()
      // Ended once: the same id is no session any more.
      const again = await ask(laptop.client, { op: 'endSession', sessionID: target.sessionID })
      expect(again).toMatchObject({ op: 'error', code: ERROR_CODES.NO_SUCH_SESSION })
    })

    it('endOtherSessions kicks every other session, on both nodes, and keeps the caller', async () => {
      const [a, b] = await nodes()
      const dan = user('dan')
      const others = [
        await login(a, dan, 'web', 'Firefox'),
        await login(b, dan, 'web'),
        await login(b, dan, 'iphone', 'iPhone 15'),
      ]
      const me = await login(a, dan, 'macos', 'MacBook')
      const reply = await ask(me.client, { op: 'endOtherSessions' })
      expect(reply).toEqual(expect.objectContaining({ op: 'sessionsEnded', ended: 3 }))
      for (const other of others) {
        expect(await kickOf(other.client)).toEqual({
          op: 'kicked',
          type: 'sessionEnded',
          by: { platform: 'macos', device: 'MacBook' },
        })
      }
      const left = await sessionsOf(me.client)
      expect(left).toEqual([expect.objectContaining({ platform: 'macos', current: true })])
      // Nobody left to end.
      expect(await ask(me.client, { op: 'endOtherSessions' })).toMatchObject({ ended: 0 })
      expect(me.client.closed).toBeUndefined()
    })

    it("another user's sessionID is refused 90019 like a forged one, and changes nothing", async () => {
      const [a, b] = await nodes()
      const erin = user('erin')
      const mallory = user('mallory')
      const victim = await login(b, erin, 'web', 'Erin’s PC')
      const attacker = await login(a, mallory, 'web', 'Evil')
      await login(a, mallory, 'android')
      const erinsId = (await sessionsOf(victim.client))[0]!.sessionID
      for (const sessionID of [erinsId, 'forged-session-id', victim.ready.sessionId]) {
        expect(await ask(attacker.client, { op: 'endSession', sessionID })).toEqual(
          expect.objectContaining({ op: 'error', code: ERROR_CODES.NO_SUCH_SESSION }),
        )
      }
      // Ending "all others" of mallory reaches only mallory's own.
      expect(await ask(attacker.client, { op: 'endOtherSessions' })).toMatchObject({ ended: 1 })
      // Erin's own request first: the registry still holds her session (an ending would have
      // taken it out before any notice went), and the reply comes after any kick sent to her.
      expect((await sessionsOf(victim.client)).map((s) => s.sessionID)).toEqual([erinsId])
      expect(victim.client.kicks()).toEqual([])
      expect(victim.client.closed).toBeUndefined()
      // And mallory's list holds nothing of erin's.
      const seen = JSON.stringify(await sessionsOf(attacker.client))
      expect(seen).not.toContain(erinsId)
      expect(seen).not.toContain('Erin')
    })

    it('endSession on the caller’s own session is refused 90020; a malformed id 6017', async () => {
      const [a] = await nodes()
      const fay = user('fay')
      const me = await login(a, fay)
      const own = (await sessionsOf(me.client))[0]!.sessionID
      expect(await ask(me.client, { op: 'endSession', sessionID: own })).toMatchObject({
        op: 'error',
        code: ERROR_CODES.CURRENT_SESSION,
      })
      for (const sessionID of ['x'.repeat(65), 42, '', undefined]) {
        expect(await ask(me.client, { op: 'endSession', sessionID })).toMatchObject({
          op: 'error',
          code: ERROR_CODES.INVALID_PARAMETERS,
        })
      }
      expect(me.client.closed).toBeUndefined()
      expect(await sessionsOf(me.client)).toHaveLength(1)
    })

    it('a login past the limit kicks with Tencent’s type and by = the new login’s device', async () => {
      const [a, b] = await nodes()
      const gus = user('gus')
      const first = await login(a, gus, 'web', 'Desk')
      await login(a, gus, 'web', 'Couch')
      await login(b, gus, 'web', 'Kitchen')
      await login(b, gus, 'web', 'Chrome on Windows')
      expect(await kickOf(first.client)).toEqual({
        op: 'kicked',
        type: KICK_TYPES.KICKED_OUT_MULT_ACCOUNT,
        by: { platform: 'web', device: 'Chrome on Windows' },
      })
    })

    it('a dropped session in its grace period is listed and can be ended; its resume is then kicked', async () => {
      const [a, b] = await nodes()
      const hal = user('hal')
      const me = await login(a, hal, 'web', 'Home')
      const gone = await login(b, hal, 'android', 'Lost phone')
      gone.client.ws.terminate()
      await gone.client.closeEvent()
      // Its node has seen the socket go: the session is in its grace period.
      await untilMetric(b, 'chatgate_sessions_online{state="detached"}', 1)
      const dropped = (await sessionsOf(me.client)).find((s) => !s.current)
      expect(dropped).toMatchObject({ platform: 'android', device: 'Lost phone' })
      expect(
        await ask(me.client, { op: 'endSession', sessionID: dropped!.sessionID }),
      ).toMatchObject({ op: 'sessionsEnded', ended: 1 })
      for (const node of [b, a]) {
        const back = await TestClient.connect(node.wsUrl)
        back.sendLogin({ userID: hal, platform: 'android', resume: gone.ready.sessionId })
        expect(await kickOf(back)).toEqual({
          op: 'kicked',
          type: 'sessionEnded',
          by: { platform: 'web', device: 'Home' },
        })
        expect((await back.closeEvent()).code).toBe(CLOSE_CODES.KICKED)
        expect(back.messages.some((m) => m.op === 'ready')).toBe(false)
      }
      expect(await sessionsOf(me.client)).toHaveLength(1)
    })

    it('a resumed session keeps its public id and login time', async () => {
      const [a, b] = await nodes()
      const ida = user('ida')
      const me = await login(a, ida, 'web', 'Desk')
      const roaming = await login(a, ida, 'iphone', 'Phone')
      const before = (await sessionsOf(me.client)).find((s) => !s.current)!
      roaming.client.ws.terminate()
      await roaming.client.closeEvent()
      const back = await TestClient.connect(b.wsUrl)
      const seq = back.sendLogin({
        userID: ida,
        platform: 'iphone',
        resume: roaming.ready.sessionId,
      })
      expect(await back.message('ready', seq)).toMatchObject({ resumed: true })
      const after = (await sessionsOf(back)).find((s) => s.current)!
      expect(after).toMatchObject({
        sessionID: before.sessionID,
        device: 'Phone',
        loginTime: before.loginTime,
      })
      expect(after.lastActiveTime).toBeGreaterThanOrEqual(before.lastActiveTime)
    })
  })
}
