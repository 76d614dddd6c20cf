// The attacks of the bench's abuse rows, run in the client process: a fragment flood from
// raw sockets with hand-made frames, and clients that never read.
import type { Socket } from 'node:net'
import { WebSocket } from 'ws'
import { closedAtTheCap, flood, watchCapCloses } from '../test/helpers/floodClient.js'
import { closeCodeIn, fragmentedMessage, rawUpgrade } from '../test/helpers/rawWebSocket.js'

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
  const httpUrl = url.replace(/^ws:/, 'http:').replace(/\/ws$/, '')
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
  const watch = watchCapCloses(httpUrl)
  const sent = await Promise.all(
    clients.map((ws) => flood(ws, maxBytes, () => watch.closed >= count)),
  )
  watch.stop()
  const closed = await closedAtTheCap(httpUrl)
  for (const ws of clients) ws.terminate()
  return { sentBytes: sent.reduce((a, b) => a + b, 0), closed }
}
