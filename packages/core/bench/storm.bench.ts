// `pnpm bench storm`: the minute after a node restarts or drains, when every client comes
// back at once (design.md rule 31). 10,000 logged-in `@chatgate/core` clients in several
// processes, spread over loopback source addresses.
// - Case 1: one node with the memory registry is killed (SIGKILL) and started again on the
//   same port. Its sessions are gone: every client must come back logged in by itself
//   (resume refused as unknown, then admitted again), with no KICKED_OUT.
// - Case 2: two nodes on Redis behind two TCP balancer processes (one process cannot hold
//   10,000 proxied connections: each takes two of its 20,000 file descriptors); node A
//   drains (SIGTERM, close 1001). Its clients reconnect through a balancer to node B and
//   resume: no new SDK_READY, no
//   kick, and the admin REST never shows a user over the limit.
// Options: --clients N (default 10000), --processes N (default 4), --case 1|2 (default both).
import { parseArgs } from 'node:util'
import { recordFigure } from '../../../.config/benchFigures.js'
import { freePort, startTestRedis } from '../../server/test/helpers/redisServer.js'
import { ask, forkScript, percentile } from './ipc.js'
import type { BalancerAnswer, BalancerRequest } from './storm/balancer.js'
import {
  appConfig,
  awaitReady,
  type BenchNode,
  type Crowd,
  loopbackAddresses,
  mib,
  startCrowd,
  startNode,
  sweepOnline,
  until,
} from './storm/fleet.js'
import type { CrowdStatus } from './storm/stormClients.js'
import type { NodeStats } from './storm/stormNode.js'

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '10000' },
    processes: { type: 'string', default: '4' },
    case: { type: 'string' },
  },
  allowPositionals: true,
})
const CLIENTS = Number(values.clients)
const PROCESSES = Number(values.processes)
/** 64 source addresses: 10,000 clients are ~157 per address, under the default cap of 200. */
const ADDRESSES = loopbackAddresses(64)
const COME_BACK_TIMEOUT_MS = 180_000

const userIDs = (prefix: string) => Array.from({ length: CLIENTS }, (_, i) => `${prefix}${i}`)

interface Outcome {
  name: string
  /** A drain: every client must resume, so no SDK_READY may follow it. */
  expectResume: boolean
  crowd: CrowdStatus
  node: NodeStats
  overLimitSeen: number
  offlineAtEnd: number
  restSweeps: number
}

function report({ name, crowd, node, overLimitSeen, offlineAtEnd, restSweeps }: Outcome): void {
  const waits = crowd.backAfterMs
  const lost = crowd.lost
  const at = (p: number) => {
    // Time until p % of the clients that lost their connection were live again; a client
    // that never came back counts as never.
    const needed = Math.ceil((p / 100) * lost)
    if (needed === 0) return '0'
    return waits.length >= needed
      ? (percentile(waits, (needed / waits.length) * 100) / 1000).toFixed(2)
      : 'never'
  }
  const neverBack = lost - waits.length
  console.log(`\n## ${name}`)
  console.log(
    `clients ${crowd.clients} (${crowd.neverLoggedIn} never logged in at the start), lost their connection ${lost}, back ${waits.length}`,
  )
  console.log(
    `ready again after (s): 50% ${at(50)}, 99% ${at(99)}, 100% ${at(100)}; longest single wait ${(
      Math.max(0, ...waits) / 1000
    ).toFixed(2)} s`,
  )
  console.log(
    `surviving node at peak: ${node.peakAcceptedPerSec.toFixed(0)} connections/s, ${node.peakLoginsPerSec.toFixed(
      0,
    )} logins/s; event-loop delay p99 ${node.eventLoopDelayP99Ms.toFixed(1)} ms (max ${node.eventLoopDelayMaxMs.toFixed(
      1,
    )} ms); peak RSS ${mib(node.peakRssBytes)} MiB`,
  )
  const caseName = name.slice(0, name.indexOf(':')).toLowerCase().replace(' ', '')
  for (const p of [50, 99, 100]) recordFigure(`${caseName}.back${p}`, Number(at(p)), 's', 'lower')
  recordFigure(`${caseName}.peakLogins`, node.peakLoginsPerSec, '/s', 'higher')
  recordFigure(`${caseName}.eventLoopDelay.p99`, node.eventLoopDelayP99Ms, 'ms', 'lower')
  recordFigure(`${caseName}.peakRss`, node.peakRssBytes / 2 ** 20, 'MiB', 'lower')
  console.log(
    `SDK_READY after the event: ${crowd.readySinceMark}; ERROR events: ${JSON.stringify(
      crowd.errors,
    )}; socket errors: ${JSON.stringify(crowd.socketErrors)}; REST sweeps ${restSweeps}`,
  )
  const verdict = (n: number) => (n === 0 ? 'ok' : 'FAIL')
  console.log(
    `wrong kicks ${crowd.kicks} (${verdict(crowd.kicks)}), double sessions ${overLimitSeen} (${verdict(
      overLimitSeen,
    )}), never came back ${neverBack} (${verdict(neverBack)}), logged out ${crowd.loggedOut} (${verdict(
      crowd.loggedOut,
    )}), offline in REST at the end ${offlineAtEnd} (${verdict(offlineAtEnd)})`,
  )
}

/**
 * Waits until every client is live again or has given up (logged out), and every client
 * that lost its connection came back or gave up; at most COME_BACK_TIMEOUT_MS.
 */
