import { afterEach, describe, expect, it } from 'vitest'
import { createMetrics } from '../src/metrics.js'
import { heartbeatRound, terminateUnanswered } from '../src/transport/socketLiveness.js'
import { cleanup, startTestServer, TestClient } from './helpers.js'

afterEach(cleanup)

const TERMINATED = 'chatgate_connection_terminations_total'

async function terminations(metrics: ReturnType<typeof createMetrics>, reason: string) {
  const text = await metrics.render()
  const match = new RegExp(`^${TERMINATED}\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(text)
  return match ? Number(match[1]) : 0
}

// The heartbeat over real sockets: the peer here is the client end, so what the round does
// to it is seen from the server end (a ping answered, or the socket cut).

describe('heartbeatRound', () => {
  it('pings a peer heard from since the last round and clears its flag', async () => {
    const server = await startTestServer()
    const client = await TestClient.connect(server.wsUrl)
    const metrics = createMetrics()
    const peer = { ws: client.ws, alive: true }
    const pong = new Promise<void>((resolve) => client.ws.once('pong', () => resolve()))
    heartbeatRound([peer], metrics)
    expect(peer.alive).toBe(false)
    await pong
    expect(client.ws.readyState).toBe(client.ws.OPEN)
    expect(await terminations(metrics, 'heartbeat')).toBe(0)
  })

  it('terminates a peer silent since the last round, counts it, and goes on with the others', async () => {
    const server = await startTestServer()
    const silent = await TestClient.connect(server.wsUrl)
    const heard = await TestClient.connect(server.wsUrl)
    const metrics = createMetrics()
    const silentPeer = { ws: silent.ws, alive: false }
    const heardPeer = { ws: heard.ws, alive: true }
    heartbeatRound([silentPeer, heardPeer], metrics)
    // Ended without a close handshake.
    expect((await silent.closeEvent()).code).toBe(1006)
    expect(silentPeer.alive).toBe(false)
    expect(heardPeer.alive).toBe(false)
    expect(heard.ws.readyState).toBe(heard.ws.OPEN)
    expect(await terminations(metrics, 'heartbeat')).toBe(1)
  })
})

describe('terminateUnanswered', () => {
  it('cuts a socket whose close frame is not answered in time, and counts it', async () => {
    const server = await startTestServer()
    const client = await TestClient.connect(server.wsUrl)
    const metrics = createMetrics()
    terminateUnanswered(client.ws, metrics, 10)
    expect((await client.closeEvent()).code).toBe(1006)
    expect(await terminations(metrics, 'close_timeout')).toBe(1)
  })

  it('leaves a socket that closed meanwhile alone, uncounted', async () => {
    const server = await startTestServer()
    const client = await TestClient.connect(server.wsUrl)
    const metrics = createMetrics()
    client.ws.close(1000)
    await client.closeEvent()
    const timer = terminateUnanswered(client.ws, metrics, 5)
    // The timer must not keep the process alive.
    expect(timer.hasRef()).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(await terminations(metrics, 'close_timeout')).toBe(0)
  })
})
