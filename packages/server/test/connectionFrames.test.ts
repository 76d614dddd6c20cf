import { CLOSE_CODES, ERROR_CODES, englishMessage } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { scrapeMetrics } from './helpers/scrapeMetrics.js'
import { cleanup, loginClient, serverConfig, startTestServer, TestClient } from './helpers.js'

afterEach(cleanup)

// One token a second, five at most: frames sent at once outrun the refill.
const limits = { requestsPerSecond: 1, requestBurst: 5 }

describe('frames over the request rate (rule 21)', () => {
  it('are answered with the code, its message and their seq; a binary one with no seq, its bytes unread', async () => {
    const server = await startTestServer(serverConfig({ limits }))
    const { client } = await loginClient(server, 'alice')
    // The login took one token; these four take the rest.
    for (let i = 0; i < 4; i++) client.send({ op: 'ping', seq: client.nextSeq() })
    client.send({ op: 'ping', seq: 50 })
    client.ws.send(Buffer.from('{"op":"ping","seq":51}'), { binary: true })
    client.send({ op: 'ping', seq: 52 })
    const message = englishMessage(ERROR_CODES.TOO_MANY_REQUESTS)
    const code = ERROR_CODES.TOO_MANY_REQUESTS
    expect(await client.message('error', 52)).toEqual({ op: 'error', seq: 52, code, message })
    const refusals = client.messages.filter((m) => m.op === 'error')
    expect(refusals).toEqual([
      { op: 'error', seq: 50, code, message },
      { op: 'error', code, message },
      { op: 'error', seq: 52, code, message },
    ])
    expect(client.closed).toBeUndefined()
  })

  it('the one that closes the connection is answered with its seq before the 4010 close', async () => {
    const server = await startTestServer(serverConfig({ limits }))
    const { client } = await loginClient(server, 'alice')
    // Four served, then five refused in a row: the fifth refusal closes.
    for (let i = 0; i < 4 + limits.requestBurst; i++) client.send({ op: 'ping', seq: 100 + i })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.TOO_MANY_REQUESTS)
    expect(client.messages.at(-1)).toEqual({
      op: 'error',
      seq: 100 + 3 + limits.requestBurst,
      code: ERROR_CODES.TOO_MANY_REQUESTS,
      message: englishMessage(ERROR_CODES.TOO_MANY_REQUESTS),
    })
  })
})

describe('a first frame that is not a login', () => {
  it('a malformed request other than a login is answered with its own error and seq, closed 4004, and is no failed login', async () => {
    const server = await startTestServer()
    const client = await TestClient.connect(server.wsUrl)
    client.send({ op: 'renew', seq: 3 })
    const error = await client.message('error', 3)
    // Its own error (a renewal without a UserSig), not "not logged in".
    expect(error).toEqual({
      op: 'error',
      seq: 3,
      code: ERROR_CODES.USER_SIG_EMPTY,
      message: englishMessage(ERROR_CODES.USER_SIG_EMPTY),
    })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.PROTOCOL_ERROR)
    const metrics = await scrapeMetrics(server)
    expect(
      [...metrics.keys()].filter((k) => k.startsWith('chatgate_login_failures_total{')),
    ).toEqual([])
  })

  it('a malformed login is a failed login, counted by its code', async () => {
    const server = await startTestServer()
    const client = await TestClient.connect(server.wsUrl)
    client.send({ op: 'login', seq: 3, sdkAppID: 'nope' })
    const error = await client.message('error', 3)
    expect((await client.closeEvent()).code).toBeGreaterThan(0)
    const metrics = await scrapeMetrics(server)
    expect(metrics.get(`chatgate_login_failures_total{code="${error.code}"}`)).toBe(1)
  })
})
