// The login server's budgets (design.md), on loopback, with the client side in its own
// process and each server in a fresh process:
// - connect + login throughput vs a bare `ws` server doing handshake + one echo (≥ 0.7×);
// - server CPU per frame of a logged-in client (pings);
// - p50 / p99 connect-to-ready at a fixed 500 logins/s (p99 ≤ 5 ms);
// - p50 / p99 kick propagation, new login's send → old client's kick (p99 ≤ 2 ms);
// - process memory per idle logged-in connection at 10,000 connections (≤ 10 KiB), each
//   login naming a device label of the longest length allowed (64 characters);
// - server RSS while one logged-in client floods requests and never reads (rule 21): with
//   the send cap it stays flat; the same flood with the cap lifted shows what it holds back;
// - server RSS under one address's abuse (rule 34): a fragment flood from 200 connections,
//   and 20 clients that never read, at the send cap.
import type { ChildProcess } from 'node:child_process'
import { parseArgs } from 'node:util'
import { MAX_DEVICE_LENGTH } from '@chatgate/protocol'
import { recordFigure } from '../../../.config/benchFigures.js'
import { abuseSection } from './abuse.js'
import type { ClientAnswer, ClientRequest } from './benchClient.js'
import { APP, CONFIG } from './benchConfig.js'
import type { ServerAnswer, ServerKind, ServerRequest } from './benchServer.js'
import { churnSection } from './churn.js'
import { ask, forkScript, median, percentile } from './ipc.js'

const BURST = { count: 2000, concurrency: 32, rounds: 3 }
const PACED = { rate: 500, count: 2500 }
const KICKS = 1000
const FRAMES = 100_000
const HOLD = 10_000
const FLOOD = { rounds: 4, megabytesPerRound: 8 }
/** Lifts the request rate (to its schema's maximum) so only the send cap stands in the way. */
const NO_RATE_LIMIT = { requestsPerSecond: 100_000, requestBurst: 100_000 }

const client = forkScript(new URL('./benchClient.ts', import.meta.url))
const toClient = (request: ClientRequest) => ask<ClientRequest, ClientAnswer>(client, request)

async function withServer<T>(
  kind: ServerKind,
  run: (server: ChildProcess, url: string) => Promise<T>,
  config: object = CONFIG,
): Promise<T> {
  const server = forkScript(new URL('./benchServer.ts', import.meta.url))
  const toServer = (request: ServerRequest) => ask<ServerRequest, ServerAnswer>(server, request)
  const { port } = (await toServer({ op: 'start', kind, config })) as { port: number }
  const url = kind === 'chatgate' ? `ws://127.0.0.1:${port}/ws` : `ws://127.0.0.1:${port}`
  try {
    return await run(server, url)
  } finally {
    await toServer({ op: 'stop' })
  }
}

const fmt = (n: number, digits = 2) => n.toFixed(digits)
const spread = (values: number[]) =>
  `p50 ${fmt(percentile(values, 50))} ms, p99 ${fmt(percentile(values, 99))} ms, max ${fmt(Math.max(...values))} ms`
/** Connections reset or timed out are left out of the figures, and said so. */
const failures = (failed: string[]) => {
  if (failed.length === 0) return ''
  const kinds = [...new Set(failed)].slice(0, 3).join('; ')
  return ` [${failed.length} connections failed: ${kinds}]`
}
/** p50 and p99 of a latency and of its floor, and the p99 ratio the budgets speak of. */
function recordLatencies(name: string, latenciesMs: number[], floorMs: number[]): void {
  recordFigure(`${name}.p50`, percentile(latenciesMs, 50), 'ms', 'lower')
  recordFigure(`${name}.p99`, percentile(latenciesMs, 99), 'ms', 'lower')
  recordFigure(`${name}.floor.p50`, percentile(floorMs, 50), 'ms', 'lower')
  recordFigure(`${name}.floor.p99`, percentile(floorMs, 99), 'ms', 'lower')
  recordFigure(
    `${name}.p99/floor`,
    percentile(latenciesMs, 99) / percentile(floorMs, 99),
    '×',
    'lower',
  )
}
const failedTotal: string[] = []
let prefixCounter = 0
const prefix = () => `b${prefixCounter++}u`

interface BurstFigures {
  /** Completed connections per second, as the client saw them. */
  rate: number
  /** Server CPU time (user + system) per completed connection, µs: steadier than the rate on a busy machine. */
  cpuMicros: number
}

