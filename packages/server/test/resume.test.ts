import { CLOSE_CODES, closeAction } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { manualTime } from './helpers/manualTime.js'
import { untilMetric } from './helpers/scrapeMetrics.js'
import {
  cleanup,
  kickUser,
  loginClient,
  onlineStatus,
  serverConfig,
  startTestServer,
  TestClient,
} from './helpers.js'

afterEach(cleanup)

const GRACE_MS = 60_000

async function resume(server: { wsUrl: string }, userID: string, sessionId: string) {
  const client = await TestClient.connect(server.wsUrl)
  const seq = client.sendLogin({ userID, resume: sessionId })
  return { client, seq }
}

describe('resume after a dropped socket', () => {
  it('a dropped session is resumed with resumed:true, same id, nobody evicted (rule 15)', async () => {
    const server = await startTestServer()
    const first = await loginClient(server, 'alice')
    const other = await loginClient(server, 'alice')
    first.client.ws.terminate()
    await first.client.closeEvent()
    const again = await resume(server, 'alice', first.ready.sessionId)
    const ready = await again.client.message('ready', again.seq)
    expect(ready).toMatchObject({
      sessionId: first.ready.sessionId,
      userID: 'alice',
      resumed: true,
    })
    await other.client.roundTrip()
    expect(other.client.kicks()).toEqual([])
    expect((await onlineStatus(server, 'alice')).Detail).toHaveLength(2)
  })

  it('a resume while the old socket still looks alive drops the stale socket silently (rule 15)', async () => {
    const server = await startTestServer()
    const first = await loginClient(server, 'bob')
    const again = await resume(server, 'bob', first.ready.sessionId)
    expect(await again.client.message('ready', again.seq)).toMatchObject({ resumed: true })
    await first.client.closeEvent()
    expect(first.client.kicks()).toEqual([])
    // The resumed socket is the one that serves the session now.
    const seq = again.client.nextSeq()
    again.client.send({ op: 'ping', seq })
    expect(await again.client.message('pong', seq)).toEqual({ op: 'pong', seq })
    expect((await onlineStatus(server, 'bob')).Detail).toHaveLength(1)
  })

  it('the dropped session keeps its slot during grace and counts against the limit (rule 16)', async () => {
    const server = await startTestServer()
    const a = await loginClient(server, 'carol')
    const b = await loginClient(server, 'carol')
    a.client.ws.terminate()
    await a.client.closeEvent()
    expect((await onlineStatus(server, 'carol')).Status).toBe('Online')
    expect((await onlineStatus(server, 'carol')).Detail).toHaveLength(2)
    // A third login displaces the dropped (earliest) one, not the live one.
    await loginClient(server, 'carol')
    await b.client.roundTrip()
    expect(b.client.kicks()).toEqual([])
    expect((await onlineStatus(server, 'carol')).Detail).toHaveLength(2)
  })

  it('a session displaced while offline is not resurrected: kicked with the original type (rule 16)', async () => {
    const server = await startTestServer()
    const a = await loginClient(server, 'dave')
    a.client.ws.terminate()
    await a.client.closeEvent()
    await loginClient(server, 'dave')
    const newest = await loginClient(server, 'dave')
    const back = await resume(server, 'dave', a.ready.sessionId)
    // The tombstone keeps who caused the kick (rule 33).
    expect(await back.client.message('kicked')).toEqual({
      op: 'kicked',
      type: 'multipleAccount',
      by: { platform: 'web', device: '' },
    })
    expect((await back.client.closeEvent()).code).toBe(CLOSE_CODES.KICKED)
    expect(back.client.messages.some((m) => m.op === 'ready')).toBe(false)
    await newest.client.roundTrip()
    expect(newest.client.kicks()).toEqual([])
    expect((await onlineStatus(server, 'dave')).Detail).toHaveLength(2)
  })

  it('a kick closes with a code that tells the client to stop, and resuming the kicked session only repeats the kick (rule 17)', async () => {
    const server = await startTestServer()
    const a = await loginClient(server, 'kim')
    await loginClient(server, 'kim')
    await loginClient(server, 'kim')
    const closed = await a.client.closeEvent()
    expect(closeAction(closed.code)).toBe('stop')
    // A client that tried anyway would be told again, without displacing anyone.
    for (let i = 0; i < 2; i++) {
      const back = await resume(server, 'kim', a.ready.sessionId)
      expect(await back.client.message('kicked')).toMatchObject({
        op: 'kicked',
        type: 'multipleAccount',
      })
      expect(closeAction((await back.client.closeEvent()).code)).toBe('stop')
    }
    expect((await onlineStatus(server, 'kim')).Detail).toHaveLength(2)
  })

  it('a session kicked by REST while offline answers REST_API_Kick on resume (rule 16)', async () => {
    const server = await startTestServer()
    const a = await loginClient(server, 'erin')
    a.client.ws.terminate()
    await a.client.closeEvent()
    expect((await kickUser(server, 'erin')).ActionStatus).toBe('OK')
    const back = await resume(server, 'erin', a.ready.sessionId)
    expect(await back.client.message('kicked')).toEqual({ op: 'kicked', type: 'REST_API_Kick' })
    expect((await back.client.closeEvent()).code).toBe(CLOSE_CODES.KICKED)
  })

  it('after the grace period the slot is released, and a late resume is a fresh login (rule 16)', async () => {
    const time = manualTime()
    const server = await startTestServer(serverConfig(), {
      sessionGraceMs: GRACE_MS,
      ...time.options,
    })
    const a = await loginClient(server, 'frank')
    a.client.ws.terminate()
    await a.client.closeEvent()
    await untilMetric(server, 'chatgate_sessions_online{state="detached"}', 1)
    time.advance(GRACE_MS - 1_000)
    expect((await onlineStatus(server, 'frank')).Status).toBe('Online')
    time.advance(2_000)
    expect((await onlineStatus(server, 'frank')).Status).toBe('Offline')
    const back = await resume(server, 'frank', a.ready.sessionId)
    const ready = await back.client.message('ready', back.seq)
    expect(ready.resumed).toBe(false)
    expect(ready.sessionId).not.toBe(a.ready.sessionId)
  })

  it('a resumed session is not released by the grace timer of its dropped socket (rule 15)', async () => {
    const time = manualTime()
    const server = await startTestServer(serverConfig(), {
      sessionGraceMs: GRACE_MS,
      ...time.options,
    })
    const a = await loginClient(server, 'gina')
    a.client.ws.terminate()
    await a.client.closeEvent()
    // Detached first, so its grace period is running when the resume comes.
    await untilMetric(server, 'chatgate_sessions_online{state="detached"}', 1)
    const back = await resume(server, 'gina', a.ready.sessionId)
    await back.client.message('ready', back.seq)
    time.advance(10 * GRACE_MS)
    expect((await onlineStatus(server, 'gina')).Status).toBe('Online')
    await back.client.roundTrip()
    expect(back.client.closed).toBeUndefined()
  })

  it('a resume must present a valid UserSig for the same user (rule 15)', async () => {
    const server = await startTestServer()
    const a = await loginClient(server, 'hank')
    a.client.ws.terminate()
    const thief = await TestClient.connect(server.wsUrl)
    const seq = thief.sendLogin({ userID: 'hank', resume: a.ready.sessionId, userSig: 'not-a-sig' })
    expect(await thief.message('error', seq)).toMatchObject({ code: 70052 })
    expect((await thief.closeEvent()).code).toBe(CLOSE_CODES.LOGIN_REFUSED)
    // Another user cannot take it over with their own valid sig either: it is unknown to them.
    const other = await TestClient.connect(server.wsUrl)
    const otherSeq = other.sendLogin({ userID: 'ivy', resume: a.ready.sessionId })
    const ready = await other.message('ready', otherSeq)
    expect(ready).toMatchObject({ userID: 'ivy', resumed: false })
    expect(ready.sessionId).not.toBe(a.ready.sessionId)
  })

  it('a session dropped by a peer that stopped answering pings keeps its grace slot (rule 16)', async () => {
    const server = await startTestServer(serverConfig(), { heartbeatIntervalMs: 30 })
    // A dead peer: the socket stays open but never answers a ping.
    const client = await TestClient.connect(server.wsUrl, { autoPong: false })
    const ready = await client.message('ready', client.sendLogin({ userID: 'jack' }))
    const closed = await client.closeEvent(1000)
    expect(closed.code).toBe(1006)
    expect((await onlineStatus(server, 'jack')).Status).toBe('Online')
    const back = await resume(server, 'jack', ready.sessionId)
    expect(await back.client.message('ready', back.seq)).toMatchObject({ resumed: true })
  })
})
