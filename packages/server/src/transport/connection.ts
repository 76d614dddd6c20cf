import {
  CLOSE_CODES,
  type ClientMessage,
  ERROR_CODES,
  englishMessage,
  type KickType,
  parseClientMessage,
  type ServerMessage,
} from '@chatgate/protocol'
import { verifyUserSig } from '@chatgate/usersig'
import type { RawData, WebSocket } from 'ws'
import { RegistryUnavailableError } from '../registry/types.js'
import type { ServerContext } from './context.js'
import { login } from './login.js'
import type { LocalSession, SessionSocket } from './sessionHub.js'

/**
 * - `awaitingLogin`: connected; the first frame must be a login before the deadline.
 * - `loggingIn`: the login is being verified and admitted.
 * - `ready`: serving a session.
 * - `busy`: a logout is in flight.
 * - `closed`: closing or closed; frames are ignored.
 */
export type ConnectionState = 'awaitingLogin' | 'loggingIn' | 'ready' | 'busy' | 'closed'

/** Frame errors after which the connection cannot go on. */
const FATAL_FRAME_ERRORS: ReadonlySet<number> = new Set([
  ERROR_CODES.INVALID_JSON,
  ERROR_CODES.INVALID_FRAME,
  ERROR_CODES.FRAME_TOO_LARGE,
])

/** Reads `op` and `seq` of a frame the validator refused, to address the error reply. */
function peek(text: string): { op?: unknown; seq?: number } {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null) return {}
    const { op, seq } = value as { op?: unknown; seq?: unknown }
    return {
      op,
      seq: Number.isSafeInteger(seq) && (seq as number) >= 0 ? (seq as number) : undefined,
    }
  } catch {
    return {}
  }
}

/** One WebSocket and the protocol state of the session it serves. */
export class Connection implements SessionSocket {
  state: ConnectionState = 'awaitingLogin'
  session: LocalSession | undefined = undefined
  expiresAt = Number.POSITIVE_INFINITY
  /** Cleared by each heartbeat round, set by any pong or frame. */
  alive = true
  /** `performance.now()` at accept, for the login deadline. */
  readonly acceptedAt = performance.now()

  constructor(
    readonly ws: WebSocket,
    readonly address: string,
    private readonly ctx: ServerContext,
  ) {}

  handleFrame(data: RawData, isBinary: boolean): void {
    this.alive = true
    if (this.state === 'closed' || this.state === 'busy') return
    if (isBinary) {
      this.fail(
        undefined,
        ERROR_CODES.INVALID_FRAME,
        CLOSE_CODES.PROTOCOL_ERROR,
        'Frames must be text.',
      )
      return
    }
    const text = data.toString()
    const parsed = parseClientMessage(text)
    if (this.state === 'awaitingLogin') {
      this.handleFirstFrame(text, parsed)
      return
    }
    if (!parsed.ok) {
      const { code, message } = parsed.error
      if (FATAL_FRAME_ERRORS.has(code))
        this.fail(undefined, code, CLOSE_CODES.PROTOCOL_ERROR, message)
      else this.send({ op: 'error', seq: peek(text).seq, code, message })
      return
    }
    this.handleRequest(parsed.message)
  }

  private handleFirstFrame(text: string, parsed: ReturnType<typeof parseClientMessage>): void {
    if (parsed.ok && parsed.message.op === 'login') {
      this.state = 'loggingIn'
      void login(this, parsed.message, this.ctx).catch((error: unknown) => this.crashed(error))
      return
    }
    const { op, seq } = peek(text)
    if (parsed.ok || parsed.error.code === ERROR_CODES.UNKNOWN_OPERATION) {
      this.fail(seq, ERROR_CODES.NOT_LOGGED_IN, CLOSE_CODES.PROTOCOL_ERROR)
      return
    }
    const { code, message } = parsed.error
    if (op !== 'login' || FATAL_FRAME_ERRORS.has(code)) {
      this.fail(seq, code, CLOSE_CODES.PROTOCOL_ERROR, message)
      return
    }
    // A login with a bad field (UserID, oversize sig, …) is a failed login like any other.
    this.ctx.limiter.recordFailure(this.address, undefined)
    this.refuseLogin(seq, code, CLOSE_CODES.LOGIN_REFUSED, message)
  }

