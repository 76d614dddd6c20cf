import type { IncomingMessage } from 'node:http'
import { ERROR_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { RunningServer } from '../src/startServer.js'
import { cleanup, serverConfig, sign, startTestServer, TestClient } from './helpers.js'

afterEach(cleanup)

/** A WebSocket from `client` as the trusted proxy (this test) forwards it: open, or the HTTP status. */
function upgrade(server: RunningServer, client: string): Promise<TestClient | number> {
  const ws = new WebSocket(server.wsUrl, { headers: { 'x-forwarded-for': client } })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(new TestClient(ws)))
    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    ws.once('error', reject)
  })
}

const behindProxy = { trustProxy: ['127.0.0.1', '::1'] }

describe('per-address limits and IPv6 clients', () => {
  it('count an IPv6 client by its /64, so moving through its own addresses opens no more connections (rule 23)', async () => {
    const server = await startTestServer(
      serverConfig({ ...behindProxy, limits: { maxConnectionsPerAddress: 2 } }),
    )
    expect(await upgrade(server, '2001:db8:1:1::1')).toBeInstanceOf(TestClient)
    expect(await upgrade(server, '2001:db8:1:1:ffff::2')).toBeInstanceOf(TestClient)
    expect(await upgrade(server, '2001:0db8:0001:0001::3')).toBe(429)
    // Another /64 is another client; IPv4 clients are counted one address each as before.
    expect(await upgrade(server, '2001:db8:1:2::1')).toBeInstanceOf(TestClient)
    expect(await upgrade(server, '203.0.113.1')).toBeInstanceOf(TestClient)
    expect(await upgrade(server, '203.0.113.2')).toBeInstanceOf(TestClient)
  })

  it('count failed logins of an IPv6 client by its /64 (rule 19)', async () => {
    const server = await startTestServer(serverConfig(behindProxy), {
      rateLimit: { maxFailuresPerAddress: 2, maxFailuresPerUser: 100 },
    })
    for (const [i, address] of ['2001:db8:7:7::1', '2001:db8:7:7::2'].entries()) {
      const client = (await upgrade(server, address)) as TestClient
      const seq = client.sendLogin({ userID: `guess${i}`, userSig: 'garbage' })
      expect((await client.message('error', seq)).code).toBe(ERROR_CODES.USER_SIG_MALFORMED)
    }
    const third = (await upgrade(server, '2001:db8:7:7:1:2:3:4')) as TestClient
    const seq = third.sendLogin({ userID: 'alice', userSig: sign('alice') })
    expect((await third.message('error', seq)).code).toBe(ERROR_CODES.TOO_MANY_FAILED_LOGINS)
  })
})