async function burst(kind: 'chatgate' | 'bare'): Promise<BurstFigures> {
  return withServer(kind, async (server, url) => {
    const cpu = async () =>
      ((await ask<ServerRequest, ServerAnswer>(server, { op: 'cpu' })) as { cpuMicros: number })
        .cpuMicros
    const mode = kind === 'chatgate' ? 'login' : 'echo'
    // Warm-up (JIT, socket buffers) before the measured run.
    await toClient({
      op: 'burst',
      mode,
      url,
      count: 300,
      concurrency: BURST.concurrency,
      app: APP,
      prefix: prefix(),
    })
    const cpuBefore = await cpu()
    const answer = (await toClient({
      op: 'burst',
      mode,
      url,
      count: BURST.count,
      concurrency: BURST.concurrency,
      app: APP,
      prefix: prefix(),
    })) as {
      elapsedMs: number
      completed: number
      failed: string[]
    }
    const cpuUsed = (await cpu()) - cpuBefore
    failedTotal.push(...answer.failed)
    return {
      rate: (answer.completed * 1000) / answer.elapsedMs,
      cpuMicros: cpuUsed / answer.completed,
    }
  })
}

interface FloodFigures {
  rssMiB: number[]
  sentMiB: number
  /** Server-side closes of the flooding connection, by close code. */
  closedWith: string
}

/** One logged-in client that never reads floods the server; RSS after each round. */
async function slowReader(limits: object): Promise<FloodFigures> {
  return withServer(
    'chatgate',
    async (server, url) => {
      const rss = async () =>
        ((await ask<ServerRequest, ServerAnswer>(server, { op: 'memory' })) as { rss: number })
          .rss /
        2 ** 20
      const rssMiB = [await rss()]
      let sent = 0
      for (let round = 0; round < FLOOD.rounds; round++) {
        const answer = (await toClient({
          op: 'flood',
          url,
          app: APP,
          userID: 'flooder',
          megabytes: FLOOD.megabytesPerRound,
        })) as { sentBytes: number; open: boolean }
        sent += answer.sentBytes
        rssMiB.push(await rss())
        if (!answer.open) break
      }
      await toClient({ op: 'endFlood' })
      const metricsUrl = url.replace(/^ws:/, 'http:').replace(/\/ws$/, '/metrics')
      const text = await (await fetch(metricsUrl)).text()
      const closes = [
        ...text.matchAll(/^chatgate_connection_closes_total\{code="(\d+)"\} (\d+)$/gm),
      ]
      const closedWith = closes.map(([, code, n]) => `${code}×${n}`).join(', ') || 'not closed'
      return { rssMiB, sentMiB: sent / 2 ** 20, closedWith }
    },
    { ...CONFIG, limits: { ...CONFIG.limits, ...limits } },
  )
}

function printFlood(label: string, figures: FloodFigures): void {
  const series = figures.rssMiB.map((mib) => fmt(mib, 1)).join(' → ')
  const growth = Math.max(...figures.rssMiB) - figures.rssMiB[0]!
  console.log(
    `  ${label}: RSS ${series} MiB (+${fmt(growth, 1)} MiB at most) after ${fmt(figures.sentMiB, 1)} MiB of requests; server closed it: ${figures.closedWith}`,
  )
  recordFigure(`flood.rssGrowth (${label.split(/ \(|,/)[0]})`, growth, 'MiB', 'lower')
}

