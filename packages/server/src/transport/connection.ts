import {
  CLOSE_CODES,
  type ClientMessage,
  ERROR_CODES,
  englishMessage,
  type KickType,
  parseClientMessage,
  type ServerMessage,
} from '@chatgate/protocol'
import type { RawData, WebSocket } from 'ws'
import { TokenBucket } from '../rateLimiter.js'
import { RegistryUnavailableError } from '../registry/types.js'
import type { ServerContext } from '../serverContext.js'
import { verifyAppUserSig } from '../verifyAppUserSig.js'
import {
  isRevoked,
  type LoginOutcome,
  type LoginRefusal,
  login,
  refuseInvalidLogin,
} from './login.js'
import type { LocalSession, SessionSocket } from './sessionHub.js'

/**
 * - `awaitingLogin`: connected; the first frame must be a login before the deadline.
 * - `loggingIn`: the login is being verified and admitted.
 * - `ready`: serving a session.
 * - `busy`: a logout is in flight.
 * - `closed`: closing or closed; frames are ignored. Nothing leaves it.
 */
export type ConnectionState = 'awaitingLogin' | 'loggingIn' | 'ready' | 'busy' | 'closed'

/** The only moves `setState` makes; any other is refused (e.g. a late login result on a closed socket). */
export const NEXT_STATES: Readonly<Record<ConnectionState, readonly ConnectionState[]>> = {
  awaitingLogin: ['loggingIn', 'closed'],
  loggingIn: ['ready', 'closed'],
  ready: ['busy', 'closed'],
  busy: ['ready', 'closed'],
  closed: [],
}

/** Frame errors after which the connection cannot go on. */
const FATAL_FRAME_ERRORS: ReadonlySet<number> = new Set([
  ERROR_CODES.INVALID_JSON,
  ERROR_CODES.INVALID_FRAME,
  ERROR_CODES.FRAME_TOO_LARGE,
])

