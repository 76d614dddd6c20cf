// The bench's client side, in its own process so it does not share an event loop with
// the server it measures.
import type { Socket } from 'node:net'
import { signUserSig } from '@chatgate/usersig'
import { WebSocket } from 'ws'
import { flood, loginFrameFor } from '../test/helpers/floodClient.js'
import { fragmentFlood, neverReaders } from './abuseClient.js'
import { serve } from './ipc.js'

export interface BenchApp {
  sdkAppID: number
  secretKey: string
}

export type ClientRequest =
  /** `count` connect + one request/reply + close, `concurrency` at a time. */
  | {
      op: 'burst'
      mode: 'login' | 'echo'
      url: string
      count: number
      concurrency: number
      app: BenchApp
      prefix: string
    }
  /** Opens a login every 1000/rate ms for `count` logins; latency from connect to ready. */
  | { op: 'paced'; url: string; rate: number; count: number; app: BenchApp; prefix: string }
  /** `count` times: A logs in, B logs in as the same user; time from B's send to A's kick. */
  | { op: 'kicks'; url: string; count: number; app: BenchApp; prefix: string }
  /** Opens `count` logged-in connections and keeps them. */
  | {
      op: 'hold'
      url: string
      count: number
      concurrency: number
      app: BenchApp
      prefix: string
      /** The loopback address the held sockets leave from. @default chosen by the system */
      localAddress?: string
      /**
       * Each login names a device label this long (each its own text, as real clients'
       * are), so the figure includes what the session list keeps. @default no label
       */
      deviceLength?: number
    }
  | { op: 'release' }
  /**
   * A client that never reads: logs in (first call), stops reading its socket, then sends
   * small unknown-op frames (each answered with an error) until `megabytes` more went out
   * or the server ended the socket.
   */
  | { op: 'flood'; url: string; app: BenchApp; userID: string; megabytes: number }
  | { op: 'endFlood' }
  /** One client logs in, then sends `count` pings, 500 at a time, each batch answered before the next. */
  | { op: 'pings'; url: string; count: number; app: BenchApp; prefix: string }
  /** See `fragmentFlood` in abuseClient.ts. */
  | { op: 'fragmentFlood'; url: string; connections: number; fragments: number }
  /** See `neverReaders` in abuseClient.ts. */
  | { op: 'neverReaders'; url: string; count: number; app: BenchApp; prefix: string }

/** `failed`: connections that were reset or timed out (each is left out of the figures). */
export type ClientAnswer =
  | { elapsedMs: number; completed: number; failed: string[] }
  | { latenciesMs: number[]; failed: string[] }
  | { held: number; failed: string[] }
  | { released: true }
  /** `open`: the socket still looked open to this client when the round ended. */
  | { sentBytes: number; open: boolean }
  | { sentBytes: number; closeCodes: Record<string, number> }
  | { sentBytes: number; closed: number }

const held: WebSocket[] = []

function sigs(app: BenchApp, prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    signUserSig({ ...app, userID: `${prefix}${i}`, expireSeconds: 86_400 }),
  )
}

function loginFrame(app: BenchApp, userID: string, userSig: string, device?: string): string {
  return JSON.stringify({
    op: 'login',
    seq: 1,
    sdkAppID: app.sdkAppID,
    userID,
    userSig,
    platform: 'web',
    ...(device === undefined ? {} : { device }),
  })
}

/** A device label of exactly `length` characters, different for each `i`. */
function deviceLabel(i: number, length: number): string {
  const tail = ` #${i}`
  return (
    `${'Chrome on macOS '.repeat(Math.ceil(length / 16))}`.slice(0, length - tail.length) + tail
  )
}

/** Opens a socket, sends `frame`, resolves on the first reply with the socket still open. */
function exchange(
  url: string,
  frame: string,
  expectOp: string | undefined,
  localAddress?: string,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, localAddress })
    const timer = setTimeout(() => {
      ws.terminate()
      reject(new Error('no reply within 10 s'))
    }, 10_000)
    ws.once('open', () => ws.send(frame))
    ws.once('message', (data) => {
      clearTimeout(timer)
      if (expectOp && JSON.parse(data.toString()).op !== expectOp) {
        ws.terminate()
        reject(new Error(`unexpected reply ${data.toString()}`))
        return
      }
      resolve(ws)
    })
    ws.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}

let flooder: WebSocket | undefined

let failures: string[] = []

/** Runs `exchange` and records a failure (reset, timeout) instead of aborting the bench. */
async function attempt(
  url: string,
  frame: string,
  expectOp: string | undefined,
  localAddress?: string,
): Promise<WebSocket | undefined> {
  try {
    return await exchange(url, frame, expectOp, localAddress)
  } catch (error) {
    failures.push((error as Error).message)
    return undefined
  }
}

function takeFailures(): string[] {
  const taken = failures
  failures = []
  return taken
}

