import { CLOSE_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
// The client core's hand-advanced timers: the server's drain and close spread run on them.
import { type ManualTimers, manualTimers } from '../../core/test/helpers/manualTimers.js'
import type { RunningServer } from '../src/startServer.js'
import { scrapeMetrics } from './helpers/scrapeMetrics.js'
import { cleanup, loginClient, serverConfig, startTestServer, type TestClient } from './helpers.js'

afterEach(cleanup)

const DRAIN_SECONDS = 30
const SPREAD_MS = 1_000

async function drainingServer(): Promise<{ server: RunningServer; timers: ManualTimers }> {
  const timers = manualTimers()
  const server = await startTestServer(
    serverConfig({ shutdown: { drainSeconds: DRAIN_SECONDS, closeSpreadMs: SPREAD_MS } }),
    { timers },
  )
  return { server, timers }
}

async function probe(server: RunningServer, path: string) {
  const res = await fetch(`${server.url}${path}`)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const closedCount = (clients: TestClient[]) => clients.filter((c) => c.closed).length

describe('drain (design.md rule 35)', () => {
  it('answers /readyz 503 draining at once while it keeps serving: a logged-in client stays, a new login is admitted; then 1001 for all, spread, and it stops', async () => {
    const { server, timers } = await drainingServer()
    const { client: alice } = await loginClient(server, 'alice')
    expect(await probe(server, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } })

    const drained = server.drain()
    expect(await probe(server, '/readyz')).toEqual({
      status: 503,
      body: { status: 'not-ready', reason: 'draining' },
    })
    // Liveness is not readiness: the process is fine and still serving.
    expect((await probe(server, '/healthz')).status).toBe(200)
    expect((await scrapeMetrics(server)).get('chatgate_ready')).toBe(0)
    // A balancer that has not noticed yet still sends clients: they are served.
    const { client: bob, ready } = await loginClient(server, 'bob')
    expect(ready.resumed).toBe(false)

    timers.advance(DRAIN_SECONDS * 1000 - 1)
    expect(closedCount([alice, bob])).toBe(0)
    timers.advance(1)
    // The drain is over: the first half of the clients at once, the rest over the spread.
    expect((await alice.closeEvent()).code).toBe(CLOSE_CODES.GOING_AWAY)
    expect(bob.closed).toBeUndefined()
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()
    timers.advance(SPREAD_MS / 2)
    expect((await bob.closeEvent()).code).toBe(CLOSE_CODES.GOING_AWAY)
    await drained
    expect(timers.pending).toBe(0)
  })

  it('spreads the closes evenly over closeSpreadMs, in the order the clients connected', async () => {
    const { server, timers } = await drainingServer()
    const clients: TestClient[] = []
    for (const userID of ['c0', 'c1', 'c2', 'c3'])
      clients.push((await loginClient(server, userID)).client)
    const drained = server.drain()
    timers.advance(DRAIN_SECONDS * 1000)
    for (let step = 1; step <= 4; step++) {
      await clients[step - 1]!.closeEvent()
      // Nothing else runs between two steps: the rest wait for the timers.
      expect(closedCount(clients)).toBe(step)
      timers.advance(SPREAD_MS / 4)
    }
    await drained
    expect(clients.map((c) => c.closed?.code)).toEqual(Array(4).fill(CLOSE_CODES.GOING_AWAY))
    expect(timers.pending).toBe(0)
  })

  it('close() during the drain (a second signal) closes every client at once, and drain() then resolves', async () => {
    const { server, timers } = await drainingServer()
    const { client: alice } = await loginClient(server, 'alice')
    const { client: bob } = await loginClient(server, 'bob')
    const drained = server.drain()
    await server.close()
    await drained
    expect(alice.closed?.code ?? (await alice.closeEvent()).code).toBe(CLOSE_CODES.GOING_AWAY)
    expect(bob.closed?.code ?? (await bob.closeEvent()).code).toBe(CLOSE_CODES.GOING_AWAY)
    expect(timers.pending).toBe(0)
  })

  it('close() during the close spread closes the rest at once', async () => {
    const { server, timers } = await drainingServer()
    const { client: alice } = await loginClient(server, 'alice')
    const { client: bob } = await loginClient(server, 'bob')
    const drained = server.drain()
    timers.advance(DRAIN_SECONDS * 1000)
    await alice.closeEvent()
    expect(bob.closed).toBeUndefined()
    await server.close()
    await drained
    expect((await bob.closeEvent()).code).toBe(CLOSE_CODES.GOING_AWAY)
    expect(timers.pending).toBe(0)
  })
})
