import type { Socket } from 'node:net'
import { CLOSE_CODES, ERROR_CODES, englishMessage } from '@chatgate/protocol'
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

/**
 * Sends `frames` in one TCP write: the server reads them in one chunk and handles them one
 * after the other in the same tick, so the second is handled before any answer to the
 * first can come back from the registry.
 */
function sendTogether(client: TestClient, ...frames: unknown[]): void {
  const socket = (client.ws as unknown as { _socket: Socket })._socket
  socket.cork()
  for (const frame of frames) client.send(frame)
  process.nextTick(() => socket.uncork())
}

describe('frames that arrive while the connection is between states', () => {
  it('a second login while the first is verified is told one is in progress, and the first still lands', async () => {
    const server = await startTestServer()
    const client = await TestClient.connect(server.wsUrl)
    const login = { op: 'login', sdkAppID: APP_ID, platform: 'web' }
    sendTogether(
      client,
      { ...login, seq: 1, userID: 'alice', userSig: sign('alice') },
      { ...login, seq: 2, userID: 'alice', userSig: sign('alice') },
    )
    expect(await client.message('error', 2)).toEqual({
      op: 'error',
      seq: 2,
      code: ERROR_CODES.LOGIN_IN_PROGRESS,
      message: englishMessage(ERROR_CODES.LOGIN_IN_PROGRESS),
    })
    expect(await client.message('ready', 1)).toMatchObject({ userID: 'alice' })
    await client.roundTrip()
    expect(client.closed).toBeUndefined()
  })

  it('a login on a logged-in connection is refused as such', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    const seq = client.sendLogin({ userID: 'alice' })
    expect(await client.message('error', seq)).toEqual({
      op: 'error',
      seq,
      code: ERROR_CODES.INVALID_PARAMETERS,
      message: 'Already logged in on this connection.',
    })
  })

  it('frames sent while a logout is in flight are not answered', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    sendTogether(client, { op: 'logout', seq: 5 }, { op: 'ping', seq: 6 })
    expect(await client.message('loggedOut', 5)).toEqual({ op: 'loggedOut', seq: 5 })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.LOGGED_OUT)
    expect(client.messages.filter((m) => m.op === 'pong')).toEqual([])
  })

  it('a renewal on its own is answered with its new expiry', async () => {
    const server = await startTestServer()
    const { client, ready } = await loginClient(server, 'alice')
    client.send({ op: 'renew', seq: 5, userSig: sign('alice', { expireSeconds: 7200 }) })
    const renewed = await client.message('renewed', 5)
    expect(renewed.expiresAt).toBeGreaterThan(ready.expiresAt)
  })
})

describe('a logout the registry cannot take', () => {
  it('is answered 90005 with its seq, and the connection is logged in as before', async () => {
    // A real registry that goes down (closed) after the login, not a stand-in.
    const registry = createMemoryRegistry()
    const server = await startTestServer(serverConfig(), { registry })
    const { client } = await loginClient(server, 'alice')
    await registry.close()
    client.send({ op: 'logout', seq: 5 })
    expect(await client.message('error', 5)).toEqual({
      op: 'error',
      seq: 5,
      code: ERROR_CODES.REGISTRY_UNAVAILABLE,
      message: englishMessage(ERROR_CODES.REGISTRY_UNAVAILABLE),
    })
    // Back to ready, not stuck busy: a ping is answered, and another logout is tried again
    // (not refused as "not logged in").
    await client.roundTrip()
    client.send({ op: 'logout', seq: 7 })
    expect(await client.message('error', 7)).toMatchObject({
      code: ERROR_CODES.REGISTRY_UNAVAILABLE,
    })
    expect(client.closed).toBeUndefined()
    expect(client.messages.some((m) => m.op === 'loggedOut')).toBe(false)
  })
})
