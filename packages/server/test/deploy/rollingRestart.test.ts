import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signUserSig } from '@chatgate/usersig'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
// From core's sources by path: a devDependency on @chatgate/core would close a workspace
// cycle (core's tests depend on this package), which pnpm refuses for recursive scripts.
import { Chat, EVENT } from '../../../core/src/index.js'
import { buildCli } from '../helpers/buildCli.js'
import { freePort, startTestRedis, type TestRedis } from '../helpers/redisServer.js'
import {
  type BinaryNode,
  type Nginx,
  type NginxPorts,
  startBinaryNode,
  startNginx,
} from './deployFleet.js'

// The README's deployment, run for real: the shipped nginx config in front of two nodes
// (the built binary) on one redis-server, 200 `@chatgate/core` clients through nginx, and
// a rolling restart — node A, then node B, each SIGTERM (it drains) and started again.
// No client may be logged out, kicked, or admitted afresh: every one resumes.
const CLIENTS = 200
const APP_ID = 1400000001
const SECRET = 'deploy-test-secret-key-0123456789'
// Short, so the test stays quick: the defaults (5 s, 2 s) only make each restart longer.
const SHUTDOWN = { drainSeconds: 1, closeSpreadMs: 1_000 }
/** A client not back by then has not come back: a failure, not a figure. */
const COME_BACK_TIMEOUT_MS = 60_000

interface Tracked {
  chat: Chat
  userID: string
  ready: number
  notReady: number
  kicked: number
  connected: boolean
  /** When its connection last dropped (performance.now()), while it has not come back. */
  lostAt: number | undefined
  /** Drop-to-connected of each time it came back. */
  backAfterMs: number[]
}

let redis: TestRedis
let nginx: Nginx
let bin: string
let dir: string
let configFile: string
let ports: NginxPorts
const nodes: { a?: BinaryNode; b?: BinaryNode } = {}
const clients: Tracked[] = []

function track(chat: Chat, userID: string): Tracked {
  const tracked: Tracked = {
    chat,
    userID,
    ready: 0,
    notReady: 0,
    kicked: 0,
    connected: false,
    lostAt: undefined,
    backAfterMs: [],
  }
  chat.on(EVENT.SDK_READY, () => tracked.ready++)
  chat.on(EVENT.SDK_NOT_READY, () => tracked.notReady++)
  chat.on(EVENT.KICKED_OUT, () => tracked.kicked++)
  chat.on(EVENT.NET_STATE_CHANGE, (event) => {
    const { state } = event.data as { state: string }
    tracked.connected = state === 'connected'
    if (!tracked.connected) tracked.lostAt ??= performance.now()
    else if (tracked.lostAt !== undefined) {
      tracked.backAfterMs.push(performance.now() - tracked.lostAt)
      tracked.lostAt = undefined
    }
  })
  return tracked
}

const allBack = () => clients.every((c) => c.connected && c.chat.isReady())

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** SIGTERM, exit 0, start again on the same port; then every client must be back. */
async function rollingRestart(name: 'a' | 'b'): Promise<string> {
  const node = nodes[name]!
  const before = clients.map((c) => c.backAfterMs.length)
  const startedAt = performance.now()
  expect(await node.stop(), node.stderr()).toBe(0)
  nodes[name] = await startBinaryNode(bin, configFile, node.port)
  await until(allBack, COME_BACK_TIMEOUT_MS, `every client back after restarting node ${name}`)
  const waits = clients.flatMap((c, i) => c.backAfterMs.slice(before[i]))
  const moved = waits.length
  const slowest = Math.max(0, ...waits)
  const total = performance.now() - startedAt
  return `node ${name.toUpperCase()}: ${moved} clients moved; slowest back ${slowest.toFixed(0)} ms after its connection closed; all back ${total.toFixed(0)} ms after SIGTERM (drain ${SHUTDOWN.drainSeconds} s, spread ${SHUTDOWN.closeSpreadMs} ms)`
}

