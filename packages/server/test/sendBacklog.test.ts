import { afterEach, describe, expect, it } from 'vitest'
import { heldForClient, QUEUED_MESSAGE_COST, SendBacklog } from '../src/transport/sendBacklog.js'
import { cleanup, startTestServer, TestClient } from './helpers.js'

afterEach(cleanup)

// What a client that is not reading holds in this process: `ws`'s bytes, and for each
// message queued behind others its own cost (rule 21).

describe('SendBacklog', () => {
  it('starts empty and counts down as each queued message is written', () => {
    const backlog = new SendBacklog()
    expect(backlog.queued).toBe(0)
    backlog.queued = 3
    backlog.written()
    expect(backlog.queued).toBe(2)
    // `written` is handed to `ws` as a bare callback: it must not need `this` from the caller.
    const { written } = backlog
    written()
    expect(backlog.queued).toBe(1)
  })
})

describe('heldForClient', () => {
  it('is the bytes buffered alone without a backlog, and adds each queued message cost with one', async () => {
    const server = await startTestServer()
    const client = await TestClient.connect(server.wsUrl)
    // A socket that has written everything holds nothing.
    expect(client.ws.bufferedAmount).toBe(0)
    expect(heldForClient(client.ws, undefined)).toBe(0)
    const backlog = new SendBacklog()
    expect(heldForClient(client.ws, backlog)).toBe(0)
    backlog.queued = 3
    expect(heldForClient(client.ws, backlog)).toBe(3 * QUEUED_MESSAGE_COST)
  })

  it('counts a queued message at least as much as measured beyond its bytes', () => {
    expect(QUEUED_MESSAGE_COST).toBeGreaterThanOrEqual(300)
  })
})
