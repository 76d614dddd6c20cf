import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryRegistry } from '../src/registry/memoryRegistry.js'
import { SEEN_EVERY_MS } from '../src/transport/connection.js'
import { APP_ID, cleanup, loginClient, serverConfig, startTestServer } from './helpers.js'

afterEach(cleanup)

// Traffic on a logged-in socket tells the registry the session was seen, at most once a
// minute (rule 33). The clock is the test's; the registry is a real one, read back.

async function seenServer() {
  let clock = Date.now()
  const now = () => clock
  const registry = createMemoryRegistry({ now })
  const server = await startTestServer(serverConfig(), { registry, now })
  const { client } = await loginClient(server, 'alice')
  const lastSeen = async () => (await registry.listUser(APP_ID, 'alice'))[0]?.lastSeenAt
  const advance = (ms: number) => {
    clock += ms
  }
  return { client, lastSeen, advance, start: clock }
}

describe('a session seen on its socket', () => {
  it('is written at most once a minute: not before the minute is up, then at once, then not again for a minute', async () => {
    const { client, lastSeen, advance, start } = await seenServer()
    expect(await lastSeen()).toBe(start)
    advance(SEEN_EVERY_MS - 1)
    await client.roundTrip()
    expect(await lastSeen()).toBe(start)
    advance(1)
    await client.roundTrip()
    expect(await lastSeen()).toBe(start + SEEN_EVERY_MS)
    advance(SEEN_EVERY_MS / 2)
    await client.roundTrip()
    expect(await lastSeen()).toBe(start + SEEN_EVERY_MS)
    advance(SEEN_EVERY_MS / 2)
    await client.roundTrip()
    expect(await lastSeen()).toBe(start + 2 * SEEN_EVERY_MS)
  })

  it('counts a ping frame of the peer as a sighting', async () => {
    const { client, lastSeen, advance, start } = await seenServer()
    advance(SEEN_EVERY_MS)
    const pong = new Promise<void>((resolve) => client.ws.once('pong', () => resolve()))
    client.ws.ping()
    await pong
    expect(await lastSeen()).toBe(start + SEEN_EVERY_MS)
  })

  it('is a minute, the interval rule 33 sets', () => {
    expect(SEEN_EVERY_MS).toBe(60_000)
  })
})
