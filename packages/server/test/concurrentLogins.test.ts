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
    // Every login is admitted (all got ready), so every kick has been sent: on each socket a
    // ping's pong, or the close that follows a kick, comes after it. A closed socket takes
    // no more frames, so no duplicate or late kick is on its way either.
    await Promise.all(clients.map((c) => c.roundTrip()))
    await Promise.all(clients.filter((c) => c.kicks().length > 0).map((c) => c.closeEvent()))
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
