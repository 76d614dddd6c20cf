import { CLOSE_CODES, ERROR_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { RequestRate } from '../src/transport/requestRate.js'
import { scrapeMetrics } from './helpers/scrapeMetrics.js'
import { cleanup, loginClient, serverConfig, startTestServer } from './helpers.js'

afterEach(cleanup)

// One token a second: a burst of frames sent at once outruns the refill unless the
// machine stalls for a whole second in the middle of it.
const limits = { requestsPerSecond: 1, requestBurst: 5 }

describe('requests per connection', () => {
  it('answers frames over the rate with 90012 and their seq, without serving them (rule 21)', async () => {
    const server = await startTestServer(serverConfig({ limits }))
    const { client } = await loginClient(server, 'alice')
    // The login took one token: four pings are served, the next two are not.
    const seqs = Array.from({ length: 6 }, () => client.nextSeq())
    for (const seq of seqs) client.send({ op: 'ping', seq })
    const last = await client.message('error', seqs[5])
    expect(last.code).toBe(ERROR_CODES.TOO_MANY_REQUESTS)
    expect(client.messages.filter((m) => m.op === 'pong')).toHaveLength(4)
    expect(client.messages.filter((m) => m.op === 'error')).toHaveLength(2)
    expect(client.closed).toBeUndefined()
  })

  it('closes with 4010 after requestBurst frames in a row over the rate (rule 21)', async () => {
    const server = await startTestServer(serverConfig({ limits }))
    const { client } = await loginClient(server, 'alice')
    for (let i = 0; i < 40; i++) client.send({ op: 'nope', seq: client.nextSeq() })
    const closed = await client.closeEvent()
    expect(closed.code).toBe(CLOSE_CODES.TOO_MANY_REQUESTS)
    const refusals = client.messages.filter(
      (m) => m.op === 'error' && m.code === ERROR_CODES.TOO_MANY_REQUESTS,
    )
    // Four unknown-op answers within the bucket, then five refusals, the last before the close.
    expect(refusals).toHaveLength(limits.requestBurst)
    expect(client.messages.at(-1)).toMatchObject({ code: ERROR_CODES.TOO_MANY_REQUESTS })
    const metrics = await scrapeMetrics(server)
    expect(
      metrics.get(`chatgate_connection_closes_total{code="${CLOSE_CODES.TOO_MANY_REQUESTS}"}`),
    ).toBe(1)
  })
})

describe('a client that keeps exceeding its request rate, whatever its rhythm (rule 34)', () => {
  it('20 pings every 60 ms against the default 20 a second: some are served, and it is closed 4010', async () => {
    const server = await startTestServer()
    const { client } = await loginClient(server, 'alice')
    // A served ping now and then used to reset the count of refusals in a row, so this
    // rhythm was answered 90012 for minutes without ever being closed.
    const deadline = Date.now() + 30_000
    while (!client.closed && Date.now() < deadline) {
      for (let i = 0; i < 20; i++) client.send({ op: 'ping', seq: client.nextSeq() })
      await new Promise((resolve) => setTimeout(resolve, 60))
    }
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.TOO_MANY_REQUESTS)
    const served = client.messages.filter((m) => m.op === 'pong').length
    const refused = client.messages.filter(
      (m) => m.op === 'error' && m.code === ERROR_CODES.TOO_MANY_REQUESTS,
    ).length
    // Never 40 refusals in a row: the burst rule alone would not have closed it.
    expect(served).toBeGreaterThan(40)
    expect(refused).toBeGreaterThan(0)
  }, 60_000)
})

describe('pings and pongs from the client (rule 21)', () => {
  it('take tokens like requests: a client that floods pings is closed 4010', async () => {
    const server = await startTestServer(serverConfig({ limits }))
    const { client } = await loginClient(server, 'alice')
    for (let i = 0; i < 40; i++) client.ws.ping()
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.TOO_MANY_REQUESTS)
  })
})

