import { CLOSE_CODES, MAX_FRAME_BYTES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryRegistry } from '../src/registry/memoryRegistry.js'
import { manualTime } from './helpers/manualTime.js'
import { rawHttp, recordingLogger } from './helpers/rawHttp.js'
import {
  ADMIN,
  APP_ID,
  cleanup,
  loginClient,
  serverConfig,
  sign,
  startTestServer,
  TestClient,
} from './helpers.js'

afterEach(cleanup)

async function connected() {
  const server = await startTestServer()
  return { server, client: await TestClient.connect(server.wsUrl) }
}

describe('bad frames', () => {
  it('a frame over 16 KiB closes the socket with 1009 (rule 18)', async () => {
    const { client } = await connected()
    client.send(JSON.stringify({ op: 'ping', seq: 1, pad: 'x'.repeat(MAX_FRAME_BYTES) }))
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.MESSAGE_TOO_BIG)
  })

  it('a frame over 16 KiB after login closes with 1009 and the session keeps its grace slot (rule 18)', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    client.send('x'.repeat(MAX_FRAME_BYTES + 1))
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.MESSAGE_TOO_BIG)
  })

  it('invalid JSON as the first frame gets 90001 and close 4004 (rule 18)', async () => {
    const { client } = await connected()
    client.send('{"op":')
    expect(await client.message('error')).toMatchObject({
      code: 90001,
      message: expect.stringMatching(/JSON/),
    })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.PROTOCOL_ERROR)
  })

  it.each([
    ['a ping', { op: 'ping', seq: 4 }],
    ['a logout', { op: 'logout', seq: 4 }],
    ['an unknown operation', { op: 'hello', seq: 4 }],
  ])(
    '%s as the first frame gets 2024 (not logged in) and close 4004 (rule 18)',
    async (_label, frame) => {
      const { client } = await connected()
      client.send(frame)
      expect(await client.message('error')).toMatchObject({ seq: 4, code: 2024 })
      expect((await client.closeEvent()).code).toBe(CLOSE_CODES.PROTOCOL_ERROR)
    },
  )

  it('invalid JSON after login gets 90001 and close 4004 (rule 18)', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    client.send('not json')
    expect(await client.message('error')).toMatchObject({ code: 90001 })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.PROTOCOL_ERROR)
  })

  it('a message of the wrong shape after login gets 90000 and close 4004 (rule 18)', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    client.send('[1,2,3]')
    expect(await client.message('error')).toMatchObject({ code: 90000 })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.PROTOCOL_ERROR)
  })

  it('a binary frame gets 90000 and close 4004 (rule 18)', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    client.ws.send(Buffer.from('{"op":"ping","seq":1}'), { binary: true })
    // A frame that is not read has no seq to answer.
    const said = 'Frames must be text.'
    expect(await client.message('error')).toEqual({ op: 'error', code: 90000, message: said })
    expect(await client.closeEvent()).toEqual({ code: CLOSE_CODES.PROTOCOL_ERROR, reason: said })
  })

  it('an unknown operation after login gets 90002 and the connection stays (rule 18)', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    client.send({ op: 'teleport', seq: 7 })
    expect(await client.message('error', 7)).toMatchObject({ code: 90002 })
    client.send({ op: 'ping', seq: 8 })
    expect(await client.message('pong', 8)).toEqual({ op: 'pong', seq: 8 })
    expect(client.closed).toBeUndefined()
  })

  it('a socket that sends no login within the deadline gets 90004 and close 4008 (rule 19)', async () => {
    const server = await startTestServer(serverConfig(), { loginDeadlineMs: 60 })
    const client = await TestClient.connect(server.wsUrl)
    expect(await client.message('error')).toMatchObject({ code: 90004 })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.LOGIN_TIMEOUT)
  })

  it('a login in time is not closed by the deadline (rule 19)', async () => {
    const server = await startTestServer(serverConfig(), { loginDeadlineMs: 60 })
    const { client } = await loginClient(server, 'alice')
    // A socket accepted after alice's that never logs in: the deadline check walks sockets
    // in accept order, so once it has closed this one it has been past alice's too.
    const late = await TestClient.connect(server.wsUrl)
    expect((await late.closeEvent()).code).toBe(CLOSE_CODES.LOGIN_TIMEOUT)
    await client.roundTrip()
    expect(client.closed).toBeUndefined()
  })
})

