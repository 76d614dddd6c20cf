// A bench server process: either Chatgate's login server or a bare `ws` server that
// answers each connection's first message with an echo (the baseline).
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { WebSocketServer } from 'ws'
import { startServer } from '../src/startServer.js'
import { serve } from './ipc.js'

export type ServerRequest =
  | { op: 'start'; kind: 'chatgate' | 'bare'; config?: unknown }
  | { op: 'memory' }
  | { op: 'cpu' }
  | { op: 'stop' }

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
      wss.on('connection', (ws) => {
        ws.once('message', (data) => ws.send(data.toString()))
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
