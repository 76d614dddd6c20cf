// `pnpm bench idle`: as many idle logged-in sessions as one node on this machine holds,
// then login throughput and kick latency measured while they are held, beside the same
// figures with none held, in the same run. Prints memory per held session and what set
// the limit. Options: --sessions N (default: as many as the file-descriptor limit allows,
// at most 50,000), --processes N holding clients (default 2).
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'
import { recordFigure } from '../../../.config/benchFigures.js'
import type { BenchApp, ClientAnswer, ClientRequest } from '../../server/bench/benchClient.js'
import { ask, forkScript, median, percentile } from './ipc.js'
import { APP, appConfig, awaitReady, loopbackAddresses, mib, startNode } from './storm/fleet.js'

/** The hard limit of open files a process may raise itself to (RLIMIT_NOFILE). */
const hardFileLimit = Number(spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).stdout)
/** File descriptors the node needs beside its clients' sockets (listeners, pipes, stdio). */
const NODE_FD_HEADROOM = 500

const { values } = parseArgs({
  options: {
    sessions: { type: 'string' },
    processes: { type: 'string', default: '2' },
  },
  allowPositionals: true,
})
const fdCeiling = Number.isFinite(hardFileLimit) ? hardFileLimit - NODE_FD_HEADROOM : 50_000
const SESSIONS = Number(values.sessions ?? Math.min(50_000, fdCeiling))
const PROCESSES = Number(values.processes)
const BURST = { count: 2000, concurrency: 32 }
const KICKS = 500

const app: BenchApp = { sdkAppID: APP.SDKAppID, secretKey: APP.secretKey }
const node = await startNode({
  host: '127.0.0.1',
  port: 0,
  apps: [appConfig()],
  registry: { kind: 'memory' },
  // Every held client comes from 127.0.0.1: lift the per-address and total caps.
  limits: { maxConnections: 60_000, maxConnectionsPerAddress: 60_000 },
})
await awaitReady(node)
const clientScript = new URL('../../server/bench/benchClient.ts', import.meta.url)
const probe = forkScript(clientScript)
let round = 0

async function measure(label: string) {
  const burst = (await ask<ClientRequest, ClientAnswer>(probe, {
    op: 'burst',
    mode: 'login',
    url: node.wsUrl,
    app,
    prefix: `b${round}u`,
    ...BURST,
  })) as { elapsedMs: number; completed: number }
  const kicks = (await ask<ClientRequest, ClientAnswer>(probe, {
    op: 'kicks',
    url: node.wsUrl,
    app,
    prefix: `k${round++}u`,
    count: KICKS,
  })) as { latenciesMs: number[] }
  const loginsPerSec = burst.completed / (burst.elapsedMs / 1000)
  console.log(
    `${label.padEnd(22)} logins ${loginsPerSec.toFixed(0).padStart(5)}/s  kick p50 ${median(
      kicks.latenciesMs,
    ).toFixed(2)} ms  p99 ${percentile(kicks.latenciesMs, 99).toFixed(2)} ms`,
  )
  const key = label === 'none held' ? 'noneHeld' : 'held'
  recordFigure(`${key}.logins`, loginsPerSec, '/s', 'higher')
  recordFigure(`${key}.kick.p50`, median(kicks.latenciesMs), 'ms', 'lower')
  recordFigure(`${key}.kick.p99`, percentile(kicks.latenciesMs, 99), 'ms', 'lower')
  return { loginsPerSec, kickP99: percentile(kicks.latenciesMs, 99) }
}

console.log(
  `idle: target ${SESSIONS} sessions on one node (hard open-file limit ${hardFileLimit} per process)`,
)
const empty = await measure('none held')
const before = await node.memory()

const holders = Array.from({ length: PROCESSES }, () => forkScript(clientScript))
const share = Math.ceil(SESSIONS / PROCESSES)
const started = performance.now()
const holds = (await Promise.all(
  holders.map((holder, i) =>
    ask<ClientRequest, ClientAnswer>(holder, {
      op: 'hold',
      url: node.wsUrl,
      app,
      prefix: `h${i}u`,
      // Held sockets leave from their own addresses, so the probe's new connections from
      // 127.0.0.1 do not search a nearly full ephemeral port range.
      localAddress: loopbackAddresses(PROCESSES)[i],
      count: Math.min(share, SESSIONS - i * share),
      concurrency: 64,
    }),
  ),
)) as { held: number; failed: string[] }[]
const held = holds.reduce((n, h) => n + h.held, 0)
const failures = holds.flatMap((h) => h.failed)
const after = await node.memory()
console.log(
  `held ${held} idle sessions in ${((performance.now() - started) / 1000).toFixed(1)} s` +
    (failures.length ? `; ${failures.length} failed, e.g. ${failures[0]}` : ''),
)
const perSession = (bytes: number) => (bytes / Math.max(1, held) / 1024).toFixed(2)
console.log(
  `memory per held session: rss ${perSession(after.rssBytes - before.rssBytes)} KiB, heap ${perSession(
    after.heapUsedBytes - before.heapUsedBytes,
  )} KiB (node rss ${mib(after.rssBytes)} MiB, ${after.openFds} open fds)`,
)
recordFigure('sessionsHeld', held, '', 'higher')
recordFigure(
  'memory.perSession',
  Number(perSession(after.rssBytes - before.rssBytes)),
  'KiB',
  'lower',
)
const loaded = await measure(`${held} held`)
console.log(
  `while held / none held: login throughput ${(loaded.loginsPerSec / empty.loginsPerSec).toFixed(
    2,
  )}, kick p99 ${(loaded.kickP99 / empty.kickP99).toFixed(2)}`,
)
const limitedBy =
  SESSIONS >= fdCeiling
    ? `the hard open-file limit (${hardFileLimit} per process, not raisable here): the node needs one descriptor per session`
    : 'the --sessions option'
console.log(`limit: ${limitedBy}`)

for (const holder of [...holders, probe]) holder.kill()
await node.drain()
process.exit(held >= SESSIONS * 0.99 ? 0 : 1)
