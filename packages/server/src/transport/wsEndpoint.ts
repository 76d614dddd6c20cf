import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { MAX_FRAME_BYTES, WS_PATH } from '@chatgate/protocol'
import { type RawData, type ServerOptions, type WebSocket, WebSocketServer } from 'ws'
import type { UpgradeRefusal } from '../metrics.js'
import type { ServerContext } from '../serverContext.js'
import { realTimers, type Timers } from '../timers.js'
import {
  type ClientAddressOf,
  clientAddressResolver,
  warnAboutTrustingEveryone,
} from './clientAddress.js'
import { Connection } from './connection.js'
import { ConnectionCaps } from './connectionCaps.js'
import { countFragments, fragmentsOf } from './messageFragments.js'
import { capPendingSockets, type PendingSockets } from './pendingSockets.js'
import { heartbeatRound } from './socketLiveness.js'
import { type Spread, spreadOver } from './spreadOver.js'
import {
  destroySocket,
  type RefusalStatus,
  refuseUpgrade,
  TOO_MANY_CONNECTIONS_BODY,
} from './upgradeRefusal.js'

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
    conn?.handleFrame(data, isBinary, fragmentsOf(this))
  } catch (error) {
    // A bug must cost one connection (1011), never the process.
    conn?.crashed(error)
  }
}
function onControlFrame(this: WebSocket): void {
  connections.get(this)?.handleControlFrame()
}
function onSocketError(this: WebSocket): void {
  // `ws` closes the socket after an error (e.g. 1009 for an oversize frame); 'close' follows.
}

/**
 * The `/ws` endpoint on an HTTP server: upgrades, one `Connection` per socket, the
 * heartbeat that finds dead peers, and shutdown with the going-away close code.
 */
export class WsEndpoint {
  private readonly wss: WebSocketServer
  private readonly open = new Set<Connection>()
  private readonly caps: ConnectionCaps
  private readonly pending: PendingSockets
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
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      // `ws` keeps each fragment of a message apart until the last: its default (16,384)
      // let 115 KB of one-byte fragments cost 2 MB (rule 34).
      maxFragments: ctx.limits.maxFragments,
      perMessageDeflate: false,
      clientTracking: false,
      // Its own wait for a close handshake (30 s unless told) must not cut a longer
      // `closeTimeoutMs` short (a missing field of @types/ws 8.18).
      closeTimeout: ctx.limits.closeTimeoutMs,
    } as ServerOptions)
    // Not a valid WebSocket handshake (no key, wrong method, …): counted, and the socket
    // let go of like every other refused upgrade.
    this.wss.on('wsClientError', (_error: Error, socket: Duplex, req: IncomingMessage) =>
      this.refuse(socket, 'bad_request', req.method === 'GET' ? 400 : 405),
    )
    this.caps = new ConnectionCaps(ctx.limits)
    this.addressOf = clientAddressResolver(ctx.trustProxy)
    warnAboutTrustingEveryone(ctx.trustProxy, ctx.logger)
    const endpoint = this
    this.onClose = function (this: WebSocket) {
      const conn = connections.get(this)
      if (conn) endpoint.closed(conn)
    }
    this.pending = capPendingSockets(httpServer, ctx.limits, ctx.trustProxy)
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
    socket.on('error', destroySocket)
    const path = (req.url ?? '').split('?', 1)[0]
    if (path !== WS_PATH) {
      this.refuse(socket, 'path', 404)
      return
    }
    if (!this.accepting) {
      this.refuse(socket, 'draining', 503)
      return
    }
    const address = this.addressOf(req)
    const refusal = this.caps.refusal(address)
    if (refusal) {
      this.ctx.logger.debug('upgrade_refused', { reason: refusal.reason, address })
      this.refuse(socket, refusal.reason, refusal.status, TOO_MANY_CONNECTIONS_BODY)
      return
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket, address))
  }

  /** Counts a refused upgrade and answers it; its socket stays counted as pending until gone. */
  private refuse(
    socket: Duplex,
    reason: UpgradeRefusal,
    status: RefusalStatus,
    body?: Parameters<typeof refuseUpgrade>[3],
  ): void {
    this.ctx.metrics.upgradeRefused(reason)
    refuseUpgrade(socket, status, this.ctx.limits.closeTimeoutMs, body)
  }

  private accept(ws: WebSocket, socket: Duplex, address: string): void {
    this.pending.upgraded(socket)
    // Before any frame is read: `ws` starts reading on a later tick.
    countFragments(ws)
    const conn = new Connection(ws, address, this.ctx)
    connections.set(ws, conn)
    this.open.add(conn)
    this.caps.opened(address)
    ws.on('message', onMessage)
    ws.on('ping', onControlFrame)
    ws.on('pong', onControlFrame)
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
    heartbeatRound(this.open, this.ctx.metrics)
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