  private handleRequest(request: ClientMessage): void {
    switch (request.op) {
      case 'ping':
        this.send({ op: 'pong', seq: request.seq })
        return
      case 'login':
        this.send({
          op: 'error',
          seq: request.seq,
          code:
            this.state === 'ready' ? ERROR_CODES.INVALID_PARAMETERS : ERROR_CODES.LOGIN_IN_PROGRESS,
          message:
            this.state === 'ready'
              ? 'Already logged in on this connection.'
              : englishMessage(ERROR_CODES.LOGIN_IN_PROGRESS),
        })
        return
      case 'renew':
        if (this.state !== 'ready') this.sendError(request.seq, ERROR_CODES.NOT_LOGGED_IN)
        else this.renew(request.seq, request.userSig)
        return
      case 'logout':
        if (this.state !== 'ready') this.sendError(request.seq, ERROR_CODES.NOT_LOGGED_IN)
        else void this.logout(request.seq).catch((error: unknown) => this.crashed(error))
        return
      default:
        request satisfies never
    }
  }

  private renew(seq: number, userSig: string): void {
    const session = this.session!
    const app = this.ctx.apps.get(session.sdkAppID)!
    const verified = verifyUserSig(userSig, {
      sdkAppID: app.SDKAppID,
      secretKey: app.secretKey,
      userID: session.userID,
      now: Math.floor(this.ctx.now() / 1000),
      clockSkewSeconds: this.ctx.clockSkewSeconds,
    })
    if (!verified.ok) {
      this.sendError(seq, verified.code, verified.message)
      return
    }
    this.expiresAt = verified.expiresAt * 1000
    this.ctx.hub.renewed(this)
    this.send({ op: 'renewed', seq, expiresAt: this.expiresAt })
  }

  private async logout(seq: number): Promise<void> {
    const session = this.session!
    this.state = 'busy'
    try {
      await this.ctx.registry.release(session.sdkAppID, session.userID, session.sessionId)
    } catch (error) {
      if (!(error instanceof RegistryUnavailableError)) throw error
      if (this.state === 'busy') this.state = 'ready'
      this.sendError(seq, ERROR_CODES.REGISTRY_UNAVAILABLE)
      return
    }
    this.ctx.hub.forget(this)
    if (!this.isOpen) return
    this.send({ op: 'loggedOut', seq })
    this.close(CLOSE_CODES.LOGGED_OUT, 'Logged out')
  }

  /** Called by the login flow once the registry has admitted or re-attached the session. */
  becomeReady(seq: number, session: LocalSession, expiresAt: number, resumed: boolean): void {
    this.session = session
    this.expiresAt = expiresAt
    this.state = 'ready'
    this.send({
      op: 'ready',
      seq,
      sessionId: session.sessionId,
      userID: session.userID,
      expiresAt,
      resumed,
    })
    this.ctx.hub.attach(this)
  }

  /** A refused login: the error reply, then a close that tells the client not to retry. */
  refuseLogin(seq: number | undefined, code: number, closeCode: number, message?: string): void {
    this.ctx.metrics.loginFailed(code)
    this.ctx.logger.info('login_refused', { code, address: this.address })
    this.fail(seq, code, closeCode, message)
  }

  deliverKick(type: KickType): void {
    if (this.state === 'closed') return
    this.send({ op: 'kicked', type })
    this.close(CLOSE_CODES.KICKED, 'Kicked')
  }

  dropSilently(): void {
    this.state = 'closed'
    this.ws.terminate()
  }

  /** Server shutdown: the session stays in the registry so the client can resume elsewhere. */
  goAway(): void {
    this.close(CLOSE_CODES.GOING_AWAY, 'Server shutting down')
  }

  loginDeadlinePassed(): void {
    if (this.state !== 'awaitingLogin') return
    this.fail(undefined, ERROR_CODES.LOGIN_TIMEOUT, CLOSE_CODES.LOGIN_TIMEOUT)
  }

  /** The socket closed, for whatever reason. A session still attached keeps its grace period. */
  handleClose(): void {
    this.state = 'closed'
    this.ctx.hub.detach(this)
  }

  get isOpen(): boolean {
    return this.state !== 'closed' && this.ws.readyState === this.ws.OPEN
  }

  fail(
    seq: number | undefined,
    code: number,
    closeCode: number,
    message = englishMessage(code),
  ): void {
    const reply: ServerMessage = { op: 'error', code, message }
    if (seq !== undefined) reply.seq = seq
    this.send(reply)
    this.close(closeCode, message)
  }

  sendError(seq: number, code: number, message = englishMessage(code)): void {
    this.send({ op: 'error', seq, code, message })
  }

  send(message: ServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message))
  }

  close(code: number, reason: string): void {
    if (this.state === 'closed' && this.ws.readyState !== this.ws.OPEN) return
    this.state = 'closed'
    // A close reason is capped at 123 bytes by the protocol.
    this.ws.close(code, reason.slice(0, 100))
  }

  /** An unexpected error while serving this socket: log it and close with 1011. */
  crashed(error: unknown): void {
    this.ctx.logger.error('connection_error', { error: String(error) })
    this.fail(undefined, ERROR_CODES.INTERNAL_ERROR, CLOSE_CODES.INTERNAL_ERROR)
  }
}
