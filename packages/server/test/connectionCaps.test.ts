import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import { CLOSE_CODES, ERROR_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { ServerConfigInput } from '../src/config.js'
import type { RunningServer } from '../src/startServer.js'
import { scrapeMetrics, untilMetric } from './helpers/scrapeMetrics.js'
import { cleanup, serverConfig, sign, startTestServer, TestClient } from './helpers.js'

afterEach(cleanup)

type Upgrade = { client: TestClient } | { status: number; body: unknown }

/** Opens a WebSocket (maybe through a pretend proxy's header); resolves open, or the refusal. */
function upgrade(server: RunningServer, forwardedFor?: string): Promise<Upgrade> {
  const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }
  const ws = new WebSocket(server.wsUrl, { perMessageDeflate: false, headers })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ client: new TestClient(ws) }))
    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
    ws.once('error', reject)
  })
}

async function opened(server: RunningServer, forwardedFor?: string): Promise<TestClient> {
  const result = await upgrade(server, forwardedFor)
  if (!('client' in result)) throw new Error(`refused: ${JSON.stringify(result)}`)
  return result.client
}

const refusal = (status: number) => ({
  status,
  body: { code: ERROR_CODES.TOO_MANY_CONNECTIONS, message: expect.any(String) },
})

const config = (limits: object, extra: Partial<ServerConfigInput> = {}) =>
  serverConfig({ limits, ...extra })

describe('connection caps at the upgrade', () => {
  it('refuses past maxConnections with 503 and code 90017 (rule 23)', async () => {
    const server = await startTestServer(config({ maxConnections: 2 }))
    await opened(server)
    const second = await opened(server)
    expect(await upgrade(server)).toEqual(refusal(503))
    second.ws.close()
    await second.closeEvent()
    await untilMetric(server, 'chatgate_connections', 1)
    await opened(server)
    const metrics = await scrapeMetrics(server)
    expect(metrics.get('chatgate_upgrades_refused_total{reason="max_connections"}')).toBe(1)
  })

  it('refuses past maxConnectionsPerAddress with 429 and code 90017 (rule 23)', async () => {
    const server = await startTestServer(config({ maxConnectionsPerAddress: 2 }))
    await opened(server)
    await opened(server)
    expect(await upgrade(server)).toEqual(refusal(429))
    const metrics = await scrapeMetrics(server)
    expect(
      metrics.get('chatgate_upgrades_refused_total{reason="max_connections_per_address"}'),
    ).toBe(1)
  })
})

describe('a peer that ignores our close', () => {
  it('is terminated closeTimeoutMs after the login deadline closed it (rule 23)', async () => {
    const server = await startTestServer(config({ closeTimeoutMs: 100 }), { loginDeadlineMs: 50 })
    const client = await opened(server)
    // Never log in and never read: the close frame is never answered.
    ;(client.ws as unknown as { _socket: Socket })._socket.pause()
    await untilMetric(server, 'chatgate_connection_terminations_total{reason="close_timeout"}', 1)
    await untilMetric(server, 'chatgate_connections', 0)
    const metrics = await scrapeMetrics(server)
    expect(
      metrics.get(`chatgate_connection_closes_total{code="${CLOSE_CODES.LOGIN_TIMEOUT}"}`),
    ).toBe(1)
  })
})

describe('trustProxy', () => {
  it('ignores X-Forwarded-For from peers it does not trust (rule 23)', async () => {
    const server = await startTestServer(config({ maxConnectionsPerAddress: 1 }))
    await opened(server, '203.0.113.1')
    expect(await upgrade(server, '203.0.113.2')).toEqual(refusal(429))
  })

  it('counts each client behind a trusted proxy by its own address (rule 23)', async () => {
    const server = await startTestServer(
      config({ maxConnectionsPerAddress: 1 }, { trustProxy: ['127.0.0.0/8', '::1'] }),
    )
    await opened(server, '203.0.113.1')
    await opened(server, '203.0.113.2')
    expect(await upgrade(server, '203.0.113.1')).toEqual(refusal(429))
    // The right-most untrusted hop is the client; what it wrote to the left proves nothing.
    expect(await upgrade(server, '198.51.100.9, 203.0.113.2')).toEqual(refusal(429))
    await opened(server, '203.0.113.1, 203.0.113.3')
  })

  it('keeps one client from tripping the failed-login limit for everyone behind the proxy (rule 23)', async () => {
    const server = await startTestServer(config({}, { trustProxy: ['127.0.0.1', '::1'] }), {
      rateLimit: { maxFailuresPerAddress: 2, maxFailuresPerUser: 100 },
    })
    const attacker = async (userID: string) => {
      const client = await opened(server, '198.51.100.66')
      const seq = client.sendLogin({ userID, userSig: 'garbage' })
      return (await client.message('error', seq)).code
    }
    await attacker('a1')
    await attacker('a2')
    expect(await attacker('a3')).toBe(ERROR_CODES.TOO_MANY_FAILED_LOGINS)

    const client = await opened(server, '198.51.100.7')
    const seq = client.sendLogin({ userID: 'alice', userSig: sign('alice') })
    await client.message('ready', seq)
  })

  it('without trustProxy one address shares its failed-login limit, whatever it forwards (rule 19)', async () => {
    const server = await startTestServer(serverConfig(), {
      rateLimit: { maxFailuresPerAddress: 1, maxFailuresPerUser: 100 },
    })
    const first = await opened(server, '198.51.100.66')
    await first.message('error', first.sendLogin({ userID: 'a1', userSig: 'garbage' }))
    const second = await opened(server, '198.51.100.7')
    const error = await second.message('error', second.sendLogin({ userID: 'alice' }))
    expect(error.code).toBe(ERROR_CODES.TOO_MANY_FAILED_LOGINS)
  })
})