/** Refusals that say "too often": the client is already told, the log need not be. */
const THROTTLE_CODES: ReadonlySet<number> = new Set([
  ERROR_CODES.TOO_MANY_FAILED_LOGINS,
  ERROR_CODES.TOO_MANY_LOGINS,
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

/** The peer did not answer our close frame in time: end the socket without it. */
function terminateIgnored(ws: WebSocket, ctx: ServerContext): void {
  if (ws.readyState === ws.CLOSED) return
  ctx.metrics.connectionTerminated('close_timeout')
  ws.terminate()
}

/**
 * One WebSocket and the protocol state of the session it serves. It translates frames
 * into calls (the login decision is `login()`'s, whose outcome it applies) and every
 * change of state goes through `setState`.
 */
export class Connection implements SessionSocket {
  private state: ConnectionState = 'awaitingLogin'
  private current: LocalSession | undefined = undefined
  private sigExpiresAt = Number.POSITIVE_INFINITY
  /** Cleared by each heartbeat round, set by any pong or frame. */
  private alive = true
  /** `performance.now()` at accept, for the login deadline. */
  readonly acceptedAt = performance.now()
  /** Every frame takes a token (rule 21). */
  private readonly requests: TokenBucket
  /** Frames refused in a row for the rate; at `requestBurst` the connection is closed. */
  private overRateInARow = 0
  /** Terminates the socket if the peer ignores our close frame (rule 23). */
  private closeTimer: NodeJS.Timeout | undefined = undefined

  constructor(
    readonly ws: WebSocket,
    /** The client's address (after `trustProxy`), for limits and logs. */
    readonly address: string,
    private readonly ctx: ServerContext,
  ) {
    const { requestsPerSecond, requestBurst } = ctx.limits
    this.requests = new TokenBucket(requestsPerSecond, requestBurst, this.acceptedAt)
  }

  get session(): LocalSession | undefined {
    return this.current
  }

  /** Unix ms when the session's UserSig expires. */
  get expiresAt(): number {
    return this.sigExpiresAt
  }

  handleFrame(data: RawData, isBinary: boolean): void {
    this.alive = true
    if (this.state === 'closed') return
    if (!this.requests.take(performance.now())) {
      this.overRate(isBinary ? undefined : peek(data.toString()).seq)
      return
    }
    this.overRateInARow = 0
    if (this.state === 'busy') return
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

  /** A pong (or any sign of the peer): it survives the next heartbeat round. */
  heardFromPeer(): void {
    this.alive = true
  }

  /** One heartbeat round: a peer that missed the previous ping is terminated, others pinged. */
  heartbeat(): void {
    if (!this.alive) {
      // No pong since the last round: the peer is gone. Its session enters its grace period.
      this.ctx.metrics.connectionTerminated('heartbeat')
      this.ws.terminate()
      return
    }
    this.alive = false
    this.ws.ping()
  }

  /** The registry's `kick` for this socket's session: `kicked`, then the KICKED close. */
  deliverKick(type: KickType): void {
    if (this.state === 'closed') return
    this.send({ op: 'kicked', type })
    this.close(CLOSE_CODES.KICKED, 'Kicked')
  }

  /** The client moved to another socket: close without a word. */
  dropSilently(): void {
    this.setState('closed')
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
    this.setState('closed')
    clearTimeout(this.closeTimer)
    this.ctx.hub.detach(this)
  }

  /** An unexpected error while serving this socket: log it and close with 1011. */
  crashed(error: unknown): void {
    this.ctx.logger.error('connection_error', { error: String(error) })
    this.fail(undefined, ERROR_CODES.INTERNAL_ERROR, CLOSE_CODES.INTERNAL_ERROR)
  }

  /** Moves to `next` if the table allows it from the current state; says whether it did. */
  private setState(next: ConnectionState): boolean {
    if (!NEXT_STATES[this.state].includes(next)) return false
    this.state = next
    return true
  }

  private get isOpen(): boolean {
    return this.state !== 'closed' && this.ws.readyState === this.ws.OPEN
  }

  private handleFirstFrame(text: string, parsed: ReturnType<typeof parseClientMessage>): void {
    if (parsed.ok && parsed.message.op === 'login') {
      const { seq } = parsed.message
      this.setState('loggingIn')
      const startedAt = performance.now()
      login(parsed.message, this, this.ctx).then(
        (outcome) => {
          this.ctx.metrics.loginTimed(outcome, performance.now() - startedAt)
          this.applyLogin(seq, outcome)
        },
        (error: unknown) => this.crashed(error),
      )
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
    this.refuse(seq, refuseInvalidLogin(code, message, this, this.ctx))
  }

  private applyLogin(seq: number, outcome: LoginOutcome): void {
    switch (outcome.kind) {
      case 'ready': {
        const { session, expiresAt, resumed } = outcome
        // The socket closed while the registry worked: the session waits out its grace period.
        if (!this.isOpen || !this.setState('ready')) {
          this.ctx.hub.holdDetached(session)
          return
        }
        this.current = session
        this.sigExpiresAt = expiresAt
        const { sessionId, userID } = session
        this.send({ op: 'ready', seq, sessionId, userID, expiresAt, resumed })
        this.ctx.hub.attach(this)
        return
      }
      case 'refused':
        this.refuse(seq, outcome)
        return
      case 'kicked':
        this.deliverKick(outcome.type)
        return
      default:
        outcome satisfies never
    }
  }

  /**
   * A frame over the request rate is not served: it is answered 90012, and after
   * `requestBurst` such frames in a row the client is not slowing down: close 4010.
   */
  private overRate(seq: number | undefined): void {
    const code = ERROR_CODES.TOO_MANY_REQUESTS
    if (++this.overRateInARow >= this.ctx.limits.requestBurst) {
      this.fail(seq, code, CLOSE_CODES.TOO_MANY_REQUESTS)
      return
    }
    const reply: ServerMessage = { op: 'error', code, message: englishMessage(code) }
    if (seq !== undefined) reply.seq = seq
    this.send(reply)
  }

  /**
   * A refused login: the error reply, then a close that tells the client what to do.
   * A client refused for its rate, or whose address is over the failed-login limit, may
   * try thousands of times a second: those refusals are counted in metrics and logged at
   * debug, so the log cannot be flooded (an address writes fewer lines than its limit).
   */
  private refuse(seq: number | undefined, refusal: LoginRefusal): void {
    this.ctx.metrics.loginFailed(refusal.code)
    const flood =
      THROTTLE_CODES.has(refusal.code) || this.ctx.limiter.isBlocked(this.address, undefined)
    const fields = { code: refusal.code, address: this.address }
    if (flood) this.ctx.logger.debug('login_refused', fields)
    else this.ctx.logger.info('login_refused', fields)
    this.fail(seq, refusal.code, refusal.closeCode, refusal.message)
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
    const session = this.current!
    const app = this.ctx.apps.get(session.sdkAppID)!
    const verified = verifyAppUserSig(app, userSig, session.userID, this.ctx)
    if (!verified.ok) {
      this.sendError(seq, verified.code, verified.message)
      return
    }
    // A sig from before a REST kick of the user must not extend a later session (rule 26).
    isRevoked(this.ctx.registry, session.sdkAppID, session.userID, verified.issuedAt).then(
      (revoked) => {
        if (this.state !== 'ready' || this.current !== session) return
        if (revoked) {
          this.sendError(seq, ERROR_CODES.USER_SIG_REVOKED)
          return
        }
        this.sigExpiresAt = verified.expiresAt * 1000
        this.ctx.hub.renewed(this)
        this.send({ op: 'renewed', seq, expiresAt: this.sigExpiresAt })
      },
      (error: unknown) => {
        if (!(error instanceof RegistryUnavailableError)) this.crashed(error)
        else if (this.state === 'ready') this.sendError(seq, ERROR_CODES.REGISTRY_UNAVAILABLE)
      },
    )
  }

  private async logout(seq: number): Promise<void> {
    const session = this.current!
    this.setState('busy')
    try {
      await this.ctx.registry.release(session.sdkAppID, session.userID, session.sessionId)
    } catch (error) {
      if (!(error instanceof RegistryUnavailableError)) throw error
      this.setState('ready')
      this.sendError(seq, ERROR_CODES.REGISTRY_UNAVAILABLE)
      return
    }
    this.ctx.hub.forget(this)
    const { sdkAppID, userID } = session
    this.ctx.logger.info('logout', { sdkAppID, userID, address: this.address })
    if (!this.isOpen) return
    this.send({ op: 'loggedOut', seq })
    this.close(CLOSE_CODES.LOGGED_OUT, 'Logged out')
  }

  private fail(
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

  private sendError(seq: number, code: number, message = englishMessage(code)): void {
    this.send({ op: 'error', seq, code, message })
  }

  /**
   * Sends unless the socket is closing. Whatever the client has not read yet waits in
   * `bufferedAmount`; past `sendBufferBytes` the client is not keeping up, and the
   * connection is closed with 4009 (rule 21) before it can cost more.
   */
  private send(message: ServerMessage): void {
    if (this.ws.readyState !== this.ws.OPEN) return
    this.ws.send(JSON.stringify(message))
    if (this.ws.bufferedAmount <= this.ctx.limits.sendBufferBytes) return
    // Moving to `closed` first keeps the error below from landing here again.
    if (this.setState('closed')) {
      this.fail(undefined, ERROR_CODES.SEND_BUFFER_FULL, CLOSE_CODES.SEND_BUFFER_FULL)
    }
  }

  private close(code: number, reason: string): void {
    if (this.state === 'closed' && this.ws.readyState !== this.ws.OPEN) return
    this.setState('closed')
    this.ctx.metrics.connectionClosed(code)
    // A close reason is capped at 123 bytes by the protocol.
    this.ws.close(code, reason.slice(0, 100))
    // `ws` waits 30 s for the peer's answer; a peer that never reads would hold the
    // socket (and what is buffered for it) that long.
    this.closeTimer = setTimeout(
      terminateIgnored,
      this.ctx.limits.closeTimeoutMs,
      this.ws,
      this.ctx,
    )
    this.closeTimer.unref()
  }
}
