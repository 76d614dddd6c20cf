import {
  CLOSE_CODES,
  type ClientMessage,
  ERROR_CODES,
  englishMessage,
  type KickedBy,
  type KickType,
  parseClientMessage,
  type ServerMessage,
} from '@chatgate/protocol'
import type { RawData, WebSocket } from 'ws'
import { RegistryUnavailableError } from '../registry/types.js'
import type { ServerContext } from '../serverContext.js'
import { FATAL_FRAME_ERRORS, peek } from './framePeek.js'
import { type LoginOutcome, type LoginRefusal, login, refuseInvalidLogin } from './login.js'
import { reportLoginRefusal } from './loginRefusalLog.js'
import { decideRenewal } from './renewal.js'
import { RequestRate } from './requestRate.js'
import { heldForClient, SendBacklog } from './sendBacklog.js'
import type { LocalSession, SessionSocket } from './sessionHub.js'
import { answerSessionRequest, type SessionRequest } from './sessionRequests.js'
import { type HeartbeatPeer, terminateUnanswered } from './socketLiveness.js'

/** A session's last-seen time is refreshed on traffic at most this often (rule 33). */
export const SEEN_EVERY_MS = 60_000

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

/**
 * One WebSocket and the protocol state of the session it serves. It translates frames
 * into calls (the login decision is `login()`'s, whose outcome it applies) and every
 * change of state goes through `setState`.
 */
export class Connection implements SessionSocket, HeartbeatPeer {
  private state: ConnectionState = 'awaitingLogin'
  private current: LocalSession | undefined = undefined
  private sigExpiresAt = Number.POSITIVE_INFINITY
  alive = true
  /** `performance.now()` at accept, for the login deadline. */
  readonly acceptedAt = performance.now()
  /** Every frame takes a token (rules 21, 34). */
  private readonly requests: RequestRate
  /** Messages queued while the client was not reading; made when it first falls behind. */
  private backlog: SendBacklog | undefined = undefined
  /** Terminates the socket if the peer ignores our close frame (rule 23). */
  private closeTimer: NodeJS.Timeout | undefined = undefined
  /** Unix ms (the server's clock) when the session was last reported seen to the registry. */
  private seenAt = 0

  constructor(
    readonly ws: WebSocket,
    /** The client's address (after `trustProxy`), for limits and logs. */
    readonly address: string,
    private readonly ctx: ServerContext,
  ) {
    const { requestsPerSecond, requestBurst } = ctx.limits
    this.requests = new RequestRate(requestsPerSecond, requestBurst, this.acceptedAt)
  }

  get session(): LocalSession | undefined {
    return this.current
  }

  /** Unix ms when the session's UserSig expires. */
  get expiresAt(): number {
    return this.sigExpiresAt
  }

