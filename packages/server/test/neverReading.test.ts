import type { Socket } from 'node:net'
import { CLOSE_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { DEFAULT_LIMITS } from '../src/config.js'
import { type GcServer, startGcServer } from './helpers/gcServer.js'
import { rssMiB } from './helpers/processStats.js'
import { appConfig, sign } from './helpers.js'

let server: GcServer | undefined
const clients: WebSocket[] = []

afterEach(async () => {
  for (const ws of clients.splice(0)) ws.terminate()
  await server?.stop()
  server = undefined
})

/**
 * Only the send cap can stop these clients (the request rate is lifted to its maximum),
 * and a client closed at the cap keeps what waits for it while the test looks.
 */
const LIMITS = { requestsPerSecond: 100_000, requestBurst: 100_000, closeTimeoutMs: 60_000 }
/** Ten, one after the other, keep the test under a minute on a busy machine; the bench runs 20 at once. */
const CLIENTS = 10
/** What README says a client that never reads may hold beyond `sendBufferBytes`. */
const CONSTANT_BYTES = 64 * 1024

async function loggedIn(url: string, userID: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false })
  clients.push(ws)
  ws.on('error', () => {})
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  ws.send(
    JSON.stringify({
      op: 'login',
      seq: 1,
      sdkAppID: appConfig().SDKAppID,
      userID,
      userSig: sign(userID),
      platform: 'web',
    }),
  )
  await new Promise((resolve) => ws.once('message', resolve))
  return ws
}

async function closedAtTheCap(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const code = CLOSE_CODES.SEND_BUFFER_FULL
  const line = new RegExp(`^chatgate_connection_closes_total\\{code="${code}"\\} (\\d+)$`, 'm')
  return Number(line.exec(text)?.[1] ?? 0)
}

/**
 * Sends small unknown-op frames (each answered with an `error`) without ever reading,
 * until the server has closed `count` connections at the cap, letting this side's own
 * buffer drain to 1 MiB between batches.
 */
async function floodUntilClosed(ws: WebSocket, url: string, count: number): Promise<void> {
  ;(ws as unknown as { _socket: Socket })._socket.pause()
  let seq = 1
  for (let batch = 0; batch < 100_000; batch++) {
    for (let i = 0; i < 1000; i++) ws.send(`{"op":"nope","seq":${++seq}}`)
    while (ws.bufferedAmount > 2 ** 20) await new Promise((resolve) => setTimeout(resolve, 5))
    if (batch % 20 === 19 && (await closedAtTheCap(url)) >= count) break
  }
  if ((await closedAtTheCap(url)) < count) throw new Error('never closed at the cap')
  // Frames still on their way are read (and ignored) by the server: let them arrive, so
  // what is measured next is what the server holds, not what it is reading.
  while (ws.bufferedAmount > 0) await new Promise((resolve) => setTimeout(resolve, 20))
  await new Promise((resolve) => setTimeout(resolve, 300))
}

describe('clients that never read (rules 21, 34)', () => {
  it('10 of them at the default 256 KiB cap each keep at most the cap plus a small constant of the server', async () => {
    server = await startGcServer({ port: 0, apps: [appConfig()], limits: LIMITS })
    const { url, wsUrl } = server
    const pid = server.child.pid!
    // Warm: a first client that never reads takes the whole path to its close at the cap,
    // so the code compiled for it is in the baseline, not counted against the others.
    await floodUntilClosed(await loggedIn(wsUrl, 'warmup'), url, 1)
    const rssBefore = rssMiB(pid)
    const before = await server.retained()
    // One after the other: each ends closed at the cap with everything it was sent still
    // unread, held by the server until `closeTimeoutMs`.
    for (let i = 1; i <= CLIENTS; i++) {
      await floodUntilClosed(await loggedIn(wsUrl, `mallory${i}`), url, i + 1)
    }
    const after = await server.retained()
    const rssAfter = rssMiB(pid)
    const perClient = (after - before) / CLIENTS
    // What live objects hold after a full GC is the figure: RSS on a shared machine moves by
    // more than a client's share with the collector's timing, so it is printed beside it.
    console.log(
      `never reading: ${CLIENTS} clients closed at the ${DEFAULT_LIMITS.sendBufferBytes / 1024} KiB cap, each still unread, keep ${(perClient / 1024).toFixed(0)} KiB each of the server (heap and buffers after a full GC); its RSS ${rssBefore.toFixed(1)} → ${rssAfter.toFixed(1)} MiB`,
    )
    expect(perClient).toBeLessThan(DEFAULT_LIMITS.sendBufferBytes + CONSTANT_BYTES)
  }, 300_000)
})
