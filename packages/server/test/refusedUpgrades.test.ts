import { afterEach, describe, expect, it } from 'vitest'
import { attackScope } from './helpers/attackScope.js'
import { openDescriptors } from './helpers/processStats.js'
import { type RawUpgrade, rawUpgrade } from './helpers/rawWebSocket.js'
import { type NodeProcess, spawnNode } from './helpers/redisClusterNodes.js'
import { appConfig, cleanup, loginClient } from './helpers.js'

const opened = attackScope()
afterEach(cleanup)

/** Polls until `read()` is at most `bound`; the last value read either way. */
async function settlesTo(read: () => number, bound: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs
  let value = read()
  while (value > bound && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    value = read()
  }
  return value
}

async function refusals(server: NodeProcess): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  const counts: Record<string, number> = {}
  for (const [, reason, value] of text.matchAll(
    /^chatgate_upgrades_refused_total\{reason="(\w+)"\} (\d+)$/gm,
  )) {
    counts[reason!] = Number(value)
  }
  return counts
}

describe('refused upgrades hold no descriptor (rule 34)', () => {
  it('a client that keeps its half open after a 404, a 429 or a 400 leaves the server process with its baseline of descriptors', async () => {
    const node = opened.server(
      await spawnNode({
        apps: [appConfig()],
        limits: { maxConnectionsPerAddress: 2, closeTimeoutMs: 1_000 },
      }),
    )
    const pid = node.child.pid!
    // Two WebSockets fill this address's cap, so the next upgrades to /ws get 429.
    const held: RawUpgrade[] = []
    for (let i = 0; i < 2; i++) {
      const ws = await rawUpgrade(node.port)
      opened.socket(ws.socket)
      expect(ws.status).toBe(101)
      held.push(ws)
    }
    // The baseline: the server with its two WebSockets, after a first /metrics request.
    await refusals(node)
    await new Promise((resolve) => setTimeout(resolve, 200))
    const baseline = openDescriptors(pid)

    const attacks: RawUpgrade[] = []
    for (let i = 0; i < 20; i++) {
      // The caps come before the handshake's checks: the bad handshakes come from an
      // address with no WebSocket open.
      const badHandshake = { noKey: true, localAddress: '127.0.0.2' }
      for (const options of [{ path: '/nope' }, {}, badHandshake]) {
        const attack = await rawUpgrade(node.port, options)
        opened.socket(attack.socket)
        attacks.push(attack)
      }
    }
    expect(attacks.map((a) => a.status).sort()).toEqual([
      ...Array(20).fill(400),
      ...Array(20).fill(404),
      ...Array(20).fill(429),
    ])
    // None of these clients ends its half: the server must let go of each socket itself.
    const settled = await settlesTo(() => openDescriptors(pid), baseline, 10_000)
    expect(settled).toBeLessThanOrEqual(baseline)
    await Promise.all(attacks.map((attack) => attack.ended))

    expect(await refusals(node)).toMatchObject({
      path: 20,
      max_connections_per_address: 20,
      bad_request: 20,
    })
    // The two WebSockets were never disturbed.
    for (const ws of held) expect(ws.socket.destroyed).toBe(false)
  }, 60_000)

  it('a client that keeps its half open after a 503 from a node closing its clients leaves it with its baseline of descriptors', async () => {
    const node = opened.server(
      await spawnNode({
        apps: [appConfig()],
        limits: { closeTimeoutMs: 1_000 },
        // No drain; the closes spread over a minute (stop() ends it with SIGKILL), so the
        // test runs while the node refuses new upgrades and still serves /metrics.
        shutdown: { drainSeconds: 0, closeSpreadMs: 60_000 },
      }),
    )
    const pid = node.child.pid!
    // Two clients keep the spread going: the first is closed at once, the second a
    // half-spread later.
    const first = await loginClient(node, 'first')
    const second = await loginClient(node, 'second')
    await refusals(node)
    await new Promise((resolve) => setTimeout(resolve, 200))
    const baseline = openDescriptors(pid)

    // Connected before the node stops listening, their upgrade requests sent after.
    let closing!: () => void
    const closingStarted = new Promise<void>((resolve) => {
      closing = resolve
    })
    const pending = Array.from({ length: 20 }, () =>
      rawUpgrade(node.port, { sendAfter: closingStarted }),
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
    node.child.kill('SIGTERM')
    await first.client.closeEvent()
    expect(second.client.closed).toBeUndefined()
    closing()
    const attacks: RawUpgrade[] = await Promise.all(pending)
    for (const attack of attacks) opened.socket(attack.socket)
    expect(attacks.map((a) => a.status)).toEqual(Array(20).fill(503))
    const settled = await settlesTo(() => openDescriptors(pid), baseline, 10_000)
    expect(settled).toBeLessThanOrEqual(baseline)
    await Promise.all(attacks.map((attack) => attack.ended))
  }, 60_000)
})
