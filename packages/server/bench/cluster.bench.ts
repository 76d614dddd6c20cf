// Several nodes through Redis (design.md budgets), every server node in its own process
// and a fresh redis-server on a free loopback port:
// - cross-node kick propagation: new login sent on node A → old client on node B kicked
//   (p99 ≤ 10 ms), beside the same measure on one node, the bare registry path (admit on
//   one registry → owner notice on the other) and a Redis PING round trip (how noisy the
//   machine is right now), all in this run;
// - connect + login throughput with two nodes against one node, same clients, same run.
import type { ChildProcess } from 'node:child_process'
import { signUserSig } from '@chatgate/usersig'
import { Redis } from 'ioredis'
import { WebSocket } from 'ws'
import { recordFigure } from '../../../.config/benchFigures.js'
import type { AppLoginSettings } from '../src/policy/types.js'
import { createRedisRegistry, REDIS_REGISTRY_DEFAULTS } from '../src/registry/redis/registry.js'
import type { OwnerNotice } from '../src/registry/types.js'
import { startTestRedis, type TestRedis } from '../test/helpers/redisServer.js'
import type { ClientAnswer, ClientRequest } from './benchClient.js'
import { APP, CONFIG } from './benchConfig.js'
import type { ServerAnswer, ServerRequest } from './benchServer.js'
import { ask, forkScript, median, percentile } from './ipc.js'

const KICKS = { warmup: 100, count: 1000 }
const REGISTRY_KICKS = { warmup: 200, count: 2000 }
const BURST = { count: 2000, concurrency: 32, rounds: 3 }

const fmt = (n: number, digits = 2) => n.toFixed(digits)
let prefixCounter = 0
const prefix = () => `c${prefixCounter++}u`

interface Node {
  process: ChildProcess
  url: string
}

async function startNode(redis: TestRedis, nodeId: string): Promise<Node> {
  const child = forkScript(new URL('./benchServer.ts', import.meta.url))
  // The single server's app, on Redis, with the default connection limits.
  const config = {
    host: CONFIG.host,
    port: 0,
    apps: CONFIG.apps,
    registry: { kind: 'redis', url: redis.url, nodeId },
  }
  const answer = await ask<ServerRequest, ServerAnswer>(child, {
    op: 'start',
    kind: 'chatgate',
    config,
  })
  return { process: child, url: `ws://127.0.0.1:${(answer as { port: number }).port}/ws` }
}

async function stopNode(node: Node): Promise<void> {
  await ask<ServerRequest, ServerAnswer>(node.process, { op: 'stop' })
}

function loginFrame(userID: string): string {
  const userSig = signUserSig({ ...APP, userID, expireSeconds: 86_400 })
  return JSON.stringify({
    op: 'login',
    seq: 1,
    sdkAppID: APP.sdkAppID,
    userID,
    userSig,
    platform: 'web',
  })
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

function nextMessage(ws: WebSocket): Promise<{ at: number; op: string }> {
  return new Promise((resolve) =>
    ws.once('message', (data) =>
      resolve({ at: performance.now(), op: JSON.parse(data.toString()).op as string }),
    ),
  )
}

/** `count` times: a client logs in on `first`, then the same user on `second`. */
async function kicks(first: string, second: string, count: number): Promise<number[]> {
  const latencies: number[] = []
  for (let i = 0; i < count; i++) {
    const frame = loginFrame(`${prefix()}k`)
    const old = await open(first)
    const ready = nextMessage(old)
    old.send(frame)
    if ((await ready).op !== 'ready') throw new Error('login refused')
    const newer = await open(second)
    const kicked = nextMessage(old)
    const sent = performance.now()
    newer.send(frame)
    const { at, op } = await kicked
    if (op !== 'kicked') throw new Error(`expected a kick, got ${op}`)
    latencies.push(at - sent)
    newer.terminate()
    old.terminate()
  }
  return latencies
}

/** The bare Redis path: admit on registry A → `kick` notice delivered on registry B. */
async function registryKicks(redis: TestRedis, count: number): Promise<number[]> {
  const a = await createRedisRegistry({ url: redis.url, nodeId: 'bench-reg-a', rebuildSettleMs: 0 })
  const b = await createRedisRegistry({ url: redis.url, nodeId: 'bench-reg-b', rebuildSettleMs: 0 })
  const settings: AppLoginSettings = {
    policy: 'all',
    maxInstances: { web: 1, android: 1, iphone: 1, ipad: 1, windows: 1, macos: 1, linux: 1 },
  }
  let waiting: ((notice: OwnerNotice) => void) | undefined
  b.onOwnerNotice((notice) => waiting?.(notice))
  const latencies: number[] = []
  try {
    for (let i = 0; i < count; i++) {
      const userID = `${prefix()}r`
      const session = (nodeId: string, n: number) => ({
        sessionId: `${userID}-${n}`,
        sdkAppID: APP.sdkAppID,
        userID,
        platform: 'web' as const,
        nodeId,
        loginAt: Date.now(),
        publicId: `${userID}-${n}-public`,
        device: '',
        address: '127.0.0.1',
        lastSeenAt: Date.now(),
      })
      await b.admit(session('bench-reg-b', 1), settings)
      const delivered = new Promise<number>((resolve) => {
        waiting = () => resolve(performance.now())
      })
      const started = performance.now()
      await a.admit(session('bench-reg-a', 2), settings)
      latencies.push((await delivered) - started)
    }
  } finally {
    await Promise.all([a.close(), b.close()])
  }
  return latencies
}

/** The machine's noise floor: one Redis PING round trip from this process. */
async function redisPings(redis: TestRedis, count: number): Promise<number[]> {
  const client = new Redis(redis.url)
  const latencies: number[] = []
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now()
      await client.ping()
      latencies.push(performance.now() - started)
    }
  } finally {
    client.disconnect()
  }
  return latencies
}

