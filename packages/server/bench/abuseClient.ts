// The attacks of the bench's abuse rows, run in the client process: a fragment flood from
// raw sockets with hand-made frames, and clients that never read.
import type { Socket } from 'node:net'
import { signUserSig } from '@chatgate/usersig'
import { WebSocket } from 'ws'
import { closeCodeIn, fragmentedMessage, rawUpgrade } from '../test/helpers/rawWebSocket.js'

/**
 * Sends frames of about 30 bytes (unknown ops, each answered with an error) until `bytes`
 * went out, `stop()` says so, or the socket closed, letting it drain to 1 MiB between batches.
 */
export async function flood(
  ws: WebSocket,
  bytes: number,
  stop: () => boolean = () => false,
): Promise<number> {
  let sent = 0
  let seq = 0
  while (sent < bytes && !stop() && ws.readyState === ws.OPEN) {
    for (let i = 0; i < 1000; i++) {
      const frame = `{"op":"nope","seq":${++seq}}`
      ws.send(frame)
      sent += frame.length
    }
    while (ws.bufferedAmount > 2 ** 20 && !stop() && ws.readyState === ws.OPEN) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await new Promise((resolve) => setImmediate(resolve))
  }
  return sent
}

/**
 * `connections` sockets from one address each send a text frame without FIN and
 * `fragments - 1` one-byte continuations, never finishing the message nor logging in.
 * Resolves once the server has had every byte (or closed the socket) and a second more,
 * with the close codes the server sent, counted.
 */
export async function fragmentFlood(
  url: string,
  connections: number,
  fragments: number,
): Promise<{ sentBytes: number; closeCodes: Record<string, number> }> {
  const port = Number(new URL(url).port)
  const message = fragmentedMessage(fragments, false)
  const attackers = []
  for (let i = 0; i < connections; i++) {
    const attacker = await rawUpgrade(port)
    attacker.socket.write(message)
    attackers.push(attacker)
  }
  await Promise.all(
    attackers.map(
      ({ socket }) =>
        new Promise<void>((resolve) => {
          if (socket.writableLength === 0 || socket.destroyed) resolve()
          else socket.once('drain', resolve).once('close', resolve)
        }),
    ),
  )
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  const closeCodes: Record<string, number> = {}
  for (const attacker of attackers) {
    const code = String(closeCodeIn(attacker.rest()) ?? 'open')
    closeCodes[code] = (closeCodes[code] ?? 0) + 1
    attacker.socket.destroy()
  }
  return { sentBytes: connections * message.length, closeCodes }
}

async function closedAtTheCap(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text()
  return Number(/^chatgate_connection_closes_total\{code="4009"\} (\d+)$/m.exec(text)?.[1] ?? 0)
}

/**
 * `count` logged-in clients stop reading and flood the server at once, until it has closed
 * them all at the send cap (4009, as its /metrics says) or each sent `maxBytes`.
 */
export async function neverReaders(
  url: string,
  count: number,
  login: (userID: string) => string,
  prefix: string,
  maxBytes: number,
): Promise<{ sentBytes: number; closed: number }> {
  const metricsUrl = url.replace(/^ws:/, 'http:').replace(/\/ws$/, '/metrics')
  const clients = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const ws = new WebSocket(url, { perMessageDeflate: false })
      ws.on('error', () => {})
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
      ws.send(login(`${prefix}${i}`))
      await new Promise((resolve) => ws.once('message', resolve))
      ;(ws as unknown as { _socket: Socket })._socket.pause()
      return ws
    }),
  )
  let closed = 0
  const watch = setInterval(() => {
    closedAtTheCap(metricsUrl).then(
      (n) => {
        closed = n
      },
      () => {},
    )
  }, 200)
  const sent = await Promise.all(clients.map((ws) => flood(ws, maxBytes, () => closed >= count)))
  clearInterval(watch)
  closed = await closedAtTheCap(metricsUrl)
  for (const ws of clients) ws.terminate()
  return { sentBytes: sent.reduce((a, b) => a + b, 0), closed }
}

/** A login frame for the bench's app. */
export function loginFrameFor(app: { sdkAppID: number; secretKey: string }) {
  return (userID: string) =>
    JSON.stringify({
      op: 'login',
      seq: 1,
      sdkAppID: app.sdkAppID,
      userID,
      userSig: signUserSig({ ...app, userID, expireSeconds: 86_400 }),
      platform: 'web',
    })
}
