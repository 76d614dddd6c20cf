import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { ERROR_CODES, englishMessage, MAX_FRAME_BYTES, WS_PATH } from '@chatgate/protocol'
import { type RawData, type WebSocket, WebSocketServer } from 'ws'
import type { ServerContext } from '../serverContext.js'
import { realTimers, type Timers } from '../timers.js'
import { type ClientAddressOf, clientAddressResolver } from './clientAddress.js'
import { Connection } from './connection.js'
import { ConnectionCaps } from './connectionCaps.js'
import { capPendingSockets } from './pendingSockets.js'
import { type Spread, spreadOver } from './spreadOver.js'

export interface WsEndpointOptions {
  /** Between two WebSocket pings; a peer that missed the previous pong is terminated. */
  heartbeatIntervalMs: number
  /** How long `close()` waits for peers to acknowledge the going-away close. */
  closeTimeoutMs: number
  /** The timers of `close()`'s spread and wait. @default the real ones */
  timers?: Timers
}

const connections = new WeakMap<WebSocket, Connection>()

// Shared listeners (no closure per socket): `this` is the socket.
function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  const conn = connections.get(this)
  try {
    conn?.handleFrame(data, isBinary)
  } catch (error) {
    // A bug must cost one connection (1011), never the process.
    conn?.crashed(error)
  }
}
function onPong(this: WebSocket): void {
  connections.get(this)?.heardFromPeer()
}
function onSocketError(this: WebSocket): void {
  // `ws` closes the socket after an error (e.g. 1009 for an oversize frame); 'close' follows.
}
/** An error on a socket being upgraded ends it; `this` is the socket. */
function destroyOnError(this: Duplex): void {
  this.destroy()
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

const STATUS_TEXT = { 429: 'Too Many Requests', 503: 'Service Unavailable' } as const

/** A connection cap refused the upgrade: the status, and a JSON body with the code (90017). */
function refuseForCap(socket: Duplex, status: 429 | 503): void {
  const code = ERROR_CODES.TOO_MANY_CONNECTIONS
  const body = JSON.stringify({ code, message: englishMessage(code) })
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

/**
 * The `/ws` endpoint on an HTTP server: upgrades, one `Connection` per socket, the
 * heartbeat that finds dead peers, and shutdown with the going-away close code.
 */
export class WsEndpoint {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
  })
  private readonly open = new Set<Connection>()
  private readonly caps: ConnectionCaps
  private readonly addressOf: ClientAddressOf
  /**
   * Connections in accept order, until their login deadline has passed. Every connection
   * has the same deadline, so the oldest is always first: one shared timer checks the
   * head instead of a timer per socket. Entries that logged in leave when their deadline
   * comes up.
   */
  private readonly awaitingLogin = new Set<Connection>()
  /** Every socket's 'close' listener, one function for them all; `this` is the socket. */
  private readonly onClose: (this: WebSocket) => void
  private readonly heartbeat: NodeJS.Timeout
  private readonly deadlines: NodeJS.Timeout
  private accepting = true
  private closing: { spread: Spread; done: Promise<void> } | undefined

  constructor(
    httpServer: Server,
    private readonly ctx: ServerContext,
    private readonly options: WsEndpointOptions,
  ) {
    this.caps = new ConnectionCaps(ctx.limits)
    this.addressOf = clientAddressResolver(ctx.trustProxy)
    const endpoint = this
    this.onClose = function (this: WebSocket) {
      const conn = connections.get(this)
      if (conn) endpoint.closed(conn)
    }
    capPendingSockets(httpServer, ctx.limits, ctx.trustProxy)
    httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(req, socket, head),
    )
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatIntervalMs)
    this.heartbeat.unref()
    // Closes late sockets at most a tenth of the deadline (and 250 ms) after it.
    const deadlineCheckMs = Math.max(5, Math.min(250, ctx.loginDeadlineMs / 10))
    this.deadlines = setInterval(() => this.enforceLoginDeadline(), deadlineCheckMs)
    this.deadlines.unref()
  }

  get connectionCount(): number {
    return this.open.size
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', destroyOnError)
    const path = (req.url ?? '').split('?', 1)[0]
    if (path !== WS_PATH) {
      rejectUpgrade(socket, 404, 'Not Found')
      return
    }
    if (!this.accepting) {
      rejectUpgrade(socket, 503, 'Service Unavailable')
      return
    }
    const address = this.addressOf(req)
    const refusal = this.caps.refusal(address)
    if (refusal) {
      this.ctx.metrics.upgradeRefused(refusal.reason)
      this.ctx.logger.debug('upgrade_refused', { reason: refusal.reason, address })
      refuseForCap(socket, refusal.status)
      return
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, address))
  }

  private accept(ws: WebSocket, address: string): void {
    const conn = new Connection(ws, address, this.ctx)
    connections.set(ws, conn)
    this.open.add(conn)
    this.caps.opened(address)
    ws.on('message', onMessage)
    ws.on('pong', onPong)
    ws.on('error', onSocketError)
    // A WebSocket emits 'close' once.
    ws.on('close', this.onClose)
    this.awaitingLogin.add(conn)
    if (!this.accepting) conn.goAway()
  }

  private closed(conn: Connection): void {
    this.caps.closed(conn.address)
    this.open.delete(conn)
    this.awaitingLogin.delete(conn)
    conn.handleClose()
  }

  private enforceLoginDeadline(): void {
    const cutoff = performance.now() - this.ctx.loginDeadlineMs
    for (const conn of this.awaitingLogin) {
      if (conn.acceptedAt > cutoff) return
      this.awaitingLogin.delete(conn)
      conn.loginDeadlinePassed()
    }
  }

  private beat(): void {
    for (const conn of this.open) conn.heartbeat()
  }

  /**
   * Stops accepting and closes every socket with GOING_AWAY, spread evenly over `spreadMs`
   * so the clients do not all come back at once; then waits for them (at most
   * `closeTimeoutMs`) and terminates the rest. Called again with 0 while it spreads, it
   * closes the rest at once (a second signal).
   */
  close(spreadMs = 0): Promise<void> {
    if (this.closing) {
      if (spreadMs === 0) this.closing.spread.hurry()
      return this.closing.done
    }
    this.accepting = false
    clearInterval(this.heartbeat)
    clearInterval(this.deadlines)
    this.awaitingLogin.clear()
    const open = [...this.open]
    const closed = Promise.all(
      open.map(
        (conn) =>
          new Promise<void>((resolve) => {
            if (conn.ws.readyState === conn.ws.CLOSED) resolve()
            else conn.ws.once('close', () => resolve())
          }),
      ),
    )
    const timers = this.options.timers ?? realTimers
    const spread = spreadOver(open, spreadMs, (conn) => conn.goAway(), timers)
    const done = spread.done.then(async () => {
      let timer: unknown
      const timeout = new Promise<void>((resolve) => {
        timer = timers.setTimeout(resolve, this.options.closeTimeoutMs)
      })
      await Promise.race([closed, timeout])
      timers.clearTimeout(timer)
      for (const conn of this.open) conn.ws.terminate()
      this.wss.close()
    })
    this.closing = { spread, done }
    return done
  }
}
