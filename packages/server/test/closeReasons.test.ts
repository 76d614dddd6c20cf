import { CLOSE_CODES, ERROR_CODES, englishMessage } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, loginClient, serverConfig, startTestServer, TestClient } from './helpers.js'

afterEach(cleanup)

// A close frame's reason is what a client without the code table can show: each close
// says why in words, and an error's close repeats the error's message.

describe('close reasons', () => {
  it('a logout closes with "Logged out"', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    client.send({ op: 'logout', seq: 9 })
    expect(await client.closeEvent()).toEqual({
      code: CLOSE_CODES.LOGGED_OUT,
      reason: 'Logged out',
    })
  })

  it('a kick closes with "Kicked"', async () => {
    const server = await startTestServer(
      serverConfig({ limits: { requestsPerSecond: 100, requestBurst: 100 } }),
    )
    const { client: first } = await loginClient(server, 'alice')
    await loginClient(server, 'alice')
    await loginClient(server, 'alice')
    expect(await first.closeEvent()).toEqual({ code: CLOSE_CODES.KICKED, reason: 'Kicked' })
  })

  it('a shutdown closes with "Server shutting down"', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    await server.close()
    expect(await client.closeEvent()).toEqual({
      code: CLOSE_CODES.GOING_AWAY,
      reason: 'Server shutting down',
    })
  })

  it('an error that closes repeats its message as the reason', async () => {
    const server = await startTestServer()
    const client = await TestClient.connect(server.wsUrl)
    client.send({ op: 'ping', seq: 1 })
    expect(await client.closeEvent()).toEqual({
      code: CLOSE_CODES.PROTOCOL_ERROR,
      reason: englishMessage(ERROR_CODES.NOT_LOGGED_IN),
    })
  })
})