describe('refused logins', () => {
  const cases: [string, Record<string, unknown>, number][] = [
    ['an oversize UserSig', { userSig: 'a'.repeat(1025) }, 70052],
    [
      'a malformed UserSig',
      { userSig: 'eJyrVkrNK0stKs7Mz1OyUrJS0lEqLU4tykvMTQWKmRkaGxgoAQBbOQhA' },
      70052,
    ],
    ['an empty UserSig', { userSig: '' }, 70002],
    ['a UserSig of another user', { userSig: sign('bob') }, 70013],
    [
      'a UserSig signed with another key',
      { userSig: sign('alice', { secretKey: 'another-secret-key' }) },
      70003,
    ],
    [
      'a UserSig for another app',
      { userSig: sign('alice', { sdkAppID: APP_ID + 5, secretKey: 'another-secret-key' }) },
      70009,
    ],
    ['an unknown SDKAppID', { sdkAppID: 42 }, 70020],
    ['an invalid UserID', { userID: 'no spaces allowed', userSig: sign('alice') }, 90006],
    ['an unknown platform', { platform: 'toaster' }, 6017],
  ]

  it.each(cases)(
    'a login with %s gets its code and close 4003 (rule 2)',
    async (_label, fields, code) => {
      const { client } = await connected()
      client.sendLogin({ userID: 'alice', ...fields })
      const error = await client.message('error')
      expect(error).toMatchObject({ seq: 1, code })
      expect(error.message.length).toBeGreaterThan(0)
      expect((await client.closeEvent()).code).toBe(CLOSE_CODES.LOGIN_REFUSED)
    },
  )

  it('failed logins are limited per address (70050, close 4005), even for valid sigs (rule 19)', async () => {
    const server = await startTestServer(serverConfig(), {
      rateLimit: { maxFailuresPerAddress: 3, maxFailuresPerUser: 100 },
    })
    for (const userID of ['u1', 'u2', 'u3']) {
      const client = await TestClient.connect(server.wsUrl)
      client.sendLogin({ userID, userSig: 'garbage' })
      expect(await client.message('error')).toMatchObject({ code: 70052 })
    }
    const client = await TestClient.connect(server.wsUrl)
    client.sendLogin({ userID: 'u4' })
    expect(await client.message('error')).toMatchObject({ code: 70050 })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.RATE_LIMITED)
  })

  it('failed logins are limited per UserID, for failing sigs only; other users still log in (rules 19, 34)', async () => {
    const server = await startTestServer(serverConfig(), {
      rateLimit: { maxFailuresPerAddress: 100, maxFailuresPerUser: 2 },
    })
    for (let i = 0; i < 2; i++) {
      const client = await TestClient.connect(server.wsUrl)
      client.sendLogin({ userID: 'victim', userSig: sign('other') })
      expect(await client.message('error')).toMatchObject({ code: 70013 })
    }
    const blocked = await TestClient.connect(server.wsUrl)
    blocked.sendLogin({ userID: 'victim', userSig: sign('other') })
    expect(await blocked.message('error')).toMatchObject({ code: 70050 })
    expect((await blocked.closeEvent()).code).toBe(CLOSE_CODES.RATE_LIMITED)
    await loginClient(server, 'bystander')
    // A UserSig that verifies proves who it is: the victim's own login is not refused.
    await loginClient(server, 'victim')
  })

  it('the limit lifts when its window ends (rule 19)', async () => {
    const time = manualTime()
    const server = await startTestServer(serverConfig(), {
      rateLimit: { windowMs: 60_000, maxFailuresPerAddress: 1 },
      ...time.options,
    })
    const failing = await TestClient.connect(server.wsUrl)
    failing.sendLogin({ userID: 'alice', userSig: 'garbage' })
    await failing.closeEvent()
    const early = await TestClient.connect(server.wsUrl)
    early.sendLogin({ userID: 'alice' })
    expect(await early.message('error')).toMatchObject({ code: 70050 })
    time.advance(59_000)
    const stillEarly = await TestClient.connect(server.wsUrl)
    stillEarly.sendLogin({ userID: 'alice' })
    expect(await stillEarly.message('error')).toMatchObject({ code: 70050 })
    time.advance(2_000)
    await loginClient(server, 'alice')
  })

  it('a login while the registry is unavailable gets 90005 and close 1013', async () => {
    // A real registry that is down (closed), not a stand-in.
    const registry = createMemoryRegistry()
    await registry.close()
    const server = await startTestServer(serverConfig(), { registry })
    const client = await TestClient.connect(server.wsUrl)
    client.sendLogin({ userID: 'alice' })
    expect(await client.message('error')).toMatchObject({ seq: 1, code: 90005 })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.TRY_AGAIN_LATER)
  })

  it('a second login on a logged-in connection is refused and the session stays', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    const seq = client.sendLogin({ userID: 'alice' })
    expect(await client.message('error', seq)).toMatchObject({ code: 6017 })
    client.send({ op: 'ping', seq: 99 })
    expect(await client.message('pong', 99)).toBeDefined()
  })
})

