import {
  type ChatError,
  chatError,
  closeAction,
  ERROR_CODES,
  type ErrorCode,
  EVENT,
  type EventName,
  type NetState,
  notReadyCodeForKick,
  type ReadyReply,
  type RenewedReply,
  type ServerMessage,
} from '@chatgate/protocol'
import { backoffDelay } from './backoff.js'
import { Connection } from './connection.js'
import type { Environment } from './environment.js'
import { toChatError } from './errors.js'
import { startHeartbeat } from './heartbeat.js'
import type { Action } from './machine.js'
import { setTimerAt } from './timerAt.js'
import type { ChatOptions, LoginOptions } from './types.js'

/** What a session needs from the client that owns it. */
export interface SessionHost {
  env: Environment
  options: ChatOptions
  SDKAppID: number
  url: string
  requestTimeoutMs: number
  dispatch(action: Action): void
  emit(name: EventName, data?: unknown): void
  log(level: 0 | 1 | 2 | 3, ...args: unknown[]): void
}

/**
 * One login of one user, from the first socket to logout or kick: it logs in, keeps the
 * session alive across dropped sockets (reconnect with backoff and `resume`), pings, and
 * renews the UserSig before it expires. Once ended it does nothing more, so callbacks of
 * an old session can never touch a newer one.
 */
export class Session {
  readonly userID: string
  #host: SessionHost
  #userSig: string
  #getUserSig: LoginOptions['getUserSig']
  #sessionId: string | undefined
  #conn: Connection | undefined
  /** The login request of `#conn`, once it is on the wire. */
  #loginSent: Promise<ServerMessage> | undefined
  #connected = false
  #attempts = 0
  #endReason: ChatError | undefined
  #stopHeartbeat: (() => void) | undefined
  #cancelRetry: (() => void) | undefined
  #cancelExpiry: (() => void) | undefined
  #unwatchNetwork: (() => void) | undefined

  constructor(host: SessionHost, { userID, userSig, getUserSig }: LoginOptions) {
    this.#host = host
    this.userID = userID
    this.#userSig = userSig
    this.#getUserSig = getUserSig
  }

  /** Logs in; resolves after SDK_READY. Rejects with the server's refusal or a network code. */
  async start(): Promise<void> {
    if (this.#endReason) throw this.#endReason
    const { dispatch, env } = this.#host
    this.#unwatchNetwork = env.watchNetwork(
      () => this.#onOnline(),
      () => this.#drop(this.#conn, 'disconnected'),
    )
    this.#host.log(1, 'login', this.userID)
    dispatch({ type: 'loggingIn', userID: this.userID })
    try {
      this.#ready(await this.#connect())
    } catch (error) {
      this.#end(error as ChatError, { type: 'failed', error: error as ChatError })
      throw error
    }
  }

