import {
  ChatError,
  CLIENT_USER_SIG_EXPIRED,
  clientError,
  closeAction,
  EVENT,
  type EventName,
  NETWORK_ERROR,
  type NetState,
  notReadyCodeForKick,
  REQUEST_TIMEOUT,
  type ReadyReply,
  type RenewedReply,
  type ServerMessage,
} from '@chatgate/protocol'
import { backoffDelay } from './backoff.js'
import { type Connection, openConnection } from './connection.js'
import type { Environment } from './environment.js'
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
export interface Session {
  readonly userID: string
  /** Logs in; resolves after SDK_READY. Rejects with the server's refusal or a network code. */
  start(): Promise<void>
  /** Replaces the UserSig in place; resolves with the new expiry (Unix ms). */
  renew(userSig: string): Promise<number>
  /**
   * Logs out: SDK_NOT_READY at once, then a `logout` so the server frees the slot now (a
   * dropped socket would keep it for the grace period). A login already on the wire may
   * still be admitted, so its answer is awaited first and, if admitted, logged out too.
   */
  end(reason: ChatError): Promise<void>
}

export function createSession(host: SessionHost, login: LoginOptions): Session {
  const { env, options, dispatch, emit, log, requestTimeoutMs } = host
  const { timers } = env
  const { userID } = login
  let { userSig } = login
  let sessionId: string | undefined
  /** The current socket: live, or a login/resume attempt. */
  let conn: Connection | undefined
  /** The login request of `conn`, once it is on the wire. */
  let loginSent: Promise<ServerMessage> | undefined
  let connected = false
  let attempts = 0
  /** Set once the session is over; every later callback sees it and returns. */
  let endReason: ChatError | undefined
  let stopHeartbeat: (() => void) | undefined
  let cancelRetry: (() => void) | undefined
  let cancelExpiry: (() => void) | undefined
  let unwatchNetwork: (() => void) | undefined

  const finish = (reason: ChatError, action: Action) => {
    if (endReason) return
    endReason = reason
    connected = false
    stopHeartbeat?.()
    cancelRetry?.()
    cancelExpiry?.()
    unwatchNetwork?.()
    conn?.close(reason)
    dispatch(action)
  }

  /** Opens a socket and sends `login` (with `resume` after a drop); resolves with `ready`. */
  const connect = async (resume?: string): Promise<ReadyReply> => {
    const socket: Connection = openConnection(env, host.url, onMessage, (code) =>
      onClose(socket, code),
    )
    conn = socket
    const timer = timers.setTimeout(
      () => socket.close(clientError(REQUEST_TIMEOUT)),
      requestTimeoutMs,
    )
    try {
      await socket.opened
      loginSent = socket.request(
        {
          op: 'login',
          sdkAppID: host.SDKAppID,
          userID,
          userSig,
          platform: options.platform ?? 'web',
          resume,
        },
        requestTimeoutMs,
      )
      const reply = await loginSent
      if (endReason) throw endReason
      return reply as ReadyReply
    } catch (error) {
      throw endReason ?? error
    } finally {
      timers.clearTimeout(timer)
    }
  }

  const ready = (reply: ReadyReply) => {
    const socket = conn!
    const { intervalMs, timeoutMs } = options.heartbeat ?? { intervalMs: 25_000, timeoutMs: 10_000 }
    sessionId = reply.sessionId
    connected = true
    attempts = 0
    stopHeartbeat = startHeartbeat(
      timers,
      intervalMs,
      () => socket.request({ op: 'ping' }, timeoutMs),
      () => drop(socket),
    )
    scheduleExpiry(reply.expiresAt)
    log(1, reply.resumed ? 'resumed' : 'ready', userID)
    dispatch({ type: 'ready', userID, expiresAt: reply.expiresAt })
  }

  /** The live socket is gone (closed, silent, or the device went offline): reconnect. */
  const drop = (socket: Connection | undefined, netState: NetState = 'connecting') => {
    if (!socket || socket !== conn || !connected) return
    log(2, 'lost')
    connected = false
    stopHeartbeat?.()
    socket.close(clientError(NETWORK_ERROR))
    retry(netState)
  }

  const retry = (netState: NetState, delay?: number) => {
    const bounds = options.backoff ?? { minMs: 500, maxMs: 30_000 }
    const handle = timers.setTimeout(
      reconnect,
      delay ?? backoffDelay(attempts++, bounds, env.random),
    )
    cancelRetry?.()
    cancelRetry = () => timers.clearTimeout(handle)
    dispatch({ type: 'net', netState })
  }

  const reconnect = async () => {
    cancelRetry = undefined
    if (endReason) return
    dispatch({ type: 'net', netState: 'connecting' })
    try {
      ready(await connect(sessionId))
    } catch (caught) {
      if (endReason) return
      const error = caught as ChatError
      // 60000–79999: the server refused the login itself (the app, the UserSig, the rate
      // limit), and retrying cannot help. Anything else (the network, a timeout, a server
      // restarting or its registry away) may pass: try again.
      if (error.code >= 60_000 && error.code < 90_000) stop(error)
      else retry('disconnected')
    }
  }

  function onMessage(message: ServerMessage): void {
    if (endReason) return
    switch (message.op) {
      case 'kicked': {
        const { type } = message
        log(2, 'kicked', type)
        const reason = clientError(notReadyCodeForKick(type))
        finish(reason, { type: 'kicked', kick: { type, userID, at: env.now() } })
        return
      }
      case 'error': {
        const error = new ChatError(message.code, message.message)
        log(2, error)
        dispatch({ type: 'error', error })
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

  function onClose(socket: Connection, code: number): void {
    if (closeAction(code) === 'reconnect') {
      drop(socket)
    } else if (socket === conn && connected) {
      stop(clientError(NETWORK_ERROR, `Closed: ${code}`))
    }
  }

  /** The server ended the session without a kick: logged out, reported as ERROR. */
  const stop = (error: ChatError) => {
    log(3, 'ended', error)
    finish(error, { type: 'failed', error })
    emit(EVENT.ERROR, error)
  }

  const scheduleExpiry = (expiresAt: number) => {
    cancelExpiry?.()
    cancelExpiry = setTimerAt(env, expiresAt - (options.renewBeforeMs ?? 60_000), () => {
      emit(EVENT.USER_SIG_EXPIRING, { expiresAt })
      if (!login.getUserSig) return
      Promise.resolve()
        .then(() => login.getUserSig!(userID))
        .then(session.renew)
        .catch((caught: { code?: number; message?: string }) => {
          if (endReason) return
          const error =
            typeof caught?.code === 'number'
              ? (caught as ChatError)
              : clientError(CLIENT_USER_SIG_EXPIRED, caught?.message)
          log(3, 'renew failed', caught)
          dispatch({ type: 'error', error })
          emit(EVENT.ERROR, error)
        })
    })
  }

  const session: Session = {
    userID,

    async start() {
      if (endReason) throw endReason
      unwatchNetwork = env.watchNetwork(
        () => {
          // Waiting out a backoff: the network is back, so try now.
          if (!cancelRetry) return
          attempts = 0
          retry('connecting', 0)
        },
        () => drop(conn, 'disconnected'),
      )
      log(1, 'login', userID)
      dispatch({ type: 'loggingIn', userID })
      try {
        ready(await connect())
      } catch (error) {
        finish(error as ChatError, { type: 'failed', error: error as ChatError })
        throw error
      }
    },

    async renew(newSig) {
      const socket = conn
      if (!socket || !connected) {
        throw clientError(NETWORK_ERROR)
      }
      const reply = await socket.request({ op: 'renew', userSig: newSig }, requestTimeoutMs)
      const { expiresAt } = reply as RenewedReply
      if (!endReason) {
        userSig = newSig
        scheduleExpiry(expiresAt)
        dispatch({ type: 'renewed', expiresAt })
      }
      return expiresAt
    },

    async end(reason) {
      if (endReason) return // kicked or ended by the server: nothing left to log out
      const socket = conn
      const pendingLogin = connected ? undefined : loginSent
      const live = connected
      conn = undefined
      finish(reason, { type: 'loggedOut' })
      if (!socket) return
      const admitted =
        live ||
        (await pendingLogin?.then(
          () => true,
          () => false,
        ))
      if (admitted) await socket.request({ op: 'logout' }, requestTimeoutMs).catch(() => {})
      socket.close(reason)
    },
  }
  return session
}