describe('bad HTTP input (rule 27)', () => {
  const KICK = '/v4/im_open_login_svc/kick'
  const QUERY = '/v4/openim/query_online_status'

  it('a malformed request target answers 400 with a code and logs nothing at error level', async () => {
    const logger = recordingLogger()
    const server = await startTestServer(serverConfig(), { logger })
    const answer = await rawHttp(
      server.url,
      'GET http://[ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    )
    expect(answer.status).toBe(400)
    expect(answer.text).toContain('"ErrorCode":6017')
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([])
    // The server goes on answering.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })

  it.each([
    ['a target that is not a URL', 'GET %zz HTTP/1.1'],
    ['an asterisk target', 'OPTIONS * HTTP/1.1'],
    ['a double slash', 'GET //healthz HTTP/1.1'],
    ['a malformed absolute upgrade target', 'GET http://[/ws HTTP/1.1\r\nUpgrade: websocket'],
    ['an upgrade without a key', 'GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade'],
  ])('%s is answered 4xx, never 5xx, without an error log', async (_label, head) => {
    const logger = recordingLogger()
    const server = await startTestServer(serverConfig(), { logger })
    const [requestLine, ...rest] = head.split('\r\n\r\n')
    const request = `${requestLine}\r\nHost: localhost\r\nConnection: close\r\n\r\n${rest.join('')}`
    const answer = await rawHttp(server.url, request)
    expect(answer.status).toBeGreaterThanOrEqual(400)
    expect(answer.status).toBeLessThan(500)
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([])
  })

  const badBodies: [string, string, string, number][] = [
    [
      'To_Account holding an object with a non-function toString',
      QUERY,
      '{"To_Account":[{"toString":1}]}',
      6017,
    ],
    ['To_Account holding null', QUERY, '{"To_Account":[null]}', 6017],
    ['To_Account holding a number', QUERY, '{"To_Account":[42]}', 6017],
    ['To_Account as an object', QUERY, '{"To_Account":{"length":1,"0":"a"}}', 6017],
    ['IsNeedDetail of 2', QUERY, '{"To_Account":["a"],"IsNeedDetail":2}', 6017],
    ['IsNeedDetail as an object', QUERY, '{"To_Account":["a"],"IsNeedDetail":{"valueOf":1}}', 6017],
    ['a null body', QUERY, 'null', 6017],
    ['a string body', QUERY, '"To_Account"', 6017],
    ['an empty body', QUERY, '', 6017],
    ['UserID as an object with a non-function toString', KICK, '{"UserID":{"toString":1}}', 90006],
    ['UserID as an array', KICK, '{"UserID":["alice"]}', 90006],
    ['a null kick body', KICK, 'null', 90006],
    ['a __proto__ key', KICK, '{"__proto__":{"UserID":"alice"}}', 90006],
  ]

  it.each(badBodies)(
    'admin REST with %s answers FAIL with its code, never a 500 or an error log',
    async (_label, path, body, code) => {
      const logger = recordingLogger()
      const server = await startTestServer(serverConfig(), { logger })
      const params = new URLSearchParams({
        sdkappid: String(APP_ID),
        identifier: ADMIN,
        usersig: sign(ADMIN),
        random: '1',
        contenttype: 'json',
      })
      const res = await fetch(`${server.url}${path}?${params}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      expect(res.status).toBe(200)
      const answer = (await res.json()) as {
        ActionStatus: string
        ErrorCode: number
        ErrorInfo: string
      }
      expect(answer).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: code })
      expect(answer.ErrorInfo.length).toBeGreaterThan(0)
      expect(logger.lines.filter((line) => line.level === 'error')).toEqual([])
    },
  )

  it.each([
    ['an empty sdkappid', ''],
    ['a sdkappid past the safe integers', '1e400'],
    ['a sdkappid of __proto__', '__proto__'],
    ['a negative sdkappid', '-1400000001'],
  ])('admin REST with %s answers FAIL 70020', async (_label, sdkappid) => {
    const logger = recordingLogger()
    const server = await startTestServer(serverConfig(), { logger })
    const params = new URLSearchParams({ sdkappid, identifier: ADMIN, usersig: sign(ADMIN) })
    const res = await fetch(`${server.url}${KICK}?${params}`, { method: 'POST', body: '{}' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 70020 })
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([])
  })
})