  /** One message from the client, which came in `fragments` frames. */
  handleFrame(data: RawData, isBinary: boolean, fragments: number): void {
    this.alive = true
    if (this.state === 'closed') return
    this.seen()
    const verdict = this.requests.take(performance.now(), fragments)
    if (verdict !== 'serve') {
      this.overRate(verdict, isBinary ? undefined : peek(data.toString()).seq)
      return
    }
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

  /**
   * A ping or pong from the client. `ws` answers a ping itself, but each takes a token like
   * any frame (rule 21): a client that floods them is closed 4010 like one that floods
   * requests (a refused one goes unanswered by us, there being nothing to answer).
   */
  handleControlFrame(): void {
    this.alive = true
    if (this.state === 'closed') return
    this.seen()
    if (this.requests.take(performance.now(), 1) === 'close') {
      this.fail(undefined, ERROR_CODES.TOO_MANY_REQUESTS, CLOSE_CODES.TOO_MANY_REQUESTS)
    }
  }

  /** The registry's `kick` for this socket's session: `kicked`, then the KICKED close. */
  deliverKick(type: KickType, by?: KickedBy): void {
    if (this.state === 'closed') return
    this.send(by ? { op: 'kicked', type, by } : { op: 'kicked', type })
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
        // The login or resume itself was the registry's last sighting.
        this.seenAt = this.ctx.now()
        const { sessionId, userID } = session
        this.send({ op: 'ready', seq, sessionId, userID, expiresAt, resumed })
        this.ctx.hub.attach(this)
        return
      }
      case 'refused':
        this.refuse(seq, outcome)
        return
      case 'kicked':
        this.deliverKick(outcome.type, outcome.by)
        return
      default:
        outcome satisfies never
    }
  }

  /**
   * A message over the request rate is not served: it is answered 90012, and a client
   * that is not slowing down (see `RequestRate`) is closed 4010.
   */
  private overRate(verdict: 'refuse' | 'close', seq: number | undefined): void {
    const code = ERROR_CODES.TOO_MANY_REQUESTS
    if (verdict === 'close') {
      this.fail(seq, code, CLOSE_CODES.TOO_MANY_REQUESTS)
      return
    }
    const reply: ServerMessage = { op: 'error', code, message: englishMessage(code) }
    if (seq !== undefined) reply.seq = seq
    this.send(reply)
  }

  /** A refused login: counted and logged (see `reportLoginRefusal`), the error reply, then a close. */
  private refuse(seq: number | undefined, refusal: LoginRefusal): void {
    reportLoginRefusal(refusal, this.address, this.ctx)
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
      case 'getSessions':
      case 'endSession':
      case 'endOtherSessions':
        if (this.state !== 'ready') this.sendError(request.seq, ERROR_CODES.NOT_LOGGED_IN)
        else this.answerSessions(request)
        return
      default:
        request satisfies never
    }
  }

  private renew(seq: number, userSig: string): void {
    decideRenewal(this.current!, userSig, this.ctx).then(
      (outcome) => {
        // Logging out, kicked or closed meanwhile (a connection serves one session, so
        // `ready` is still the same one): the answer has nobody to go to.
        if (this.state !== 'ready') return
        if (!outcome.ok) {
          this.sendError(seq, outcome.code, outcome.message)
          return
        }
        this.sigExpiresAt = outcome.expiresAt
        this.ctx.hub.renewed(this)
        this.send({ op: 'renewed', seq, expiresAt: outcome.expiresAt })
      },
      (error: unknown) => this.crashed(error),
    )
  }

  private answerSessions(request: SessionRequest): void {
    answerSessionRequest(request, this.current!, this.ctx).then(
      (reply) => {
        // Logging out, kicked or closed meanwhile: the answer has nobody to go to.
        if (this.state === 'ready') this.send(reply)
      },
      (error: unknown) => this.crashed(error),
    )
  }

  /**
   * Traffic on a logged-in socket: at most once a minute, tell the registry the session
   * was seen (rule 33). Best effort: a failed write is tried again at the next sighting
   * a minute on, and a session that is gone is not written.
   */
  private seen(): void {
    if (this.state !== 'ready') return
    const time = this.ctx.now()
    if (time - this.seenAt < SEEN_EVERY_MS) return
    this.seenAt = time
    const { sdkAppID, userID, sessionId } = this.current!
    this.ctx.registry.touch(sdkAppID, userID, sessionId, time).catch(() => {})
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
   * Sends unless the socket is closing. What the client has not read yet waits in this
   * process: its bytes, and for each message queued behind others a cost of its own (see
   * `SendBacklog`). Past `sendBufferBytes` the client is not keeping up, and the connection
   * is closed with 4009 (rule 21) before it can cost more.
   */
  private send(message: ServerMessage): void {
    const { ws } = this
    if (ws.readyState !== ws.OPEN) return
    const text = JSON.stringify(message)
    const cap = this.ctx.limits.sendBufferBytes
    if (ws.bufferedAmount === 0) {
      // Nothing waits (a client that reads): no bookkeeping, and one reply alone (a few
      // hundred bytes, the cap at least 1 KiB) cannot pass the cap.
      ws.send(text)
      if (text.length * 3 <= cap) return
    } else {
      this.backlog ??= new SendBacklog()
      const backlog = this.backlog
      backlog.queued++
      ws.send(text, backlog.written)
    }
    if (heldForClient(ws, this.backlog) <= cap) return
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
    this.closeTimer = terminateUnanswered(this.ws, this.ctx.metrics, this.ctx.limits.closeTimeoutMs)
  }
}
