import { CLOSE_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, onlineStatus, startTestServer, TestClient } from './helpers.js'

afterEach(cleanup)

describe('many concurrent logins of one user', () => {
  it('with a web limit of 2, never more than 2 online and every evicted client gets exactly one kick (rules 12 and 20)', async () => {
    const server = await startTestServer()
    const count = 60
    const clients = await Promise.all(
      Array.from({ length: count }, () => TestClient.connect(server.wsUrl)),
    )

    // Watch the REST view all through the storm.
    let storming = true
    const seen: number[] = []
    const watcher = (async () => {
      while (storming) {
        seen.push((await onlineStatus(server, 'alice')).Detail!.length)
      }
    })()

    const seqs = clients.map((client) => client.sendLogin({ userID: 'alice' }))
    await Promise.all(clients.map((client, i) => client.message('ready', seqs[i], 5000)))
    // Wait until all but two are kicked (this times out if some evicted client is never told).
    const deadline = Date.now() + 5000
    while (clients.filter((c) => c.closed).length < count - 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    // No duplicate or late kick is on its way: a closed socket takes no more frames, and an
    // open one answers a ping only after whatever was sent to it before.
    await Promise.all(clients.filter((c) => !c.closed).map((c) => c.roundTrip()))
    storming = false
    await watcher

    const finalSurvivors = clients.filter((c) => c.kicks().length === 0)
    expect(finalSurvivors).toHaveLength(2)
    for (const client of clients) {
      if (finalSurvivors.includes(client)) {
        expect(client.closed).toBeUndefined()
        continue
      }
      expect(client.kicks()).toEqual([
        { op: 'kicked', type: 'multipleAccount', by: { platform: 'web', device: '' } },
      ])
      expect(client.closed?.code).toBe(CLOSE_CODES.KICKED)
    }
    expect(seen.length).toBeGreaterThan(0)
    expect(Math.max(...seen)).toBeLessThanOrEqual(2)
    const final = await onlineStatus(server, 'alice')
    expect(final.Detail).toHaveLength(2)
  })
})
