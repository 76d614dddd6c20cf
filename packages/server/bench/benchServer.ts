// A bench server process: Chatgate's login server, or a baseline on bare `ws`:
// - `bare` answers each connection's first message with an echo;
// - `relay` is the least a login server could do: it answers a login frame with `ready`
//   and sends `kicked` to the previous socket of the same UserID, with no checks at all.
//   Latencies against it are this machine's floor for the same message pattern.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { type WebSocket, WebSocketServer } from 'ws'
import { startServer } from '../src/startServer.js'
import { serve } from './ipc.js'

export type ServerRequest =
  | { op: 'start'; kind: ServerKind; config?: unknown }
  | { op: 'memory' }
  /** Resident memory now, without collecting garbage first. */
  | { op: 'rss' }
  | { op: 'cpu' }
  | { op: 'stop' }

export type ServerKind = 'chatgate' | 'bare' | 'relay'

export type ServerAnswer =
  | { port: number }
  | { rss: number; heapUsed: number; external: number }
  /** CPU time this process used so far (user + system), in µs. */
  | { cpuMicros: number }
  | { stopped: true }

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

let stop: (() => Promise<void>) | undefined

serve<ServerRequest, ServerAnswer>(async (request) => {
  switch (request.op) {
    case 'start': {
      if (request.kind === 'chatgate') {
        const server = await startServer(request.config as Parameters<typeof startServer>[0], {
          logLevel: 'warn',
        })
        stop = server.close
        return { port: server.port }
      }
      const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
      const byUser = new Map<string, WebSocket>()
      const userOf = new WeakMap<WebSocket, string>()
      wss.on('connection', (ws) => {
        if (request.kind === 'bare') {
          ws.once('message', (data) => ws.send(data.toString()))
          return
        }
        ws.on('message', (data) => {
          const { userID, seq } = JSON.parse(data.toString()) as { userID: string; seq: number }
          byUser.get(userID)?.send('{"op":"kicked","type":"multipleAccount"}')
          byUser.set(userID, ws)
          userOf.set(ws, userID)
          ws.send(
            JSON.stringify({
              op: 'ready',
              seq,
              sessionId: 'relay',
              userID,
              expiresAt: 0,
              resumed: false,
            }),
          )
        })
        ws.once('close', () => {
          const userID = userOf.get(ws)
          if (userID !== undefined && byUser.get(userID) === ws) byUser.delete(userID)
        })
      })
      await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
      stop = () =>
        new Promise<void>((resolve) => {
          for (const client of wss.clients) client.terminate()
          wss.close(() => resolve())
        })
      return { port: (wss.address() as { port: number }).port }
    }
    case 'memory': {
      for (let i = 0; i < 3; i++) {
        gc()
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      const { rss, heapUsed, external } = process.memoryUsage()
      return { rss, heapUsed, external }
    }
    case 'rss':
      return { rss: process.memoryUsage.rss(), heapUsed: 0, external: 0 }
    case 'cpu': {
      const { user, system } = process.cpuUsage()
      return { cpuMicros: user + system }
    }
    case 'stop':
      await stop?.()
      setImmediate(() => process.exit(0))
      return { stopped: true }
    default:
      return request satisfies never
  }
})
