import { CLOSE_CODES, ERROR_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { recordingLogger } from './helpers/rawHttp.js'
import { scrapeMetrics } from './helpers/scrapeMetrics.js'
import { cleanup, loginClient, serverConfig, startTestServer, TestClient } from './helpers.js'
import {
  ask,
  describeSessionRequests,
  SESSIONS_APP,
  sessionsOf,
} from './sessionRequestsContract.js'

afterEach(cleanup)

describeSessionRequests('one node, memory registry', async () => {
  const server = await startTestServer(serverConfig({ apps: [SESSIONS_APP] }))
  return [server, server]
})

/** A client whose connection comes through a trusted proxy that names `address`. */
async function behindProxy(url: string, address: string): Promise<TestClient> {
  const ws = new WebSocket(url, { headers: { 'x-forwarded-for': address } })
  const client = new TestClient(ws)
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return client
}

describe('session requests: bad input and limits (rule 33)', () => {
  it('a device label over 64 characters, with control characters or not text is refused 6017, and the server serves on', async () => {
    const server = await startTestServer(serverConfig({ apps: [SESSIONS_APP] }))
    for (const device of ['x'.repeat(65), 'evil\u0000name', 'a\u202eb', ' padded', 42, '']) {
      const client = await TestClient.connect(server.wsUrl)
      const seq = client.sendLogin({ userID: 'olive', device: device as string })
      expect(await client.message('error', seq)).toMatchObject({
        code: ERROR_CODES.INVALID_PARAMETERS,
      })
      expect((await client.closeEvent()).code).toBe(CLOSE_CODES.LOGIN_REFUSED)
    }
    // A binary frame where the login should be is refused as a frame, not a crash.
    const binary = await TestClient.connect(server.wsUrl)
    binary.ws.send(Buffer.from('{"op":"login","device":"\u00ff"}'), { binary: true })
    expect((await binary.closeEvent()).code).toBe(CLOSE_CODES.PROTOCOL_ERROR)
    // 64 characters is the limit, not over it.
    const { client } = await loginClient(server, 'olive', 'web', { device: 'd'.repeat(64) })
    expect((await sessionsOf(client))[0]?.device).toBe('d'.repeat(64))
  })

  it('before login the session requests are refused like every request: 2024, then the close', async () => {
    const server = await startTestServer(serverConfig({ apps: [SESSIONS_APP] }))
    for (const request of [
      { op: 'getSessions' },
      { op: 'endSession', sessionID: 'abc' },
      { op: 'endOtherSessions' },
    ]) {
      const client = await TestClient.connect(server.wsUrl)
      const reply = await ask(client, request)
      expect(reply).toMatchObject({ op: 'error', code: ERROR_CODES.NOT_LOGGED_IN })
      expect((await client.closeEvent()).code).toBe(CLOSE_CODES.PROTOCOL_ERROR)
    }
  })

  it('a flood of getSessions is answered 90012 and closed 4010 like any flood', async () => {
    const limits = { requestsPerSecond: 1, requestBurst: 5 }
    const server = await startTestServer(serverConfig({ apps: [SESSIONS_APP], limits }))
    const { client } = await loginClient(server, 'pam')
    for (let i = 0; i < 40; i++) client.send({ op: 'getSessions', seq: client.nextSeq() })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.TOO_MANY_REQUESTS)
    const answered = client.messages.filter((m) => m.op === 'sessions')
    const refused = client.messages.filter(
      (m) => m.op === 'error' && m.code === ERROR_CODES.TOO_MANY_REQUESTS,
    )
    // The login took a token of the burst; the rest were served, then refused.
    expect(answered.length).toBeLessThanOrEqual(limits.requestBurst - 1)
    expect(refused).toHaveLength(limits.requestBurst)
    // The node is none the worse; the flooder's session waits out its grace period.
    const other = await loginClient(server, 'pam')
    expect((await sessionsOf(other.client)).map((s) => s.current)).toEqual([false, true])
  })

  it('two users each see only their own sessions and their own addresses (behind trustProxy)', async () => {
    const server = await startTestServer(
      serverConfig({ apps: [SESSIONS_APP], trustProxy: ['127.0.0.1'] }),
    )
    const quinn = await behindProxy(server.wsUrl, '203.0.113.5')
    quinn.sendLogin({ userID: 'quinn', device: 'Quinn PC' })
    await quinn.message('ready')
    const rose = await behindProxy(server.wsUrl, '198.51.100.9')
    rose.sendLogin({ userID: 'rose', device: 'Rose PC' })
    await rose.message('ready')
    const quinnSees = await sessionsOf(quinn)
    const roseSees = await sessionsOf(rose)
    expect(quinnSees).toEqual([
      expect.objectContaining({ address: '203.0.113.5', device: 'Quinn PC', current: true }),
    ])
    expect(roseSees).toEqual([
      expect.objectContaining({ address: '198.51.100.9', device: 'Rose PC', current: true }),
    ])
    const quinnText = JSON.stringify(quinn.messages)
    expect(quinnText).not.toContain('198.51.100.9')
    expect(quinnText).not.toContain('Rose')
    expect(JSON.stringify(rose.messages)).not.toContain('203.0.113.5')
  })

  it('an operator sees ended sessions: kicks by type sessionEnded, one sessions_ended line without ids (rule 36)', async () => {
    const logger = recordingLogger()
    const server = await startTestServer(serverConfig({ apps: [SESSIONS_APP] }), { logger })
    const me = await loginClient(server, 'uli', 'web', { device: 'Desk' })
    const other = await loginClient(server, 'uli', 'android')
    const [, target] = await sessionsOf(me.client)
    await ask(me.client, { op: 'endSession', sessionID: target!.sessionID })
    await other.client.closeEvent()
    const metrics = await scrapeMetrics(server)
    expect(metrics.get('chatgate_kicks_total{type="sessionEnded"}')).toBe(1)
    const ended = logger.lines.filter((l) => l.event === 'sessions_ended')
    expect(ended).toEqual([
      expect.objectContaining({
        level: 'info',
        fields: expect.objectContaining({ userID: 'uli', platform: 'web', ended: 1 }),
      }),
    ])
    const text = JSON.stringify(logger.lines)
    expect(text).not.toContain(target!.sessionID)
    expect(text).not.toContain(me.ready.sessionId)
  })

  it('lastActiveTime moves on traffic at most once a minute (rule 33)', async () => {
    let skewMs = 0
    const server = await startTestServer(serverConfig({ apps: [SESSIONS_APP] }), {
      now: () => Date.now() + skewMs,
    })
    const { client } = await loginClient(server, 'tess')
    const [atLogin] = await sessionsOf(client)
    // Half a minute of traffic later: not yet worth a write.
    skewMs += 30_000
    await ask(client, { op: 'ping' })
    expect((await sessionsOf(client))[0]!.lastActiveTime).toBe(atLogin!.lastActiveTime)
    // A minute after the login, any frame refreshes it.
    skewMs += 31_000
    await ask(client, { op: 'ping' })
    const [later] = await sessionsOf(client)
    expect(later!.lastActiveTime - atLogin!.lastActiveTime).toBeGreaterThanOrEqual(61_000)
    expect(later!.loginTime).toBe(atLogin!.loginTime)
  })

  it('lastActiveTime is the login time at first and moves on a resume; loginTime stays', async () => {
    let skewMs = 0
    const server = await startTestServer(serverConfig({ apps: [SESSIONS_APP] }), {
      now: () => Date.now() + skewMs,
    })
    const me = await loginClient(server, 'sid', 'web', { device: 'Desk' })
    const away = await loginClient(server, 'sid', 'android', { device: 'Phone' })
    const [desk, phone] = await sessionsOf(me.client)
    expect(desk!.lastActiveTime).toBe(desk!.loginTime)
    away.client.ws.terminate()
    await away.client.closeEvent()
    skewMs += 5 * 60_000
    const back = await TestClient.connect(server.wsUrl)
    back.sendLogin({ userID: 'sid', platform: 'android', resume: away.ready.sessionId })
    await back.message('ready')
    const resumed = (await sessionsOf(me.client)).find((s) => s.sessionID === phone!.sessionID)!
    expect(resumed.loginTime).toBe(phone!.loginTime)
    expect(resumed.lastActiveTime - phone!.lastActiveTime).toBeGreaterThanOrEqual(5 * 60_000)
  })
})
