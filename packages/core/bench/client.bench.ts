// Connect-to-ready latency of a login through @chatgate/core against a raw protocol client
// (plain `ws` + JSON: open, send `login`, wait for `ready`), alternating, in one run against
// one real server. Budget: the core adds at most 10 % to the p99.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { availableParallelism, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { Chat } from '@chatgate/core'
import WebSocket from 'ws'
import { recordFigure } from '../../../.config/benchFigures.js'

const SDK_APP_ID = 1400000001
const ROUNDS = Number(process.env.ROUNDS ?? 1000)
const WARMUP = 200
const USERS = 50

const server = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--conditions=source',
    fileURLToPath(new URL('./serverProcess.ts', import.meta.url)),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
)
// However this script ends, the server goes with it.
process.on('exit', () => server.kill())
const [line] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string]
const { port } = JSON.parse(line) as { port: number }
const url = `ws://127.0.0.1:${port}/ws`

async function sign(userID: string): Promise<string> {
  const answer = await fetch(`http://127.0.0.1:${port}/dev/usersig`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ SDKAppID: SDK_APP_ID, userID, expireSeconds: 86_400 }),
  })
  return ((await answer.json()) as { userSig: string }).userSig
}
const users = await Promise.all(
  Array.from({ length: USERS }, async (_, i) => ({
    userID: `bench${i}`,
    userSig: await sign(`bench${i}`),
  })),
)

/** Through the core: a client, login (resolves after SDK_READY), then destroy (logs out). */
async function viaCore(userID: string, userSig: string): Promise<number> {
  const chat = new Chat({ SDKAppID: SDK_APP_ID, url, WebSocket, logLevel: 4 })
  const start = performance.now()
  await chat.login({ userID, userSig })
  const elapsed = performance.now() - start
  await chat.destroy()
  return elapsed
}

/** The same exchange by hand: the least a client can do. */
async function viaRawSocket(userID: string, userSig: string): Promise<number> {
  const start = performance.now()
  const socket = new WebSocket(url)
  await once(socket, 'open')
  socket.send(
    JSON.stringify({ op: 'login', seq: 1, sdkAppID: SDK_APP_ID, userID, userSig, platform: 'web' }),
  )
  const [data] = (await once(socket, 'message')) as [Buffer]
  const reply = JSON.parse(data.toString()) as { op: string }
  const elapsed = performance.now() - start
  if (reply.op !== 'ready') throw new Error(`raw login failed: ${data.toString()}`)
  socket.send(JSON.stringify({ op: 'logout', seq: 2 }))
  await once(socket, 'close')
  return elapsed
}

const samples = { core: [] as number[], raw: [] as number[] }
for (let round = 0; round < WARMUP + ROUNDS; round++) {
  const { userID, userSig } = users[round % USERS]!
  // Alternate which goes first so neither always meets a warmer server.
  const pair =
    round % 2 === 0
      ? [await viaCore(userID, userSig), await viaRawSocket(userID, userSig)]
      : [await viaRawSocket(userID, userSig), await viaCore(userID, userSig)].reverse()
  if (round < WARMUP) continue
  samples.core.push(pair[0]!)
  samples.raw.push(pair[1]!)
}
server.kill('SIGTERM')

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
const row = (name: string, values: number[]) =>
  `${name.padEnd(28)} p50 ${percentile(values, 50).toFixed(3)} ms   p99 ${percentile(values, 99).toFixed(3)} ms`
const ratio = percentile(samples.core, 99) / percentile(samples.raw, 99)
console.log(
  `connect-to-ready, ${ROUNDS} logins each (after ${WARMUP} warm-up), one server, loopback`,
)
// Tail latencies on a shared machine follow its load more than either client: say it.
console.log(
  `load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')} on ${availableParallelism()} cores`,
)
console.log(row('raw protocol client (ws)', samples.raw))
console.log(row('@chatgate/core', samples.core))
console.log(
  `p99 ratio core/raw: ${ratio.toFixed(3)} (budget ≤ 1.10: ${ratio <= 1.1 ? 'ok' : 'OVER'}); p50 ratio ${(
    percentile(samples.core, 50) / percentile(samples.raw, 50)
  ).toFixed(3)}`,
)
for (const [name, values] of Object.entries(samples)) {
  recordFigure(`${name}.p50`, percentile(values, 50), 'ms', 'lower')
  recordFigure(`${name}.p99`, percentile(values, 99), 'ms', 'lower')
}
recordFigure('ratio.p99', ratio, '×', 'lower')
recordFigure('ratio.p50', percentile(samples.core, 50) / percentile(samples.raw, 50), '×', 'lower')