async function awaitReturn(crowd: Crowd, everyMs: number, sweep?: () => Promise<void>) {
  await until(
    async () => {
      await sweep?.()
      const status = await crowd.status()
      return status.live + status.loggedOut + status.neverLoggedIn === status.clients
    },
    COME_BACK_TIMEOUT_MS,
    everyMs,
  )
}

async function restartCase(): Promise<Outcome> {
  const port = await freePort()
  const config = { host: '127.0.0.1', port, apps: [appConfig()], registry: { kind: 'memory' } }
  let node: BenchNode = await startNode(config)
  await awaitReady(node)
  const users = userIDs('s1u')
  const crowd = await startCrowd({
    url: node.wsUrl,
    userIDs: users,
    processes: PROCESSES,
    addresses: ADDRESSES,
    concurrency: 50,
  })
  const before = await crowd.status()
  console.log(
    `case 1: ${before.live}/${CLIENTS} logged in within ${(before.loginMs / 1000).toFixed(1)} s` +
      (before.loginFailures.length ? `; failures e.g. ${before.loginFailures[0]}` : ''),
  )
  const at = Date.now()
  await crowd.mark(at)
  await node.kill()
  node = await startNode(config)
  console.log(
    `case 1: node restarted on port ${port} ${((Date.now() - at) / 1000).toFixed(2)} s after the kill`,
  )
  await awaitReturn(crowd, 500)
  const status = await crowd.status()
  const stats = await node.stats()
  const { overLimit, offline } = await sweepOnline(node.httpUrl, users)
  crowd.stop()
  await node.drain()
  return {
    name: 'Case 1: one node (memory registry) killed and restarted on the same port',
    expectResume: false,
    crowd: status,
    node: stats,
    overLimitSeen: overLimit,
    // Users whose client never logged in at the start are offline for a reason of their own.
    offlineAtEnd: offline - status.neverLoggedIn,
    restSweeps: 1,
  }
}

async function drainCase(): Promise<Outcome> {
  const redis = await startTestRedis()
  try {
    const config = (nodeId: string) => ({
      host: '127.0.0.1',
      port: 0,
      apps: [appConfig()],
      registry: { kind: 'redis', url: redis.url, nodeId },
    })
    const nodeA = await startNode(config('storm-a'))
    const nodeB = await startNode(config('storm-b'))
    await Promise.all([awaitReady(nodeA), awaitReady(nodeB)])
    const balancers = [0, 1].map(() => forkScript(new URL('./storm/balancer.ts', import.meta.url)))
    const ports = await Promise.all(
      balancers.map(async (balancer) => {
        const answer = await ask<BalancerRequest, BalancerAnswer>(balancer, {
          op: 'start',
          backends: [nodeA.port, nodeB.port],
        })
        return (answer as { port: number }).port
      }),
    )
    const users = userIDs('s2u')
    const crowd = await startCrowd({
      url: ports.map((port) => `ws://127.0.0.1:${port}/ws`),
      userIDs: users,
      processes: PROCESSES,
      addresses: ADDRESSES,
      concurrency: 50,
    })
    const before = await crowd.status()
    for (const balancer of balancers) {
      const counts = await ask<BalancerRequest, BalancerAnswer>(balancer, { op: 'counts' })
      console.log(`case 2: balancer ${JSON.stringify(counts)}`)
    }
    console.log(
      `case 2: ${before.live}/${CLIENTS} logged in through the balancer within ${(before.loginMs / 1000).toFixed(1)} s` +
        (before.loginFailures.length ? `; failures e.g. ${before.loginFailures[0]}` : ''),
    )
    let overLimitSeen = 0
    let restSweeps = 0
    const sweep = async () => {
      const { overLimit } = await sweepOnline(nodeB.httpUrl, users)
      overLimitSeen = Math.max(overLimitSeen, overLimit)
      restSweeps++
    }
    await nodeB.resetStats()
    const at = Date.now()
    await crowd.mark(at)
    const exitCode = await nodeA.drain()
    console.log(`case 2: node A drained, exit code ${exitCode}`)
    await awaitReturn(crowd, 1000, sweep)
    await sweep()
    const status = await crowd.status()
    const stats = await nodeB.stats()
    const { offline } = await sweepOnline(nodeB.httpUrl, users)
    crowd.stop()
    for (const balancer of balancers) balancer.kill()
    await nodeB.drain()
    return {
      name: 'Case 2: two nodes on Redis behind a balancer, node A drained (SIGTERM)',
      expectResume: true,
      crowd: status,
      node: stats,
      overLimitSeen,
      offlineAtEnd: offline - status.neverLoggedIn,
      restSweeps,
    }
  } finally {
    await redis.stop()
  }
}

console.log(
  `storm: ${CLIENTS} clients in ${PROCESSES} processes over ${ADDRESSES.length} loopback addresses`,
)
const outcomes = [
  ...(values.case === '2' ? [] : [await restartCase()]),
  ...(values.case === '1' ? [] : [await drainCase()]),
]
for (const outcome of outcomes) report(outcome)
const failed = outcomes.some(
  (o) =>
    o.crowd.kicks > 0 ||
    o.overLimitSeen > 0 ||
    o.crowd.backAfterMs.length < o.crowd.lost ||
    o.crowd.loggedOut > 0 ||
    o.offlineAtEnd > 0 ||
    (o.expectResume && o.crowd.readySinceMark > 0),
)
console.log(
  failed
    ? '\nstorm: FAIL'
    : '\nstorm: every client came back, no wrong kick, no user over the limit',
)
process.exit(failed ? 1 : 0)
