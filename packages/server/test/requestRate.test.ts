import { CLOSE_CODES, ERROR_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
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
