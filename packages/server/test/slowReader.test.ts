import type { Socket } from 'node:net'
import { CLOSE_CODES, ERROR_CODES, MAX_DEVICE_LENGTH } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import type { RunningServer } from '../src/startServer.js'
import { scrapeMetrics, untilMetric } from './helpers/scrapeMetrics.js'
import {
  appConfig,
  cleanup,
  loginClient,
  serverConfig,
  startTestServer,
  type TestClient,
} from './helpers.js'

afterEach(cleanup)

/** Stops reading the client's TCP socket: what the server sends piles up on its side. */
function stopReading(client: TestClient): void {
  socketOf(client).pause()
}

function socketOf(client: TestClient): Socket {
  return (client.ws as unknown as { _socket: Socket })._socket
}

/**
 * Sends small unknown-op frames (each answered with an `error`) in batches until the
 * server has closed the connection with `closeCode`, as its metrics say; returns how
 * many frames that took.
 */
async function floodUntilClosed(
  server: RunningServer,
  client: TestClient,
  closeCode: number,
): Promise<number> {
  const series = `chatgate_connection_closes_total{code="${closeCode}"}`
  let sent = 0
  while (sent < 2_000_000) {
    for (let i = 0; i < 2000; i++) client.ws.send(`{"op":"nope","seq":${++sent}}`)
    await new Promise((resolve) => setImmediate(resolve))
    if ((await scrapeMetrics(server)).get(series) === 1) return sent
  }
  throw new Error(`still open after ${sent} frames`)
}

describe('a client that never reads', () => {
  it('is closed with 4009 once what waits for it passes sendBufferBytes, then terminated after closeTimeoutMs (rules 21 and 23)', async () => {
    const limits = {
      sendBufferBytes: 64 * 1024,
      // High enough that only the send buffer can stop this client.
      requestsPerSecond: 100_000,
      requestBurst: 100_000,
      closeTimeoutMs: 200,
    }
    const server = await startTestServer(serverConfig({ limits }))
    const { client } = await loginClient(server, 'mallory')
    stopReading(client)

    await floodUntilClosed(server, client, CLOSE_CODES.SEND_BUFFER_FULL)
    // It never reads our close frame either: the socket is ended without it.
    await untilMetric(server, 'chatgate_connection_terminations_total{reason="close_timeout"}', 1)
    await untilMetric(server, 'chatgate_connections', 0)
    const metrics = await scrapeMetrics(server)
    expect(
      metrics.get(`chatgate_connection_closes_total{code="${CLOSE_CODES.TOO_MANY_REQUESTS}"}`),
    ).toBeUndefined()
    // The session outlives its socket (4009 means: reconnect and resume).
    expect(metrics.get('chatgate_sessions_online{state="detached"}')).toBe(1)
  }, 60_000)

  it('is stopped by the request rate first with the default limits (rule 21)', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'mallory')
    stopReading(client)
    await floodUntilClosed(server, client, CLOSE_CODES.TOO_MANY_REQUESTS)
  }, 60_000)

  it('gets an error with code 90011 and the close code 4009 when it reads again (rule 21)', async () => {
    const limits = {
      sendBufferBytes: 64 * 1024,
      requestsPerSecond: 100_000,
      requestBurst: 100_000,
      closeTimeoutMs: 60_000,
    }
    const server = await startTestServer(serverConfig({ limits }))
    const { client } = await loginClient(server, 'mallory')
    stopReading(client)
    await floodUntilClosed(server, client, CLOSE_CODES.SEND_BUFFER_FULL)
    socketOf(client).resume()
    const closed = await client.closeEvent(20_000)
    expect(closed.code).toBe(CLOSE_CODES.SEND_BUFFER_FULL)
    const last = client.messages.at(-1)
    expect(last).toMatchObject({ op: 'error', code: ERROR_CODES.SEND_BUFFER_FULL })
  }, 60_000)
})

describe('a client that reads', () => {
  it('gets a reply of more than half the smallest sendBufferBytes whole, and stays connected (rule 21)', async () => {
    const sendBufferBytes = 1_024
    const server = await startTestServer(
      serverConfig({
        apps: [appConfig({ login: { policy: 'all', maxInstances: { web: 5 } } })],
        limits: { sendBufferBytes },
      }),
    )
    // Five sessions with the longest device names make a session list of about 900 bytes.
    const device = (n: number) => `${n}`.padEnd(MAX_DEVICE_LENGTH, 'x')
    const clients = []
    for (let n = 0; n < 5; n++) {
      clients.push((await loginClient(server, 'reader', 'web', { device: device(n) })).client)
    }
    const client = clients[0]!
    const seq = client.nextSeq()
    client.send({ op: 'getSessions', seq })
    const reply = await client.message('sessions', seq)
    expect(JSON.stringify(reply).length).toBeGreaterThan(sendBufferBytes / 2)
    expect(reply.sessions).toHaveLength(5)
    await client.roundTrip()
    expect(client.closed).toBeUndefined()
  })
})
