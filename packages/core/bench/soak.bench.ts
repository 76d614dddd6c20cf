// `pnpm bench soak -- --minutes N`: clients churning against one node for N minutes (log
// in, hold, log out, get kicked, drop and resume, destroy), while the node's RSS, heap
// (after a full GC), open file descriptors, sessions and connections are sampled. When
// the churn stops and every client has left, each must return to its baseline: file
// descriptors, sessions and connections exactly; the heap within 25 % of a warm baseline
// (taken after a 20 s warm-up churn has left, so compiled code and the bounded per-user
// records — tombstones, login-rate buckets — are already there).
// Options: --minutes N (default 1), --actors N per process (default 150), --processes N
// (default 2).
import { parseArgs } from 'node:util'
import { recordFigure } from '../../../.config/benchFigures.js'
import { ask, forkScript } from './ipc.js'
import type { ChurnCounts, ChurnRequest } from './storm/churnClients.js'
import {
  APP,
  appConfig,
  awaitReady,
  loopbackAddresses,
  mib,
  startNode,
  until,
} from './storm/fleet.js'
import type { NodeMemory } from './storm/stormNode.js'

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    actors: { type: 'string', default: '150' },
    processes: { type: 'string', default: '2' },
  },
  allowPositionals: true,
})
const MINUTES = Number(values.minutes)
const ACTORS = Number(values.actors)
const PROCESSES = Number(values.processes)
/** Sessions dropped without a logout keep their slot this long (short, so the end is quick). */
const GRACE_SECONDS = 5
const SAMPLES = 10

const WARM_UP_MS = 20_000

const node = await startNode({
  host: '127.0.0.1',
  port: 0,
  apps: [appConfig(GRACE_SECONDS)],
  registry: { kind: 'memory' },
})
await awaitReady(node)
const cold = await node.memory()

const row = (label: string, m: NodeMemory) =>
  console.log(
    `${label.padEnd(10)} rss ${mib(m.rssBytes).padStart(7)} MiB  heap ${mib(
      m.heapUsedBytes,
    ).padStart(6)} MiB  fds ${String(m.openFds).padStart(5)}  sessions ${String(
      m.sessionsAttached + m.sessionsDetached,
    ).padStart(5)}  connections ${String(m.connections).padStart(5)}`,
  )

console.log(
  `soak: ${MINUTES} min, ${ACTORS * PROCESSES} churning clients over ${ACTORS * PROCESSES} users, grace ${GRACE_SECONDS} s`,
)
row('cold', cold)

/** Starts the churn in fresh client processes; `stop` ends it and returns the counts. */
async function churn(): Promise<() => Promise<ChurnCounts[]>> {
  const children = Array.from({ length: PROCESSES }, () =>
    forkScript(new URL('./storm/churnClients.ts', import.meta.url)),
  )
  await Promise.all(
    children.map((child, i) =>
      ask<ChurnRequest, { ok: true }>(child, {
        op: 'start',
        url: node.wsUrl,
        app: APP,
        actors: ACTORS,
        userPrefix: 'soak',
        users: ACTORS * PROCESSES,
        localAddresses: loopbackAddresses(16).slice(i * 8, i * 8 + 8),
      }),
    ),
  )
  return async () => {
    const counts = await Promise.all(
      children.map((child) => ask<ChurnRequest, ChurnCounts>(child, { op: 'stop' })),
    )
    for (const child of children) child.kill()
    return counts
  }
}

/** Once every client has left: waits out the grace period and the sweep. */
async function settled(): Promise<NodeMemory> {
  let memory = await node.memory()
  await until(
    async () => {
      memory = await node.memory()
      return memory.sessionsAttached + memory.sessionsDetached === 0 && memory.connections === 0
    },
    (GRACE_SECONDS + 10) * 1000,
    1000,
  )
  return memory
}

const stopWarmUp = await churn()
await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS))
await stopWarmUp()
const baseline = await settled()
row('warm', baseline)

const stopChurn = await churn()

const started = Date.now()
const every = (MINUTES * 60_000) / SAMPLES
const during: NodeMemory[] = []
for (let i = 1; i <= SAMPLES; i++) {
  await new Promise((resolve) => setTimeout(resolve, started + i * every - Date.now()))
  const sample = await node.memory()
  during.push(sample)
  row(`${((Date.now() - started) / 60_000).toFixed(1)} min`, sample)
}

const totals = await stopChurn()
const sum = (key: 'logins' | 'logouts' | 'destroys' | 'resumes' | 'kicks') =>
  totals.reduce((n, t) => n + t[key], 0)
const failed: Record<string, number> = {}
for (const t of totals) {
  for (const [code, n] of Object.entries(t.failed)) failed[code] = (failed[code] ?? 0) + n
}
console.log(
  `churn: ${sum('logins')} logins, ${sum('logouts')} logouts, ${sum('destroys')} destroys, ${sum(
    'resumes',
  )} drop-and-resumes, ${sum('kicks')} kicks, failed steps by code ${JSON.stringify(failed)}`,
)

const after = await settled()
row('after', after)
const peakHeap = Math.max(...during.map((m) => m.heapUsedBytes))
const heapRatio = after.heapUsedBytes / baseline.heapUsedBytes
const checks = {
  heap: heapRatio <= 1.25,
  fds: after.openFds === baseline.openFds,
  sessions: after.sessionsAttached + after.sessionsDetached === 0,
  connections: after.connections === 0,
}
console.log(
  `heap after / warm ${heapRatio.toFixed(3)} (peak during ${mib(peakHeap)} MiB); rss after / warm ${(
    after.rssBytes / baseline.rssBytes
  ).toFixed(2)}`,
)
recordFigure('heap.afterPerWarm', heapRatio, '×', 'lower')
recordFigure('rss.afterPerWarm', after.rssBytes / baseline.rssBytes, '×', 'lower')
console.log(
  `back to baseline: ${Object.entries(checks)
    .map(([name, ok]) => `${name} ${ok ? 'ok' : 'FAIL'}`)
    .join(', ')}`,
)
await node.drain()
process.exit(Object.values(checks).every(Boolean) ? 0 : 1)
