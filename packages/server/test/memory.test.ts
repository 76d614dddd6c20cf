import { afterEach, describe, expect, it } from 'vitest'
import type { RunningServer } from '../src/startServer.js'
import { manualTime } from './helpers/manualTime.js'
import { untilMetric } from './helpers/scrapeMetrics.js'
import { cleanup, loginClient, onlineStatus, serverConfig, startTestServer } from './helpers.js'

afterEach(cleanup)

const GRACE_MS = 60_000

async function gauges(server: RunningServer) {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  const read = (name: string) =>
    Number(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1])
  return {
    attached: read('chatgate_sessions_online{state="attached"}'),
    detached: read('chatgate_sessions_online{state="detached"}'),
    connections: read('chatgate_connections'),
  }
}

describe('slots and memory are freed when clients leave', () => {
  it('logout frees the slot at once and answers loggedOut then close 4002 (rule 8)', async () => {
    const server = await startTestServer()
    const a = await loginClient(server, 'alice')
    const b = await loginClient(server, 'alice')
    a.client.send({ op: 'logout', seq: 9 })
    expect(await a.client.message('loggedOut', 9)).toEqual({ op: 'loggedOut', seq: 9 })
    expect((await a.client.closeEvent()).code).toBe(4002)
    expect((await onlineStatus(server, 'alice')).Detail).toHaveLength(1)
    // The freed slot takes a new login without evicting anyone.
    await loginClient(server, 'alice')
    await b.client.roundTrip()
    expect(b.client.kicks()).toEqual([])
  })

  it('after clients log out or drop and their grace ends, the server holds nothing (rule 20)', async () => {
    const time = manualTime()
    const server = await startTestServer(serverConfig(), {
      sessionGraceMs: GRACE_MS,
      ...time.options,
    })
    const users = Array.from({ length: 20 }, (_, i) => `user${i}`)
    const logins = await Promise.all(users.map((u) => loginClient(server, u)))
    expect(await gauges(server)).toEqual({ attached: 20, detached: 0, connections: 20 })
    logins.forEach(({ client }, i) => {
      if (i % 2 === 0) client.send({ op: 'logout', seq: 1 })
      else client.ws.terminate()
    })
    await Promise.all(logins.map(({ client }) => client.closeEvent()))
    // The node has seen every socket go: half logged out, half dropped into their grace.
    await untilMetric(server, 'chatgate_connections', 0)
    expect(await gauges(server)).toEqual({ attached: 0, detached: 10, connections: 0 })
    time.advance(GRACE_MS + 1_000)
    expect(await gauges(server)).toEqual({ attached: 0, detached: 0, connections: 0 })
    for (const u of users) expect((await onlineStatus(server, u)).Status).toBe('Offline')
  })
})
