import {
  ChatError,
  CLIENT_USER_SIG_EXPIRED,
  clientError,
  closeAction,
  NETWORK_ERROR,
  type NetState,
  notReadyCodeForKick,
  type ReadyReply,
  type RenewedReply,
  refusalAction,
  type ServerMessage,
} from '@chatgate/protocol'
import { backoffDelay } from './backoff.js'
import { type Connection, type Outgoing, openConnection } from './connection.js'
import { deviceLabel } from './deviceLabel.js'
import { startHeartbeat } from './heartbeat.js'
import {
  type Action,
  endedByServer,
  kickedOut,
  loggedIn,
  loggedOut,
  loginRefused,
  loginStarted,
  netStateChanged,
  renewFailed,
  serverError,
  userSigExpiring,
  userSigRenewed,
} from './machine.js'
import type { Settings } from './settings.js'
import { setTimerAt } from './timerAt.js'
import type { LoginOptions } from './types.js'

/** What a session needs from the client that owns it: its settings, and where to report. */
export interface SessionHost extends Settings {
  /** Every change a session makes goes here; the client's machine turns it into events. */
  dispatch(action: Action): void
  log(level: 0 | 1 | 2 | 3, ...args: unknown[]): void
}

/**
 * One login of one user, from the first socket to logout or kick: it logs in, keeps the
 * session alive across dropped sockets (reconnect with backoff and `resume`), pings, and
 * renews the UserSig before it expires. Once ended it does nothing more, so callbacks of
 * an old session can never touch a newer one.
 */
export interface Session {
  /** Settles after SDK_READY; rejects with the server's refusal, a network code, or the
   * reason the session was ended first. */
  readonly started: Promise<void>
  /** Replaces the UserSig in place; resolves with the new expiry (Unix ms). */
  renew(userSig: string): Promise<number>
  /**
   * Sends a request on the live socket and resolves with its reply (`getSessions`,
   * `endSession`…). While the session reconnects there is no socket to ask on: 2800.
   */
  ask(message: Outgoing): Promise<ServerMessage>
  /**
   * Logs out: SDK_NOT_READY at once, then a `logout` so the server frees the slot now (a
   * dropped socket would keep it for the grace period). A login already on the wire may
   * still be admitted, so its answer is awaited first and, if admitted, logged out too.
   */
  end(reason: ChatError): Promise<void>
}

/** A socket is open(ing) and logging in: the first login, or a reconnect resuming it. */
type Connecting = { name: 'connecting'; socket: Connection; login: Promise<ServerMessage> }

/**
 * Where a session is; exactly one at a time. `enter` is the only way from one to the next,
 * and it lets go of what the old phase held and the new one does not keep.
 */
type Phase =
  | Connecting
  /** Logged in over `socket`; the heartbeat runs until `stop`. */
  | { name: 'live'; socket: Connection; stop: () => void }
  /** The socket was lost; the next attempt waits out its backoff, cancelled by `stop`. */
  | { name: 'waiting'; stop: () => void }
  /** Logged out, kicked, refused or ended by the server: nothing happens any more. A
   * logout keeps its socket here to tell the server. */
  | { name: 'ended'; reason: ChatError; socket?: Connection | undefined }

/**
 * Login options of a client that shares its session with other clients (`@chatgate/tabs`:
 * one tab holds the session, and another takes it over when that tab goes).
 */
export interface SharedLogin extends LoginOptions {
  /**
   * The `sessionId` of a live session another client held (with its `userSig`), to take
   * over: the client is logged in at once and reconnects as after a dropped socket,
   * resuming it. No admission; a kick or a refusal arrives as on any reconnect. This
   * client raises SDK_READY at once, being new to the session; the app heard it before.
   */
  resume?: string
  /** With `resume`: when the session's UserSig expires (the snapshot's `userSigExpiresAt`). */
  expiresAt?: number
  /** Told what another client needs to resume this session, whenever that changes. */
  onResumable?: (sessionId: string, userSig: string) => void
}

