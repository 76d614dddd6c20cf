import type { Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { DEFAULT_LIMITS } from '../src/config.js'
import { attackScope } from './helpers/attackScope.js'
import { closedAtTheCap, flood, loginFrameFor, watchCapCloses } from './helpers/floodClient.js'
import { startGcServer } from './helpers/gcServer.js'
import { rssMiB } from './helpers/processStats.js'
import { APP_ID, appConfig, SECRET } from './helpers.js'

const opened = attackScope()

/**
 * Only the send cap can stop these clients (the request rate is lifted to its maximum),
 * and a client closed at the cap keeps what waits for it while the test looks.
 */
const LIMITS = { requestsPerSecond: 100_000, requestBurst: 100_000, closeTimeoutMs: 60_000 }
/** Ten, one after the other, keep the test under a minute on a busy machine; the bench runs 20 at once. */
const CLIENTS = 10
/** What README says a client that never reads may hold beyond `sendBufferBytes`. */
const CONSTANT_BYTES = 64 * 1024
const loginFrame = loginFrameFor({ sdkAppID: APP_ID, secretKey: SECRET })

async function loggedIn(url: string, userID: string): Promise<WebSocket> {
  const ws = opened.socket(new WebSocket(url, { perMessageDeflate: false }))
  ws.on('error', () => {})
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  ws.send(loginFrame(userID))
  await new Promise((resolve) => ws.once('message', resolve))
  return ws
}

/**
 * Floods without ever reading until the server has closed `count` connections at the cap,
 * then lets the frames still on their way arrive (the server reads and ignores them), so
 * what is measured next is what the server holds, not what it is reading.
 */
async function floodUntilClosed(ws: WebSocket, url: string, count: number): Promise<void> {
  ;(ws as unknown as { _socket: Socket })._socket.pause()
  const watch = watchCapCloses(url)
  await flood(ws, 200 * 2 ** 20, () => watch.closed >= count)
  watch.stop()
  if ((await closedAtTheCap(url)) < count) throw new Error('never closed at the cap')
  while (ws.bufferedAmount > 0) await new Promise((resolve) => setTimeout(resolve, 20))
  await new Promise((resolve) => setTimeout(resolve, 300))
}

describe('clients that never read (rules 21, 34)', () => {
  it('10 of them at the default 256 KiB cap each keep at most the cap plus a small constant of the server', async () => {
    const server = opened.server(
      await startGcServer({ port: 0, apps: [appConfig()], limits: LIMITS }),
    )
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