  /** Replaces the UserSig in place; resolves with the new expiry (Unix ms). */
  async renew(userSig: string): Promise<number> {
    const conn = this.#conn
    if (!conn || !this.#connected) {
      throw chatError(ERROR_CODES.NETWORK_ERROR, 'Offline: renew once reconnected.')
    }
    const reply = await conn.request({ op: 'renew', userSig }, this.#host.requestTimeoutMs)
    const { expiresAt } = reply as RenewedReply
    if (!this.#endReason) {
      this.#userSig = userSig
      this.#scheduleExpiry(expiresAt)
      this.#host.dispatch({ type: 'renewed', expiresAt })
    }
    return expiresAt
  }

  /**
   * Logs out: SDK_NOT_READY at once, then a `logout` so the server frees the slot now (a
   * dropped socket would keep it for the grace period). A login already on the wire may
   * still be admitted, so its answer is awaited first and, if admitted, logged out too.
   */
  async end(reason: ChatError): Promise<void> {
    const conn = this.#conn
    const pendingLogin = this.#connected ? undefined : this.#loginSent
    const live = this.#connected
    this.#conn = undefined
    this.#end(reason, { type: 'loggedOut' })
    if (!conn) return
    const admitted =
      live ||
      (await pendingLogin?.then(
        () => true,
        () => false,
      ))
    if (admitted) {
      await conn.request({ op: 'logout' }, this.#host.requestTimeoutMs).catch(() => {})
    }
    conn.close(reason)
  }

  /** Stops everything, once; later callbacks of this session see `#endReason` and return. */
  #end(reason: ChatError, action: Action): void {
    if (this.#endReason) return
    this.#endReason = reason
    this.#connected = false
    this.#stopHeartbeat?.()
    this.#cancelRetry?.()
    this.#cancelExpiry?.()
    this.#unwatchNetwork?.()
    this.#conn?.close(reason)
    this.#host.dispatch(action)
  }

  /** Opens a socket and sends `login` (with `resume` after a drop); resolves with `ready`. */
  async #connect(resume?: string): Promise<ReadyReply> {
    const { env, requestTimeoutMs, options } = this.#host
    const conn: Connection = new Connection(
      env,
      this.#host.url,
      (message) => this.#onMessage(conn, message),
      (code) => this.#onClose(conn, code),
    )
    this.#conn = conn
    const timeout = chatError(ERROR_CODES.REQUEST_TIMEOUT)
    const timer = env.timers.setTimeout(() => conn.close(timeout), requestTimeoutMs)
    try {
      await conn.opened
      const login = conn.request(
        {
          op: 'login',
          sdkAppID: this.#host.SDKAppID,
          userID: this.userID,
          userSig: this.#userSig,
          platform: options.platform ?? 'web',
          resume,
        },
        requestTimeoutMs,
      )
      this.#loginSent = login
      const reply = await login
      if (this.#endReason) throw this.#endReason
      return reply as ReadyReply
    } catch (error) {
      throw this.#endReason ?? error
    } finally {
      env.timers.clearTimeout(timer)
    }
  }

  #ready(reply: ReadyReply): void {
    const conn = this.#conn!
    const { intervalMs, timeoutMs } = this.#host.options.heartbeat ?? {
      intervalMs: 25_000,
      timeoutMs: 10_000,
    }
    this.#sessionId = reply.sessionId
    this.#connected = true
    this.#attempts = 0
    this.#stopHeartbeat = startHeartbeat(
      this.#host.env.timers,
      intervalMs,
      () => conn.request({ op: 'ping' }, timeoutMs),
      () => this.#drop(conn),
    )
    this.#scheduleExpiry(reply.expiresAt)
    this.#host.log(1, reply.resumed ? 'resumed' : 'ready', reply.userID)
    this.#host.dispatch({ type: 'ready', userID: reply.userID, expiresAt: reply.expiresAt })
  }

  /** The live socket is gone (closed, silent, or the device went offline): reconnect. */
  #drop(conn: Connection | undefined, netState: NetState = 'connecting'): void {
    if (!conn || conn !== this.#conn || !this.#connected) return
    this.#host.log(2, 'connection lost')
    this.#connected = false
    this.#stopHeartbeat?.()
    conn.close(chatError(ERROR_CODES.NETWORK_ERROR))
    this.#retry(netState)
  }

  #retry(netState: NetState, delay?: number): void {
    const { env, options } = this.#host
    const bounds = options.backoff ?? { minMs: 500, maxMs: 30_000 }
    const wait = delay ?? backoffDelay(this.#attempts++, bounds, env.random)
    this.#cancelRetry?.()
    const handle = env.timers.setTimeout(() => this.#reconnect(), wait)
    this.#cancelRetry = () => env.timers.clearTimeout(handle)
    this.#host.dispatch({ type: 'net', netState })
  }

  async #reconnect(): Promise<void> {
    this.#cancelRetry = undefined
    if (this.#endReason) return
    this.#host.dispatch({ type: 'net', netState: 'connecting' })
    try {
      this.#ready(await this.#connect(this.#sessionId))
    } catch (caught) {
      if (this.#endReason) return
      const error = caught as ChatError
      if (error.code === ERROR_CODES.NETWORK_ERROR || error.code === ERROR_CODES.REQUEST_TIMEOUT) {
        this.#retry('disconnected')
      } else {
        this.#stop(error) // the server refused the resume (e.g. the UserSig expired)
      }
    }
  }

  #onOnline(): void {
    // Waiting out a backoff: the network is back, so try now.
    if (!this.#cancelRetry) return
    this.#attempts = 0
    this.#retry('connecting', 0)
  }

  #onMessage(conn: Connection, message: ServerMessage): void {
    if (conn !== this.#conn || this.#endReason) return
    switch (message.op) {
      case 'kicked': {
        const { type } = message
        this.#host.log(2, 'kicked out:', type)
        const reason = chatError(notReadyCodeForKick(type) as ErrorCode)
        this.#end(reason, { type: 'kicked', kick: { type, at: this.#host.env.now() } })
        return
      }
      case 'error': {
        const error = { code: message.code, message: message.message }
        this.#host.log(2, 'server error', error)
        this.#host.dispatch({ type: 'error', error })
        return
      }
      case 'ready':
      case 'renewed':
      case 'loggedOut':
      case 'pong':
        return // a late reply to a request that already timed out
      default:
        message satisfies never
    }
  }

  #onClose(conn: Connection, code: number): void {
    if (closeAction(code) === 'reconnect') {
      this.#drop(conn)
    } else if (conn === this.#conn && this.#connected) {
      this.#stop(chatError(ERROR_CODES.NETWORK_ERROR, `The server ended the session (${code}).`))
    }
  }

  /** The server ended the session without a kick: logged out, reported as ERROR. */
  #stop(error: ChatError): void {
    this.#host.log(3, 'session ended', error)
    this.#end(error, { type: 'failed', error })
    this.#host.emit(EVENT.ERROR, error)
  }

  #scheduleExpiry(expiresAt: number): void {
    const { env, options } = this.#host
    this.#cancelExpiry?.()
    this.#cancelExpiry = setTimerAt(env, expiresAt - (options.renewBeforeMs ?? 60_000), () => {
      this.#host.emit(EVENT.USER_SIG_EXPIRING, { expiresAt })
      const getUserSig = this.#getUserSig
      if (!getUserSig) return
      Promise.resolve()
        .then(getUserSig)
        .then((userSig) => this.renew(userSig))
        .catch((caught: unknown) => {
          if (this.#endReason) return
          const error = toChatError(caught, ERROR_CODES.CLIENT_USER_SIG_EXPIRED)
          this.#host.log(3, 'renewing the UserSig failed', error)
          this.#host.dispatch({ type: 'error', error })
          this.#host.emit(EVENT.ERROR, error)
        })
    })
  }
}