describe('RequestRate, on a clock of its own', () => {
  /** Feeds one message (cost 1) at each time; returns the first time it said close. */
  function closedAt(perSecond: number, burst: number, times: Iterable<number>): number | undefined {
    const rate = new RequestRate(perSecond, burst, 0)
    for (const t of times) if (rate.take(t, 1) === 'close') return t
    return undefined
  }
  function* rhythm(batch: number, everyMs: number, untilMs: number) {
    for (let t = 0; t < untilMs; t += everyMs) for (let i = 0; i < batch; i++) yield t
  }

  it('closes a client refused again and again for as long as its bucket takes to refill', () => {
    // 20 a second, burst 40: the bucket refills in 2 s.
    const at = closedAt(20, 40, rhythm(20, 60, 600_000))
    expect(at).toBeDefined()
    expect(at!).toBeLessThan(2_500)
    // 1.5× the rate, one message at a time.
    expect(closedAt(20, 40, rhythm(1, 1000 / 30, 600_000))).toBeDefined()
  })

  it('closes a client whose bursts each wait out the refill but ask more than its rate', () => {
    // 60 at once every 2.5 s is 24 a second: 20 refused each time, each run of refusals
    // forgiven by the pause after it, and still more than the rate in the long run.
    const at = closedAt(20, 40, rhythm(60, 2_500, 600_000))
    expect(at).toBeDefined()
    expect(at!).toBeLessThan(10_000)
    // Exactly at the rate on average (50 every 2.5 s), bursts past the bucket are only refused.
    expect(closedAt(20, 40, rhythm(50, 2_500, 600_000))).toBeUndefined()
  })

  it('never closes a client at its rate, or one whose bursts are followed by a pause', () => {
    expect(closedAt(20, 40, rhythm(1, 50, 600_000))).toBeUndefined()
    // 60 at once (20 refused) every 5 s: each burst is forgiven by the pause after it.
    expect(closedAt(20, 40, rhythm(60, 5_000, 600_000))).toBeUndefined()
  })

  it('gives a deep bucket as long as it takes to refill before a run of refusals closes it', () => {
    // 4 a second, burst 20: the bucket refills in 5 s, longer than the 1 s floor. A token
    // every 250 ms is served, and every other one a message more is refused: the run of
    // refusals, each 500 ms after the last, closes the client once it has lasted 5 s.
    const rate = new RequestRate(4, 20, 0)
    expect(rate.take(0, 20)).toBe('serve')
    const verdicts: [number, string][] = []
    for (let t = 250; t <= 6_000; t += 250) {
      expect(rate.take(t, 1)).toBe('serve')
      if (t % 500 === 0) verdicts.push([t, rate.take(t, 1)])
    }
    const closes = verdicts.filter(([, verdict]) => verdict === 'close').map(([t]) => t)
    expect(closes[0]).toBe(5_500)
    expect(verdicts.filter(([t]) => t < 5_500).every(([, verdict]) => verdict === 'refuse')).toBe(
      true,
    )
  })

  it('counts a refusal exactly a refill after the last as the same run, which then closes', () => {
    const rate = new RequestRate(4, 20, 0)
    expect(rate.take(0, 20)).toBe('serve')
    expect(rate.take(0, 1)).toBe('refuse')
    // 5 s on, the bucket is full again, but a message of 21 frames still does not fit.
    expect(rate.take(5_000, 21)).toBe('close')
  })

  it('refuses, without closing, a client whose demand is used up to exactly nothing', () => {
    // Demand starts at twice the burst (40): 20 served and 20 refused leave it at 0.
    const rate = new RequestRate(4, 20, 0)
    expect(rate.take(0, 20)).toBe('serve')
    expect(rate.take(0, 20)).toBe('refuse')
    // One frame more, and it asks more than its rate over the long run.
    expect(rate.take(0, 1)).toBe('close')
  })

  it('charges a message its frames, and refuses one the bucket cannot cover', () => {
    const rate = new RequestRate(1, 8, 0)
    expect(rate.take(0, 5)).toBe('serve')
    expect(rate.take(0, 4)).toBe('refuse')
    expect(rate.take(0, 3)).toBe('serve')
  })
})