async function throughputSection(): Promise<void> {
  console.log(
    `connect + login throughput (${BURST.count} per round, ${BURST.concurrency} in flight, ${BURST.rounds} alternating rounds)`,
  )
  const bare: number[] = []
  const chatgate: number[] = []
  const ratios: number[] = []
  const cpuRatios: number[] = []
  const cpu = { bare: [] as number[], chatgate: [] as number[] }
  for (let round = 0; round < BURST.rounds; round++) {
    const bareRun = await burst('bare')
    const chatgateRun = await burst('chatgate')
    const b = bareRun.rate
    const c = chatgateRun.rate
    bare.push(b)
    chatgate.push(c)
    ratios.push(c / b)
    cpu.bare.push(bareRun.cpuMicros)
    cpu.chatgate.push(chatgateRun.cpuMicros)
    cpuRatios.push(bareRun.cpuMicros / chatgateRun.cpuMicros)
    console.log(
      `  round ${round + 1}: bare ws handshake+echo ${fmt(b, 0)}/s, chatgate connect+login ${fmt(c, 0)}/s, ratio ${fmt(c / b)}; server CPU per connection bare ${fmt(bareRun.cpuMicros, 0)} µs, chatgate ${fmt(chatgateRun.cpuMicros, 0)} µs${failures(failedTotal.splice(0))}`,
    )
  }
  const ratio = median(ratios)
  console.log(
    `  median: bare ${fmt(median(bare), 0)}/s, chatgate ${fmt(median(chatgate), 0)}/s, ratio ${fmt(ratio)} (budget ≥ 0.70) ${ratio >= 0.7 ? 'OK' : 'OVER BUDGET'}`,
  )
  recordFigure('throughput.bare', median(bare), '/s', 'higher')
  recordFigure('throughput.chatgate', median(chatgate), '/s', 'higher')
  recordFigure('throughput.ratio', ratio, '×', 'higher')

  console.log(
    `  server CPU per connection (median): bare ${fmt(median(cpu.bare), 0)} µs, chatgate ${fmt(median(cpu.chatgate), 0)} µs; capacity ratio bare/chatgate CPU ${fmt(median(cpuRatios))}`,
  )
  recordFigure('cpu.bare', median(cpu.bare), 'µs', 'lower')
  recordFigure('cpu.chatgate', median(cpu.chatgate), 'µs', 'lower')
  recordFigure('cpu.capacityRatio', median(cpuRatios), '×', 'higher')
}

async function latencySection(): Promise<void> {
  // Latencies, each beside the same measurement against the `relay` floor (bare ws doing
  // the same message pattern with no checks), so machine noise can be told from ours.
  type Latencies = { latenciesMs: number[]; failed: string[] }
  const pacedOn = (kind: ServerKind) =>
    withServer(kind, async (_server, url) => {
      await toClient({ op: 'paced', url, rate: PACED.rate, count: 250, app: APP, prefix: prefix() })
      const run = { op: 'paced', url, rate: PACED.rate, count: PACED.count, app: APP } as const
      return (await toClient({ ...run, prefix: prefix() })) as Latencies
    })
  const pacedFloor = await pacedOn('relay')
  const paced = await pacedOn('chatgate')
  const p99 = percentile(paced.latenciesMs, 99)
  console.log(`connect-to-ready at ${PACED.rate} logins/s (${PACED.count} logins, open-loop):`)
  console.log(
    `  chatgate: ${spread(paced.latenciesMs)} (budget p99 ≤ 5 ms) ${p99 <= 5 ? 'OK' : 'OVER BUDGET'}${failures(paced.failed)}`,
  )
  console.log(`  relay floor: ${spread(pacedFloor.latenciesMs)}${failures(pacedFloor.failed)}`)
  recordLatencies('ready', paced.latenciesMs, pacedFloor.latenciesMs)

  const kicksOn = (kind: ServerKind) =>
    withServer(kind, async (_server, url) => {
      await toClient({ op: 'kicks', url, count: 100, app: APP, prefix: prefix() })
      const run = { op: 'kicks', url, count: KICKS, app: APP } as const
      return (await toClient({ ...run, prefix: prefix() })) as Latencies
    })
  const kicksFloor = await kicksOn('relay')
  const kicks = await kicksOn('chatgate')
  const kickP99 = percentile(kicks.latenciesMs, 99)
  console.log(`kick propagation, new login sent → old client kicked (${KICKS} kicks):`)
  console.log(
    `  chatgate: ${spread(kicks.latenciesMs)} (budget p99 ≤ 2 ms) ${kickP99 <= 2 ? 'OK' : 'OVER BUDGET'}${failures(kicks.failed)}`,
  )
  console.log(`  relay floor: ${spread(kicksFloor.latenciesMs)}${failures(kicksFloor.failed)}`)
  recordLatencies('kick', kicks.latenciesMs, kicksFloor.latenciesMs)
}