/** Two client processes, each driving `count / 2` logins at one URL; logins per second. */
async function burst(clients: ChildProcess[], urls: [string, string], count: number) {
  const answers = (await Promise.all(
    clients.map((client, i) =>
      ask<ClientRequest, ClientAnswer>(client, {
        op: 'burst',
        mode: 'login',
        url: urls[i]!,
        count: count / 2,
        concurrency: BURST.concurrency / 2,
        app: APP,
        prefix: prefix(),
      }),
    ),
  )) as { elapsedMs: number; completed: number }[]
  const elapsed = Math.max(...answers.map((a) => a.elapsedMs))
  return (count * 1000) / elapsed
}

const describe = (values: number[]) =>
  `p50 ${fmt(percentile(values, 50))} ms, p99 ${fmt(percentile(values, 99))} ms, max ${fmt(Math.max(...values))} ms`

async function main(): Promise<void> {
  const redis = await startTestRedis()
  const clients = [0, 1].map(() => forkScript(new URL('./benchClient.ts', import.meta.url)))
  let nodes: Node[] = []
  try {
    nodes = await Promise.all([startNode(redis, 'bench-a'), startNode(redis, 'bench-b')])
    const [a, b] = nodes as [Node, Node]
    // A fresh Redis looks like one that lost its data: wait out the rebuild window.
    await new Promise((resolve) => setTimeout(resolve, REDIS_REGISTRY_DEFAULTS.rebuildSettleMs))
    for (;;) {
      const ws = await open(a.url)
      const reply = nextMessage(ws)
      ws.send(loginFrame(`${prefix()}w`))
      const { op } = await reply
      ws.terminate()
      if (op === 'ready') break
      await new Promise((resolve) => setTimeout(resolve, 200))
    }

    await kicks(b.url, a.url, KICKS.warmup)
    await kicks(a.url, a.url, KICKS.warmup)
    const cross = await kicks(b.url, a.url, KICKS.count)
    const local = await kicks(a.url, a.url, KICKS.count)
    await registryKicks(redis, REGISTRY_KICKS.warmup)
    const bare = await registryKicks(redis, REGISTRY_KICKS.count)
    const pings = await redisPings(redis, REGISTRY_KICKS.count)
    const crossP99 = percentile(cross, 99)
    console.log(`kick propagation, new login sent → old client kicked (${KICKS.count} kicks each):`)
    console.log(
      `  across two nodes (login on A, client on B): ${describe(cross)} (budget p99 ≤ 10 ms) ${crossP99 <= 10 ? 'OK' : 'OVER BUDGET'}`,
    )
    console.log(`  on one node, Redis registry:               ${describe(local)}`)
    console.log(
      `  registry only, admit on A → notice on B (${REGISTRY_KICKS.count}): ${describe(bare)}`,
    )
    console.log(`  noise floor, one Redis PING from the bench process: ${describe(pings)}`)
    const latencies = { crossNode: cross, oneNode: local, registryOnly: bare, redisPing: pings }
    for (const [name, values] of Object.entries(latencies)) {
      recordFigure(`kick.${name}.p50`, percentile(values, 50), 'ms', 'lower')
      recordFigure(`kick.${name}.p99`, percentile(values, 99), 'ms', 'lower')
    }

    console.log(
      `connect + login throughput (${BURST.count} logins per round from 2 client processes, ${BURST.concurrency} in flight, ${BURST.rounds} alternating rounds):`,
    )
    await burst(clients, [a.url, b.url], 400)
    const one: number[] = []
    const two: number[] = []
    for (let round = 0; round < BURST.rounds; round++) {
      one.push(await burst(clients, [a.url, a.url], BURST.count))
      two.push(await burst(clients, [a.url, b.url], BURST.count))
      console.log(
        `  round ${round + 1}: one node ${fmt(one[round]!, 0)}/s, two nodes ${fmt(two[round]!, 0)}/s, ratio ${fmt(two[round]! / one[round]!)}`,
      )
    }
    console.log(
      `  median: one node ${fmt(median(one), 0)}/s, two nodes ${fmt(median(two), 0)}/s, ratio ${fmt(median(two) / median(one))} (machine: 2 cores shared by the clients, both nodes and Redis)`,
    )
    recordFigure('throughput.oneNode', median(one), '/s', 'higher')
    recordFigure('throughput.twoNodes', median(two), '/s', 'higher')
    recordFigure('throughput.ratio', median(two) / median(one), '×', 'higher')
  } finally {
    await Promise.all(nodes.map(stopNode))
    for (const client of clients) client.kill()
    await redis.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
