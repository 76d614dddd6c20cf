import { CLOSE_CODES, MAX_FRAME_BYTES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryRegistry } from '../src/registry/memoryRegistry.js'
import {
  APP_ID,
  cleanup,
  loginClient,
  serverConfig,
  sign,
  startTestServer,
  TestClient,
} from './helpers.js'

afterEach(cleanup)

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function connected() {
  const server = await startTestServer()
  return { server, client: await TestClient.connect(server.wsUrl) }
}

describe('bad frames', () => {
  it('rule 18: a frame over 16 KiB closes the socket with 1009', async () => {
    const { client } = await connected()
    client.send(JSON.stringify({ op: 'ping', seq: 1, pad: 'x'.repeat(MAX_FRAME_BYTES) }))
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.MESSAGE_TOO_BIG)
  })

  it('rule 18: a frame over 16 KiB after login closes with 1009 and the session keeps its grace slot', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    client.send('x'.repeat(MAX_FRAME_BYTES + 1))
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.MESSAGE_TOO_BIG)
  })

  it('rule 18: invalid JSON as the first frame gets 90001 and close 4004', async () => {
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
    'rule 18: %s as the first frame gets 2024 (not logged in) and close 4004',
    async (_label, frame) => {
      const { client } = await connected()
      client.send(frame)
      expect(await client.message('error')).toMatchObject({ seq: 4, code: 2024 })
      expect((await client.closeEvent()).code).toBe(CLOSE_CODES.PROTOCOL_ERROR)
    },
  )

  it('rule 18: invalid JSON after login gets 90001 and close 4004', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    client.send('not json')
    expect(await client.message('error')).toMatchObject({ code: 90001 })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.PROTOCOL_ERROR)
  })

  it('rule 18: a message of the wrong shape after login gets 90000 and close 4004', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    client.send('[1,2,3]')
    expect(await client.message('error')).toMatchObject({ code: 90000 })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.PROTOCOL_ERROR)
  })

  it('rule 18: a binary frame gets 90000 and close 4004', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    client.ws.send(Buffer.from('{"op":"ping","seq":1}'), { binary: true })
    expect(await client.message('error')).toMatchObject({ code: 90000 })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.PROTOCOL_ERROR)
  })

  it('rule 18: an unknown operation after login gets 90002 and the connection stays', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    client.send({ op: 'teleport', seq: 7 })
    expect(await client.message('error', 7)).toMatchObject({ code: 90002 })
    client.send({ op: 'ping', seq: 8 })
    expect(await client.message('pong', 8)).toEqual({ op: 'pong', seq: 8 })
    expect(client.closed).toBeUndefined()
  })

  it('rule 19: a socket that sends no login within the deadline gets 90004 and close 4008', async () => {
    const server = await startTestServer(serverConfig(), { loginDeadlineMs: 60 })
    const client = await TestClient.connect(server.wsUrl)
    expect(await client.message('error')).toMatchObject({ code: 90004 })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.LOGIN_TIMEOUT)
  })

  it('rule 19: a login in time is not closed by the deadline', async () => {
    const server = await startTestServer(serverConfig(), { loginDeadlineMs: 60 })
    const { client } = await loginClient(server, 'alice')
    await wait(120)
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
    'rule 2: a login with %s gets its code and close 4003',
    async (_label, fields, code) => {
      const { client } = await connected()
      client.sendLogin({ userID: 'alice', ...fields })
      const error = await client.message('error')
      expect(error).toMatchObject({ seq: 1, code })
      expect(error.message.length).toBeGreaterThan(0)
      expect((await client.closeEvent()).code).toBe(CLOSE_CODES.LOGIN_REFUSED)
    },
  )

  it('rule 19: failed logins are limited per address (70050, close 4005), even for valid sigs', async () => {
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

  it('rule 19: failed logins are limited per UserID; other users still log in', async () => {
    const server = await startTestServer(serverConfig(), {
      rateLimit: { maxFailuresPerAddress: 100, maxFailuresPerUser: 2 },
    })
    for (let i = 0; i < 2; i++) {
      const client = await TestClient.connect(server.wsUrl)
      client.sendLogin({ userID: 'victim', userSig: sign('other') })
      expect(await client.message('error')).toMatchObject({ code: 70013 })
    }
    const blocked = await TestClient.connect(server.wsUrl)
    blocked.sendLogin({ userID: 'victim' })
    expect(await blocked.message('error')).toMatchObject({ code: 70050 })
    expect((await blocked.closeEvent()).code).toBe(CLOSE_CODES.RATE_LIMITED)
    await loginClient(server, 'bystander')
  })

  it('rule 19: the limit lifts when its window ends', async () => {
    const server = await startTestServer(serverConfig(), {
      rateLimit: { windowMs: 80, maxFailuresPerAddress: 1 },
    })
    const failing = await TestClient.connect(server.wsUrl)
    failing.sendLogin({ userID: 'alice', userSig: 'garbage' })
    await failing.closeEvent()
    const early = await TestClient.connect(server.wsUrl)
    early.sendLogin({ userID: 'alice' })
    expect(await early.message('error')).toMatchObject({ code: 70050 })
    await wait(120)
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
