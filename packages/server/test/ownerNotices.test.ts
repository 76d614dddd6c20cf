import { CLOSE_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryRegistry } from '../src/registry/memoryRegistry.js'
import { manualTime } from './helpers/manualTime.js'
import { untilMetric } from './helpers/scrapeMetrics.js'
import { APP_ID, cleanup, loginClient, serverConfig, startTestServer } from './helpers.js'

afterEach(cleanup)

const GRACE_MS = 30_000

/**
 * The node acts only on registry notices. Here the test plays another node by calling the
 * shared registry directly, as a second process would through Redis.
 */
describe('registry notices drive the sockets', () => {
  it('a kick decided elsewhere (not on this node) reaches the socket exactly once (rule 12)', async () => {
    const registry = createMemoryRegistry({ nodeId: 'node-a' })
    const server = await startTestServer(serverConfig(), { registry })
    const { client, ready } = await loginClient(server, 'alice')
    expect(await registry.kickSession(APP_ID, 'alice', ready.sessionId, 'multipleDevice')).toBe(
      true,
    )
    expect(await client.message('kicked')).toEqual({ op: 'kicked', type: 'multipleDevice' })
    expect((await client.closeEvent()).code).toBe(CLOSE_CODES.KICKED)
    expect(client.kicks()).toHaveLength(1)
    await registry.close()
  })

  it("a resume on another node drops this node's stale socket silently, and leaves the session to that node (rule 15)", async () => {
    const registry = createMemoryRegistry({ nodeId: 'node-a' })
    const time = manualTime()
    const server = await startTestServer(serverConfig(), {
      registry,
      sessionGraceMs: GRACE_MS,
      ...time.options,
    })
    const { client, ready } = await loginClient(server, 'bob')
    const claimed = await registry.claim(APP_ID, 'bob', ready.sessionId, 'node-b')
    expect(claimed.status).toBe('live')
    const closed = await client.closeEvent()
    expect(closed.code).not.toBe(CLOSE_CODES.KICKED)
    expect(client.kicks()).toEqual([])
    // The node has let go of the socket; then its grace period ends many times over.
    await untilMetric(server, 'chatgate_connections', 0)
    time.advance(10 * GRACE_MS)
    const sessions = await registry.listUser(APP_ID, 'bob')
    expect(sessions.map((s) => [s.sessionId, s.nodeId])).toEqual([[ready.sessionId, 'node-b']])
    await registry.close()
  })

  it('a socket that drops on this node releases its session after grace only while this node still owns it (rule 16)', async () => {
    const registry = createMemoryRegistry({ nodeId: 'node-a' })
    const time = manualTime()
    const server = await startTestServer(serverConfig(), {
      registry,
      sessionGraceMs: GRACE_MS,
      ...time.options,
    })
    const { client, ready } = await loginClient(server, 'carol')
    client.ws.terminate()
    await client.closeEvent()
    await untilMetric(server, 'chatgate_sessions_online{state="detached"}', 1)
    time.advance(GRACE_MS - 1_000)
    expect(await registry.listUser(APP_ID, 'carol')).toHaveLength(1)
    time.advance(2_000)
    expect(await registry.listUser(APP_ID, 'carol')).toEqual([])
    expect(await registry.lookup(APP_ID, 'carol', ready.sessionId)).toEqual({ status: 'unknown' })
    await registry.close()
  })
})