/** Starts a session: the login (or the resume of `login.resume`) goes out at once. */
export function openSession(host: SessionHost, login: SharedLogin): Session {
  const { timers, requestTimeoutMs, dispatch, log } = host
  // `userSig` changes with renewals; `sessionId`, the server's id of this session once
  // admitted (or the one to take over), is what reconnects resume. One `let` ships smaller.
  let { userID, userSig, resume: sessionId } = login
  // Read at login, not import (server rendering): in a browser, its name and OS by default.
  const device =
    login.device ?? deviceLabel((globalThis as { navigator?: Navigator }).navigator?.userAgent)
  /** Reconnect attempts since the session was last live: the backoff's exponent. */
  let attempts = 0
  let cancelExpiry = () => {}
  // Until the first socket opens, a few lines below, the session waits on nothing.
  let phase: Phase = { name: 'waiting', stop() {} }

  /** Why the session ended, or undefined while it goes on. A function, not `phase.name`
   * inline: TypeScript would keep an earlier narrowing of `phase` across awaits. */
  const ended = () => (phase.name === 'ended' ? phase.reason : undefined)

  /** The one place the phase changes; a socket the new phase does not keep is closed. */
  const enter = (next: Phase, reason?: ChatError) => {
    const prev = phase
    phase = next
    if ('stop' in prev) prev.stop()
    if ('socket' in prev && prev.socket !== (next as { socket?: Connection }).socket) {
      prev.socket?.close(reason ?? clientError(NETWORK_ERROR))
    }
  }

  /** Ends the session unless it already ended; false if it had. */
  const finish = (reason: ChatError, action: Action, keepSocket?: Connection) => {
    if (ended()) return false
    enter({ name: 'ended', reason, socket: keepSocket }, reason)
    cancelExpiry()
    unwatchNetwork()
    dispatch(action)
    return true
  }

  /** Opens a socket and logs in on it (resuming the session after a drop); then live. */
  const attempt = async () => {
    const socket: Connection = openConnection(host, onMessage, (code) => onClose(socket, code))
    // Sent once the socket opens; the timeout covers connecting as well.
    const login = socket.request(
      {
        op: 'login',
        sdkAppID: host.SDKAppID,
        userID,
        userSig,
        platform: host.platform,
        resume: sessionId,
        // Sent on resumes too: the label is the login's, whichever socket carries it.
        device,
      },
      requestTimeoutMs,
    )
    enter({ name: 'connecting', socket, login })
    try {
      const reply = (await login) as ReadyReply
      if (!ended()) return goLive(socket, reply)
    } catch (error) {
      if (!ended()) throw error
    }
    // Ended meanwhile (logout, destroy, a kick): that is the answer, whatever the server said.
    throw ended()
  }

  const goLive = (socket: Connection, reply: ReadyReply) => {
    const { intervalMs, timeoutMs } = host.heartbeat
    sessionId = reply.sessionId
    attempts = 0
    enter({
      name: 'live',
      socket,
      stop: startHeartbeat(
        timers,
        intervalMs,
        () => socket.request({ op: 'ping' }, timeoutMs),
        () => drop(socket),
      ),
    })
    scheduleExpiry(reply.expiresAt)
    log(1, reply.resumed ? 'resumed' : 'ready', userID)
    dispatch(loggedIn(userID, reply.expiresAt))
  }

  /** The live socket is gone (closed, silent, or the device went offline): reconnect. */
  const drop = (socket: Connection, netState: NetState = 'connecting') => {
    if (phase.name !== 'live' || phase.socket !== socket) return
    log(2, 'lost')
    wait(netState)
  }

  const wait = (
    netState: NetState,
    delay = backoffDelay(attempts++, host.backoff, host.random),
  ) => {
    const handle = timers.setTimeout(reconnect, delay)
    enter({ name: 'waiting', stop: () => timers.clearTimeout(handle) })
    dispatch(netStateChanged(netState))
  }

  const reconnect = async () => {
    dispatch(netStateChanged('connecting'))
    try {
      await attempt()
    } catch (caught) {
      if (ended()) return
      const error = caught as ChatError
      if (refusalAction(error.code) === 'stop') stop(error)
      else wait('disconnected')
    }
  }

  /**
   * Frames that answer no request: a kick, or an error of the connection (as a ChatError).
   * Other ops are late replies to requests that timed out.
   */
  function onMessage(message: ServerMessage | ChatError): void {
    if (ended()) return
    if (message instanceof ChatError) {
      log(2, message)
      dispatch(serverError(message))
    } else if (message.op === 'kicked') {
      const { type, by } = message
      log(2, 'kicked', type)
      // `by`: the user's other session that caused the kick, when the server names one.
      const kick = { type, userID, at: host.now(), by }
      finish(clientError(notReadyCodeForKick(type)), kickedOut(kick))
    }
  }

  function onClose(socket: Connection, code: number): void {
    if (closeAction(code) === 'reconnect') drop(socket)
    else if (phase.name === 'live' && phase.socket === socket) {
      stop(clientError(NETWORK_ERROR, `Closed: ${code}`))
    }
  }

  /** The server ended the session without a kick: logged out, reported as ERROR. */
  const stop = (error: ChatError) => {
    log(3, 'ended', error)
    finish(error, endedByServer(error))
  }

  /** Runs when the session goes live and after each renewal: what a resume needs changed. */
  const scheduleExpiry = (expiresAt: number) => {
    login.onResumable?.(sessionId!, userSig)
    cancelExpiry()
    cancelExpiry = setTimerAt(host, expiresAt - host.renewBeforeMs, () => {
      dispatch(userSigExpiring(expiresAt))
      if (!login.getUserSig) return
      Promise.resolve(userID)
        .then(login.getUserSig)
        .then(renew)
        .catch((caught: unknown) => {
          if (ended()) return
          log(3, 'renew failed', caught)
          // The server's refusal keeps its code; any other failure means the UserSig expires.
          const error =
            caught instanceof ChatError
              ? caught
              : clientError(CLIENT_USER_SIG_EXPIRED, (caught as Error | undefined)?.message)
          dispatch(renewFailed(error))
        })
    })
  }

  const ask = async (message: Outgoing) => {
    if (phase.name !== 'live') throw clientError(NETWORK_ERROR)
    return phase.socket.request(message, requestTimeoutMs)
  }

  const renew = async (newSig: string) => {
    const { expiresAt } = (await ask({ op: 'renew', userSig: newSig })) as RenewedReply
    if (!ended()) {
      userSig = newSig
      scheduleExpiry(expiresAt)
      dispatch(userSigRenewed(expiresAt))
    }
    return expiresAt
  }

  const end = async (reason: ChatError) => {
    const prev = phase
    const socket = 'socket' in prev ? prev.socket : undefined
    // Kicked or ended by the server: nothing left to log out.
    if (!finish(reason, loggedOut, socket) || !socket) return
    const admitted =
      prev.name === 'live' ||
      (prev.name === 'connecting' &&
        (await prev.login.then(
          () => true,
          () => false,
        )))
    if (admitted) await socket.request({ op: 'logout' }, requestTimeoutMs).catch(() => {})
    socket.close(reason)
  }

  const unwatchNetwork = host.watchNetwork(
    () => {
      // Waiting out a backoff: the network is back, so try now.
      if (phase.name !== 'waiting') return
      attempts = 0
      wait('connecting', 0)
    },
    () => {
      if (phase.name === 'live') drop(phase.socket, 'disconnected')
    },
  )
  dispatch(sessionId ? loggedIn(userID, login.expiresAt!) : loginStarted(userID))
  const started = sessionId
    ? reconnect()
    : attempt().catch((error: ChatError) => {
        finish(error, loginRefused(error))
        throw error
      })
  return { started, renew, ask, end }
}