beforeAll(async () => {
  ;[redis, bin] = await Promise.all([startTestRedis(), buildCli()])
  ports = {
    nodeA: await freePort(),
    nodeB: await freePort(),
    public: await freePort(),
    admin: await freePort(),
  }
  dir = mkdtempSync(join(tmpdir(), 'chatgate-deploy-'))
  configFile = join(dir, 'chatgate.json')
  writeFileSync(
    configFile,
    JSON.stringify({
      apps: [{ SDKAppID: APP_ID, secretKey: SECRET, login: { policy: 'all' } }],
      registry: { kind: 'redis', url: redis.url },
      // nginx is the proxy: the client's address comes from its X-Forwarded-For.
      trustProxy: ['127.0.0.1'],
      // Every test client is 127.0.0.1: 200 of them on one node meet the default cap.
      limits: { maxConnectionsPerAddress: 1_000 },
      shutdown: SHUTDOWN,
    }),
  )
  chmodSync(configFile, 0o600)
  ;[nodes.a, nodes.b] = await Promise.all([
    startBinaryNode(bin, configFile, ports.nodeA),
    startBinaryNode(bin, configFile, ports.nodeB),
  ])
  nginx = await startNginx(ports)
}, 180_000)

afterAll(async () => {
  await Promise.all(clients.map((c) => c.chat.destroy().catch(() => {})))
  await nginx?.stop()
  await Promise.all([nodes.a?.stop(), nodes.b?.stop()])
  await redis?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
}, 60_000)

describe('the shipped nginx config in front of two nodes on Redis', () => {
  it('keeps admin REST and /metrics off the public listener, and serves them on the admin one', async () => {
    const publicUrl = `http://127.0.0.1:${ports.public}`
    expect((await fetch(`${publicUrl}/metrics`)).status).toBe(404)
    expect((await fetch(`${publicUrl}/readyz`)).status).toBe(404)
    const kick = await fetch(`${publicUrl}/v4/im_open_login_svc/kick`, { method: 'POST' })
    expect(kick.status).toBe(404)
    const query = new URLSearchParams({ sdkappid: String(APP_ID), identifier: 'administrator' })
    const admin = await fetch(
      `http://127.0.0.1:${ports.admin}/v4/openim/query_online_status?${query}`,
      { method: 'POST', body: '{}' },
    )
    // Reached a node: its own refusal (no valid admin sig), not nginx's 404.
    expect(admin.status).toBe(200)
    expect(await admin.json()).toMatchObject({ ActionStatus: 'FAIL' })
  })

  it(`a rolling restart (A, then B) logs none of ${CLIENTS} clients out: every one resumes`, async () => {
    const url = `ws://127.0.0.1:${ports.public}/ws`
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const userID = `roll${i}`
        const chat = new Chat({ SDKAppID: APP_ID, url, WebSocket, logLevel: 4 })
        clients.push(track(chat, userID))
        await chat.login({
          userID,
          userSig: signUserSig({
            sdkAppID: APP_ID,
            secretKey: SECRET,
            userID,
            expireSeconds: 3600,
          }),
        })
      }),
    )
    await until(allBack, 10_000, 'every client connected')

    const figures = [await rollingRestart('a'), await rollingRestart('b')]
    console.log(`rolling restart behind nginx, ${CLIENTS} clients:\n  ${figures.join('\n  ')}`)

    const moved = clients.reduce((sum, c) => sum + c.backAfterMs.length, 0)
    // Node A had some of the clients, and node B all of them after A's restart.
    expect(moved).toBeGreaterThan(CLIENTS)
    expect(clients.filter((c) => c.ready !== 1).map((c) => c.userID)).toEqual([])
    expect(clients.filter((c) => c.notReady > 0).map((c) => c.userID)).toEqual([])
    expect(clients.filter((c) => c.kicked > 0).map((c) => c.userID)).toEqual([])
    expect(clients.every((c) => c.chat.getLoginStatus() === 1)).toBe(true)
    expect(nginx.errors()).not.toContain('no live upstreams')
  }, 180_000)
})