/** Memory per idle logged-in connection at HOLD connections. */
async function idleSection(): Promise<void> {
  await withServer('chatgate', async (server, url) => {
    const toServer = (request: ServerRequest) => ask<ServerRequest, ServerAnswer>(server, request)
    // Warm the code paths with a few logins first, so the baseline includes compiled code.
    await toClient({
      op: 'hold',
      url,
      count: 200,
      concurrency: 50,
      app: APP,
      prefix: prefix(),
      deviceLength: MAX_DEVICE_LENGTH,
    })
    await toClient({ op: 'release' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    const before = (await toServer({ op: 'memory' })) as {
      rss: number
      heapUsed: number
      external: number
    }
    const { held, failed } = (await toClient({
      op: 'hold',
      url,
      count: HOLD,
      concurrency: 100,
      app: APP,
      prefix: prefix(),
      // The longest label a login may name: the budget holds with the session list's data.
      deviceLength: MAX_DEVICE_LENGTH,
    })) as {
      held: number
      failed: string[]
    }
    const after = (await toServer({ op: 'memory' })) as {
      rss: number
      heapUsed: number
      external: number
    }
    const perConn = (after.rss - before.rss) / held / 1024
    const heapPer = (after.heapUsed - before.heapUsed) / held / 1024
    console.log(
      `memory per idle logged-in connection at ${held} connections with ${MAX_DEVICE_LENGTH}-character device labels: ${fmt(perConn)} KiB RSS (heap ${fmt(heapPer)} KiB; RSS ${fmt(before.rss / 2 ** 20, 1)} → ${fmt(after.rss / 2 ** 20, 1)} MiB) (budget ≤ 10 KiB) ${perConn <= 10 ? 'OK' : 'OVER BUDGET'}${failures(failed)}`,
    )
    recordFigure('memory.perConnection', perConn, 'KiB', 'lower')
    await toClient({ op: 'release' })
  })
}

async function slowReaderSection(): Promise<void> {
  console.log(
    `one logged-in client that never reads, sending ~30-byte unknown-op frames in ${FLOOD.megabytesPerRound} MiB rounds (server RSS before and after each round):`,
  )
  printFlood('default limits (rate limit first)', await slowReader({}))
  printFlood(
    'send cap 256 KiB, no rate limit',
    await slowReader({ ...NO_RATE_LIMIT, sendBufferBytes: 262_144 }),
  )
  printFlood(
    'cap lifted to 1 GiB, no rate limit (what the cap holds back)',
    await slowReader({ ...NO_RATE_LIMIT, sendBufferBytes: 2 ** 30 }),
  )
}

/** Server CPU per frame: one logged-in client's pings, the request rate lifted, in rounds. */
async function framesSection(): Promise<void> {
  const rounds: number[] = []
  await withServer(
    'chatgate',
    async (server, url) => {
      const cpu = async () =>
        ((await ask<ServerRequest, ServerAnswer>(server, { op: 'cpu' })) as { cpuMicros: number })
          .cpuMicros
      await toClient({ op: 'pings', url, count: 20_000, app: APP, prefix: prefix() })
      for (let round = 0; round < 5; round++) {
        const before = await cpu()
        await toClient({ op: 'pings', url, count: FRAMES, app: APP, prefix: prefix() })
        rounds.push((((await cpu()) - before) * 1000) / FRAMES)
      }
    },
    { ...CONFIG, limits: { ...CONFIG.limits, ...NO_RATE_LIMIT } },
  )
  console.log(
    `server CPU per ping frame (${FRAMES} per round, 500 in flight, 5 rounds): ${rounds.map((ns) => fmt(ns, 0)).join(', ')} ns; median ${fmt(median(rounds), 0)} ns`,
  )
  recordFigure('frames.cpu', median(rounds), 'ns', 'lower')
}

const SECTIONS = {
  throughput: throughputSection,
  frames: framesSection,
  latency: latencySection,
  idle: idleSection,
  'slow-reader': slowReaderSection,
  abuse: () => abuseSection({ app: APP, config: CONFIG, toClient, withServer }),
  churn: churnSection,
}

/** `pnpm bench server -- --only abuse,churn` runs those sections alone; every one by default. */
async function main(): Promise<void> {
  const { only } = parseArgs({ options: { only: { type: 'string' } } }).values
  const names = only?.split(',') ?? Object.keys(SECTIONS)
  const unknown = names.filter((name) => !(name in SECTIONS))
  if (unknown.length > 0) {
    throw new Error(`--only takes ${Object.keys(SECTIONS).join(', ')}; not ${unknown.join(', ')}`)
  }
  for (const name of names) await SECTIONS[name as keyof typeof SECTIONS]()
}

main()
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(() => client.kill())
