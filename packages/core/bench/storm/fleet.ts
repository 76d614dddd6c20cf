// What the storm, soak and idle benches share: login server nodes and client crowds in
// their own processes, the loopback source addresses, and a REST sweep that
// counts users online above their limit.
import type { ChildProcess } from 'node:child_process'
import { createAdminClient } from '@chatgate/server'
import { ask, forkScript } from '../ipc.js'
import type { CrowdApp, CrowdRequest, CrowdStatus } from './stormClients.js'
import type { NodeAnswer, NodeMemory, NodeRequest, NodeStats } from './stormNode.js'

export const APP: CrowdApp = {
  SDKAppID: 1400000001,
  secretKey: 'storm-bench-secret-key-0123456789',
}

/** The app as every bench node serves it: one web instance per user, any platforms. */
export function appConfig(sessionGraceSeconds = 60) {
  return {
    SDKAppID: APP.SDKAppID,
    secretKey: APP.secretKey,
    login: { policy: 'all', maxInstances: { web: 1 } },
    sessionGraceSeconds,
  }
}

/** `count` loopback source addresses, 127.0.0.2 upwards. */
export function loopbackAddresses(count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `127.0.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}`,
  )
}

export interface BenchNode {
  child: ChildProcess
  port: number
  wsUrl: string
  httpUrl: string
  stats(): Promise<NodeStats>
  memory(): Promise<NodeMemory>
  resetStats(): Promise<void>
  /** SIGKILL: the process and every session it held in memory are gone at once. */
  kill(): Promise<void>
  /** SIGTERM: the node closes its sockets with 1001 and exits 0. Resolves with the exit code. */
  drain(): Promise<number | null>
}

export async function startNode(config: Record<string, unknown>): Promise<BenchNode> {
  const child = forkScript(new URL('./stormNode.ts', import.meta.url))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const answer = (await ask<NodeRequest, NodeAnswer>(child, { op: 'start', config })) as {
    port: number
    url: string
  }
  const httpUrl = answer.url.replace(/^ws/, 'http').replace(/\/ws$/, '')
  return {
    child,
    port: answer.port,
    wsUrl: answer.url,
    httpUrl,
    stats: () => ask<NodeRequest, NodeStats>(child, { op: 'stats' }),
    memory: () => ask<NodeRequest, NodeMemory>(child, { op: 'memory' }),
    resetStats: async () => {
      await ask(child, { op: 'resetStats' })
    },
    kill: async () => {
      child.kill('SIGKILL')
      await exited
    },
    drain: async () => {
      child.kill('SIGTERM')
      return exited
    },
  }
}

export interface Crowd {
  status(): Promise<CrowdStatus>
  mark(at: number): Promise<void>
  stop(): void
}

/**
 * `userIDs` logged in through `processes` client processes, each client bound to one of
 * `addresses` (round robin), `concurrency` logins in flight per process.
 */
export async function startCrowd(options: {
  /** One URL, or several: client process i connects to `url[i % url.length]`. */
  url: string | string[]
  userIDs: string[]
  processes: number
  addresses: string[]
  concurrency: number
}): Promise<Crowd> {
  const { userIDs, processes, addresses, concurrency } = options
  const urls = [options.url].flat()
  const children = Array.from({ length: processes }, () =>
    forkScript(new URL('./stormClients.ts', import.meta.url)),
  )
  const share = Math.ceil(userIDs.length / processes)
  await Promise.all(
    children.map((child, i) =>
      ask<CrowdRequest, CrowdStatus>(child, {
        op: 'start',
        url: urls[i % urls.length]!,
        app: APP,
        userIDs: userIDs.slice(i * share, (i + 1) * share),
        localAddresses: addresses,
        concurrency,
      }),
    ),
  )
  return {
    status: async () =>
      mergeStatus(
        await Promise.all(children.map((c) => ask<CrowdRequest, CrowdStatus>(c, { op: 'status' }))),
      ),
    mark: async (at) => {
      await Promise.all(children.map((c) => ask(c, { op: 'mark', at })))
    },
    stop: () => {
      for (const child of children) child.kill('SIGKILL')
    },
  }
}

function mergeStatus(parts: CrowdStatus[]): CrowdStatus {
  const merged: CrowdStatus = {
    clients: 0,
    live: 0,
    lost: 0,
    backAfterMs: [],
    readySinceMark: 0,
    kicks: 0,
    loggedOut: 0,
    neverLoggedIn: 0,
    errors: {},
    socketErrors: {},
    loginFailures: [],
    loginMs: 0,
  }
  for (const part of parts) {
    merged.clients += part.clients
    merged.live += part.live
    merged.lost += part.lost
    merged.backAfterMs.push(...part.backAfterMs)
    merged.readySinceMark += part.readySinceMark
    merged.kicks += part.kicks
    merged.loggedOut += part.loggedOut
    merged.neverLoggedIn += part.neverLoggedIn
    for (const [code, count] of Object.entries(part.errors)) {
      merged.errors[code] = (merged.errors[code] ?? 0) + count
    }
    for (const [message, count] of Object.entries(part.socketErrors)) {
      merged.socketErrors[message] = (merged.socketErrors[message] ?? 0) + count
    }
    merged.loginFailures.push(...part.loginFailures)
    merged.loginMs = Math.max(merged.loginMs, part.loginMs)
  }
  return merged
}

/**
 * Asks the node's admin REST for every user's online status (500 a call) and returns how
 * many users show more web instances than `limit`, and how many show none.
 */
export async function sweepOnline(
  httpUrl: string,
  userIDs: string[],
  limit = 1,
): Promise<{ overLimit: number; offline: number }> {
  const admin = createAdminClient({
    url: httpUrl,
    sdkAppID: APP.SDKAppID,
    identifier: 'administrator',
    secretKey: APP.secretKey,
  })
  let overLimit = 0
  let offline = 0
  for (let i = 0; i < userIDs.length; i += 500) {
    const answer = await admin.queryOnlineStatus(userIDs.slice(i, i + 500))
    for (const entry of answer.QueryResult ?? []) {
      const instances = entry.Detail?.length ?? 0
      if (instances > limit) overLimit++
      if (instances === 0) offline++
    }
  }
  return { overLimit, offline }
}

/** Resolves once the node's `/readyz` answers 200: it would admit a login now. */
export async function awaitReady(node: BenchNode, timeoutMs = 30_000): Promise<void> {
  const ready = await until(
    async () => (await fetch(`${node.httpUrl}/readyz`).catch(() => undefined))?.status === 200,
    timeoutMs,
    100,
  )
  if (!ready) throw new Error(`${node.httpUrl} did not become ready within ${timeoutMs} ms`)
}

export function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  return new Promise((resolve) => {
    const tick = async () => {
      if (await check()) return resolve(true)
      if (Date.now() > deadline) return resolve(false)
      setTimeout(tick, everyMs)
    }
    void tick()
  })
}

export const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
