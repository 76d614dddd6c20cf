import { afterEach, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { cleanup, serverConfig, startTestServer, TestClient } from './helpers.js'

afterEach(cleanup)

// The heartbeat ends a peer that sent nothing for a whole round (rule 16). Anything the
// peer sends counts as a sign of life, not only the pong: a peer that never answers our
// pings but keeps talking stays.

const HEARTBEAT_MS = 40
// High enough that no sign of life sent below is refused for its rate.
const limits = { requestsPerSecond: 10_000, requestBurst: 10_000 }

/** A peer that never answers the server's pings, logged in. */
async function deafPeer() {
  const server = await startTestServer(serverConfig({ limits }), {
    heartbeatIntervalMs: HEARTBEAT_MS,
  })
  const client = await TestClient.connect(server.wsUrl, { autoPong: false })
  await client.message('ready', client.sendLogin({ userID: 'alice' }))
  return client
}

/** Calls `signOfLife` every 10 ms over eight heartbeat rounds; says whether the socket stayed open. */
async function keepsOpen(client: TestClient, signOfLife: (ws: WebSocket) => void) {
  const timer = setInterval(() => signOfLife(client.ws), 10)
  await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 8))
  clearInterval(timer)
  return client.closed === undefined
}

describe('signs of life besides a pong', () => {
  it('a peer that answers no ping and sends nothing is ended', async () => {
    const client = await deafPeer()
    expect((await client.closeEvent(HEARTBEAT_MS * 8)).code).toBe(1006)
  })

  it('a peer that sends pings of its own stays', async () => {
    const client = await deafPeer()
    expect(await keepsOpen(client, (ws) => ws.ping())).toBe(true)
  })

  it('a peer that sends requests stays', async () => {
    const client = await deafPeer()
    let seq = 100
    expect(
      await keepsOpen(client, (ws) => ws.send(JSON.stringify({ op: 'ping', seq: seq++ }))),
    ).toBe(true)
  })
})
