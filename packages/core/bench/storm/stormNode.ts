// One login server node for the storm, soak and idle benches, in its own process so the
// bench can kill it (SIGKILL), drain it (SIGTERM → close 1001, exit 0) or restart it on
// the same port. It watches itself the way an operator's dashboard would: connections
// accepted and logins per second (peak over any one-second window), event-loop delay,
// RSS, heap and open file descriptors.
import diagnostics from 'node:diagnostics_channel'
import { readdirSync } from 'node:fs'
import { get } from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { startServer } from '@chatgate/server'
import { serve } from '../ipc.js'

export type NodeRequest =
  | { op: 'start'; config: unknown }
  /** Forgets the peaks and the delay histogram: the next `stats` covers only what follows. */
  | { op: 'resetStats' }
  | { op: 'stats' }
  /** Runs a full garbage collection first, so heap figures compare across samples. */
  | { op: 'memory' }

export interface NodeStats {
  accepted: number
  logins: number
  /** Most connections accepted within any one second since the last reset. */
  peakAcceptedPerSec: number
  peakLoginsPerSec: number
  eventLoopDelayP99Ms: number
  eventLoopDelayMaxMs: number
  peakRssBytes: number
}

export interface NodeMemory {
  rssBytes: number
  heapUsedBytes: number
  openFds: number
  sessionsAttached: number
  sessionsDetached: number
  connections: number
}

export type NodeAnswer = { port: number; url: string } | NodeStats | NodeMemory | { ok: true }

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

let accepted = 0
diagnostics.subscribe('net.server.socket', () => {
  accepted++
})

const delay = monitorEventLoopDelay({ resolution: 5 })
delay.enable()

let httpUrl = ''
let close: (() => Promise<void>) | undefined

/**
 * Counter values parsed out of the node's own `/metrics` text. A fresh connection each
 * time (no keep-alive pool), so the node's open file descriptors are its clients' alone.
 */
async function readMetrics(): Promise<Map<string, number>> {
  const text = await new Promise<string>((resolve, reject) => {
    get(`${httpUrl}/metrics`, { agent: false }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        body += chunk
      })
      response.on('end', () => resolve(body))
    }).once('error', reject)
  })
  const values = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue
    const space = line.lastIndexOf(' ')
    values.set(line.slice(0, space), Number(line.slice(space + 1)))
  }
  return values
}

const sum = (values: Map<string, number>, name: string) => {
  let total = 0
  for (const [key, value] of values) if (key === name || key.startsWith(`${name}{`)) total += value
  return total
}

// A sample every 100 ms while the loop is free to take it; a peak rate is the largest
// difference across any window of at least one second, over the samples' real times (a
// loop blocked for a second takes no samples meanwhile).
interface Sample {
  at: number
  accepted: number
  logins: number
}
let samples: Sample[] = []
let peakAccepted = 0
let peakLogins = 0
let peakRss = 0
let logins = 0
let sampling = false

const sampler = setInterval(async () => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss())
  if (!httpUrl || sampling) return
  sampling = true
  try {
    logins = sum(await readMetrics(), 'chatgate_logins_total')
  } catch {
    // The node is closing; the last figures stand.
  } finally {
    sampling = false
  }
  const at = performance.now()
  samples.push({ at, accepted, logins })
  // Keep the newest sample that is at least a second old, and everything after it.
  while (samples.length > 2 && at - samples[1]!.at >= 1000) samples.shift()
  const first = samples[0]!
  const seconds = (at - first.at) / 1000
  if (seconds >= 1) {
    peakAccepted = Math.max(peakAccepted, (accepted - first.accepted) / seconds)
    peakLogins = Math.max(peakLogins, (logins - first.logins) / seconds)
  }
}, 100)
sampler.unref()

function resetStats(): void {
  samples = []
  peakAccepted = 0
  peakLogins = 0
  peakRss = process.memoryUsage.rss()
  delay.reset()
}

function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length
  } catch {
    return Number.NaN
  }
}

serve<NodeRequest, NodeAnswer>(async (request) => {
  switch (request.op) {
    case 'start': {
      const server = await startServer(request.config as Parameters<typeof startServer>[0], {
        logLevel: 'error',
      })
      close = server.close
      httpUrl = server.url
      resetStats()
      return { port: server.port, url: server.wsUrl }
    }
    case 'resetStats':
      resetStats()
      return { ok: true }
    case 'stats':
      return {
        accepted,
        logins,
        peakAcceptedPerSec: peakAccepted,
        peakLoginsPerSec: peakLogins,
        eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
        eventLoopDelayMaxMs: delay.max / 1e6,
        peakRssBytes: peakRss,
      }
    case 'memory': {
      gc()
      const metrics = await readMetrics()
      return {
        rssBytes: process.memoryUsage.rss(),
        heapUsedBytes: process.memoryUsage().heapUsed,
        openFds: openFds(),
        sessionsAttached: metrics.get('chatgate_sessions_online{state="attached"}') ?? 0,
        sessionsDetached: metrics.get('chatgate_sessions_online{state="detached"}') ?? 0,
        connections: metrics.get('chatgate_connections') ?? 0,
      }
    }
    default:
      return request satisfies never
  }
})

// A drain, as an orchestrator would do it: close every socket with 1001, then exit 0.
process.on('SIGTERM', () => {
  void (close?.() ?? Promise.resolve()).then(() => process.exit(0))
})