async function pool(
  count: number,
  concurrency: number,
  run: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await run(next++)
    }),
  )
}

serve<ClientRequest, ClientAnswer>(async (request) => {
  switch (request.op) {
    case 'burst': {
      const frames =
        request.mode === 'login'
          ? sigs(request.app, request.prefix, request.count).map((sig, i) =>
              loginFrame(request.app, `${request.prefix}${i}`, sig),
            )
          : Array.from({ length: request.count }, (_, i) => JSON.stringify({ op: 'echo', seq: i }))
      const url = request.url
      const start = performance.now()
      await pool(request.count, request.concurrency, async (i) => {
        const ws = await attempt(url, frames[i]!, request.mode === 'login' ? 'ready' : undefined)
        ws?.close()
      })
      const failed = takeFailures()
      return {
        elapsedMs: performance.now() - start,
        completed: request.count - failed.length,
        failed,
      }
    }
    case 'paced': {
      const { app, prefix, count, rate, url } = request
      const frames = sigs(app, prefix, count).map((sig, i) => loginFrame(app, `${prefix}${i}`, sig))
      const latenciesMs: number[] = []
      const pending: Promise<void>[] = []
      const interval = 1000 / rate
      const start = performance.now()
      for (let i = 0; i < count; i++) {
        // Open-loop arrivals: the schedule does not wait for earlier logins to finish.
        const due = start + i * interval
        const wait = due - performance.now()
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
        const begun = performance.now()
        pending.push(
          attempt(url, frames[i]!, 'ready').then((ws) => {
            if (!ws) return
            latenciesMs.push(performance.now() - begun)
            ws.close()
          }),
        )
      }
      await Promise.all(pending)
      return { latenciesMs, failed: takeFailures() }
    }
    case 'kicks': {
      const { app, prefix, count, url } = request
      const latenciesMs: number[] = []
      for (let i = 0; i < count; i++) {
        const userID = `${prefix}${i}`
        const sig = signUserSig({ ...app, userID, expireSeconds: 86_400 })
        const frame = loginFrame(app, userID, sig)
        const first = await attempt(url, frame, 'ready')
        if (!first) continue
        const second = new WebSocket(url, { perMessageDeflate: false })
        await new Promise((resolve) => second.once('open', resolve))
        const kicked = new Promise<number>((resolve, reject) =>
          first.once('message', (data) => {
            const at = performance.now()
            if (JSON.parse(data.toString()).op === 'kicked') resolve(at)
            else reject(new Error(`expected a kick, got ${data.toString()}`))
          }),
        )
        const sent = performance.now()
        second.send(frame)
        latenciesMs.push((await kicked) - sent)
        second.close()
        first.terminate()
      }
      return { latenciesMs, failed: takeFailures() }
    }
    case 'hold': {
      const { app, prefix, count, concurrency, url, deviceLength } = request
      const frames = sigs(app, prefix, count).map((sig, i) =>
        loginFrame(
          app,
          `${prefix}${i}`,
          sig,
          deviceLength === undefined ? undefined : deviceLabel(i, deviceLength),
        ),
      )
      await pool(count, concurrency, async (i) => {
        const ws = await attempt(url, frames[i]!, 'ready', request.localAddress)
        if (ws) held.push(ws)
      })
      return { held: held.length, failed: takeFailures() }
    }
    case 'release':
      for (const ws of held.splice(0)) ws.terminate()
      return { released: true }
    case 'flood': {
      const { app, userID, url } = request
      if (!flooder) {
        const sig = signUserSig({ ...app, userID, expireSeconds: 86_400 })
        flooder = await exchange(url, loginFrame(app, userID, sig), 'ready')
        flooder.on('error', () => {})
        ;(flooder as unknown as { _socket: Socket })._socket.pause()
      }
      const sentBytes = await flood(flooder, request.megabytes * 2 ** 20)
      return { sentBytes, open: flooder.readyState === flooder.OPEN }
    }
    case 'endFlood':
      flooder?.terminate()
      flooder = undefined
      return { released: true }
    case 'pings': {
      const { app, prefix, url, count } = request
      const ws = await exchange(url, loginFrameFor(app)(`${prefix}0`), 'ready')
      let answered = 0
      ws.on('message', () => {
        answered++
      })
      const start = performance.now()
      for (let sent = 0; sent < count; ) {
        for (let i = 0; i < 500; i++) ws.send(`{"op":"ping","seq":${++sent}}`)
        while (answered < sent) await new Promise((resolve) => setImmediate(resolve))
      }
      const elapsedMs = performance.now() - start
      ws.close()
      return { elapsedMs, completed: count, failed: [] }
    }
    case 'fragmentFlood':
      return fragmentFlood(request.url, request.connections, request.fragments)
    case 'neverReaders': {
      const { url, count, app, prefix } = request
      return neverReaders(url, count, loginFrameFor(app), prefix, 64 * 2 ** 20)
    }
    default:
      return request satisfies never
  }
})
