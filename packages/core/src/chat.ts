import {
  type ChatError,
  CLIENT_DESTROYED,
  clientError,
  EVENT,
  type EventName,
  INVALID_PARAMETERS,
  isValidDevice,
  isValidUserID,
  KICK_TYPES,
  type LogLevel,
  NET_STATES,
  NOT_LOGGED_IN,
  NOT_READY_LOGGED_OUT,
  SDK_APP_ID_MISSING,
  type SessionInfo,
  type SessionsEndedReply,
  type SessionsReply,
  USER_ID_INVALID,
  USER_ID_MISSING,
  USER_SIG_MISSING,
} from '@chatgate/protocol'
import type { ChatClient } from './client.js'
import type { Outgoing } from './connection.js'
import { createEmitter, type Handler } from './emitter.js'
import { type Action, emitEventsBetween, initialState } from './machine.js'
import { openSession, type Session, type SessionHost } from './session.js'
import { appIdOf, resolveSettings } from './settings.js'
import type { ChatSnapshot } from './snapshot.js'
import type {
  ChatListenerMethod,
  ChatOptions,
  ChatResponse,
  LoginData,
  LoginOptions,
  SetLogLevel,
} from './types.js'
import { VERSION } from './version.js'

/**
 * TencentCloudChat.TYPES values of the login surface: kick types and network states; and
 * Chatgate's own kick type, KICKED_OUT_SESSION_ENDED ('sessionEnded').
 */
export const TYPES = { ...KICK_TYPES, ...NET_STATES } as const

const LOG_METHODS = ['debug', 'info', 'warn', 'error'] as const

const ok = <T>(data: T): ChatResponse<T> => ({ code: 0, data })

type Empty = ChatResponse<Record<string, never>>
type Ended = ChatResponse<{ ended: number }>

/** The clients `Chat.create` handed out, by SDKAppID, until they are destroyed. */
const live = new Map<number, Chat>()

/**
 * A Chatgate client with the login API of TencentCloudChat. Every method that can fail
 * returns a promise that rejects with a `ChatError` (`code`, `message`); none throws.
 *
 * The methods are closures over the client's state, made by the constructor, rather than
 * prototype methods over private fields: the same behaviour in far fewer bytes shipped.
 */
export class Chat implements ChatClient {
  static readonly EVENT = EVENT
  static readonly TYPES = TYPES
  /** The version of `@chatgate/core`. */
  static readonly VERSION = VERSION

  /**
   * The client of `options.SDKAppID`: made by the first call, and returned by every later
   * call until it is destroyed, whatever their other options (rule 28) — several modules
   * of one app share one client, as with TencentCloudChat. `new Chat(options)` makes an
   * independent one (tests, several accounts in one Node process).
   */
  static create(options: ChatOptions): Chat {
    const id = appIdOf(options)
    const chat = live.get(id) ?? new Chat(options)
    if (id) live.set(id, chat)
    return chat
  }

  /** For `useSyncExternalStore`: runs after every snapshot change. Returns an unsubscribe. */
  declare readonly subscribe: (listener: () => void) => () => void
  /** The current immutable snapshot; a new object only when something in it changed. */
  declare readonly getSnapshot: () => ChatSnapshot
  /** Calls `handler` with `this` bound to `context` on every event `name`. */
  declare readonly on: ChatListenerMethod
  /** Removes `handler`; `context` is accepted for TencentCloudChat's signature. */
  declare readonly off: ChatListenerMethod
  /** As `on`, for the next event `name` only. */
  declare readonly once: ChatListenerMethod
  /** 0 all, 1 release, 2 warn, 3 error, 4 none. */
  declare readonly setLogLevel: SetLogLevel
  declare readonly isReady: () => boolean
  /** The logged-in (or logging-in) UserID; '' when logged out. */
  declare readonly getLoginUser: () => string
  /** 1 logged in, 2 logging in, 3 logged out (V2TIM values). */
  declare readonly getLoginStatus: () => ChatSnapshot['loginStatus']
  /**
   * Logs in and resolves after SDK_READY. The same UserID while logged in resolves
   * `repeatLogin: true`; while its login is in flight, the same promise. Another UserID
   * logs the current one out first.
   */
  declare readonly login: (options: LoginOptions) => Promise<ChatResponse<LoginData>>
  /** Replaces the UserSig in place: no reconnect, no new SDK_READY. Needs a ready SDK. */
  declare readonly renewUserSig: (userSig: string) => Promise<ChatResponse<{ expiresAt: number }>>
  /**
   * Logs out: SDK_NOT_READY comes before it resolves, and the server frees the slot.
   * Rejects 2024 when nobody is logged in or logging in (as TencentCloudChat does).
   */
  declare readonly logout: () => Promise<Empty>
  /**
   * Logs out, closes the socket, emits SDK_DESTROY and drops every listener. Later calls
   * reject 90009, but `destroy` itself: it resolves again, so a bare `chat.destroy()` can
   * never become an unhandled rejection (rule 28).
   */
  declare readonly destroy: () => Promise<Empty>
  /**
   * The user's sessions on every node (platform, device, login and last-seen times,
   * address), this one `current: true`. Needs a ready SDK; 2800 while reconnecting.
   */
  declare readonly getSessions: () => Promise<ChatResponse<{ sessions: SessionInfo[] }>>
  /**
   * Ends another session of the user, by the `sessionID` `getSessions` gave: it is kicked
   * with type `sessionEnded` and `by` naming this one. Rejects 90019 for a sessionID that
   * is not one of the user's, 90020 for this session's own (log out instead).
   */
  declare readonly endSession: (sessionID: string) => Promise<Ended>
  /** Ends every session of the user but this one; `ended` counts them. */
  declare readonly endOtherSessions: () => Promise<Ended>

  constructor(options: ChatOptions) {
    const log = (level: 0 | 1 | 2 | 3, ...args: unknown[]) => {
      if (level >= host.logLevel) host.logger[LOG_METHODS[level]]('[chatgate]', ...args)
    }
    /** The resolved options, and where sessions report. Built once. */
    const host: SessionHost = {
      ...resolveSettings(options),
      dispatch(action: Action) {
        const prev = state
        state = action(prev)
        if (state.snapshot !== prev.snapshot) for (const listener of [...listeners]) listener()
        emitEventsBetween(prev, state, emitter.emit)
      },
      log,
    }
    const emitter = createEmitter((error) => log(3, 'handler threw', error))
    const listeners = new Set<() => void>()
    let state = initialState
    let session: Session | undefined
    /** What `login` answered for the current session: returned again while it is in flight. */
    let loggingIn: Promise<ChatResponse<LoginData>> | undefined
    /** Set by the first `destroy()`, which every later one returns. */
    let destroyed: Promise<Empty> | undefined

    const listen = (name: EventName, handler: unknown, context: unknown, once: boolean) => {
      if (!Object.values(EVENT).includes(name)) log(2, 'unknown event', name)
      emitter.on(name, handler as Handler, context, once)
    }
    const endSession = async (reason: ChatError) => {
      const ending = session
      session = undefined
      await ending?.end(reason)
    }
    const checkUsable = () => {
      if (destroyed) throw clientError(CLIENT_DESTROYED)
    }
    /** The session of a call that needs a ready SDK; otherwise the not-ready code (rule 9). */
    const readySession = () => {
      checkUsable()
      if (!state.snapshot.ready) throw clientError(state.notReadyCode)
      return session!
    }
    /**
     * A request of the session list (`getSessions`, `endSession`, `endOtherSessions`):
     * resolves with the reply's fields but `op` and `seq`. Bad arguments reject 6017 and
     * send nothing.
     */
    const request = async (message: Outgoing, badArguments?: boolean) => {
      const ready = readySession()
      if (badArguments) throw clientError(INVALID_PARAMETERS)
      const { op, seq, ...data } = (await ready.ask(message)) as SessionsReply | SessionsEndedReply
      return ok(data)
    }
    const checkLogin = (login: LoginOptions): ChatError | undefined => {
      const { SDKAppID, url, WebSocket } = host
      const code = destroyed
        ? CLIENT_DESTROYED
        : !SDKAppID
          ? SDK_APP_ID_MISSING
          : !login?.userID
            ? USER_ID_MISSING
            : !isValidUserID(login.userID)
              ? USER_ID_INVALID
              : !login.userSig || typeof login.userSig !== 'string'
                ? USER_SIG_MISSING
                : login.device !== undefined && !isValidDevice(login.device)
                  ? INVALID_PARAMETERS
                  : undefined
      if (code) return clientError(code)
      if (!url) return clientError(INVALID_PARAMETERS, 'No url.')
      if (!WebSocket) return clientError(INVALID_PARAMETERS, 'No WebSocket (pass `ws` on Node).')
      return undefined
    }

    Object.assign(this, {
      subscribe: (listener: () => void) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      getSnapshot: () => state.snapshot,
      on: (name: EventName, handler: unknown, context?: unknown) =>
        listen(name, handler, context, false),
      off: (name: EventName, handler: unknown) => emitter.off(name, handler as Handler),
      once: (name: EventName, handler: unknown, context?: unknown) =>
        listen(name, handler, context, true),
      setLogLevel: (level: LogLevel) => {
        host.logLevel = level
      },
      isReady: () => state.snapshot.ready,
      getLoginUser: () => state.snapshot.userID,
      getLoginStatus: () => state.snapshot.loginStatus,
      login: (login: LoginOptions) => {
        const refusal = checkLogin(login)
        if (refusal) return Promise.reject(refusal)
        const { snapshot } = state
        if (snapshot.userID === login.userID) {
          if (snapshot.ready) {
            return Promise.resolve(ok({ repeatLogin: true, errorInfo: 'Already logged in.' }))
          }
          if (snapshot.loginStatus === 2) return loggingIn!
        }
        // Rule 6: the old user is logged out (SDK_NOT_READY) before the new one logs in. Its
        // logout frame need not be answered first: another UserID never competes for its slot.
        endSession(clientError(NOT_READY_LOGGED_OUT))
        session = openSession(host, login)
        loggingIn = session.started.then(() => ok({ repeatLogin: false }))
        return loggingIn
      },
      renewUserSig: async (userSig: string) => {
        const ready = readySession()
        if (!userSig || typeof userSig !== 'string') throw clientError(USER_SIG_MISSING)
        return ok({ expiresAt: await ready.renew(userSig) })
      },
      getSessions: () => request({ op: 'getSessions' }),
      // The server's bound on a sessionID, checked here so that a bad one costs no traffic.
      endSession: (sessionID: string) =>
        request(
          { op: 'endSession', sessionID },
          !sessionID || typeof sessionID !== 'string' || sessionID.length > 64,
        ),
      endOtherSessions: () => request({ op: 'endOtherSessions' }),
      logout: async () => {
        checkUsable()
        if (state.snapshot.loginStatus === 3) throw clientError(NOT_LOGGED_IN)
        await endSession(clientError(NOT_READY_LOGGED_OUT))
        return ok({})
      },
      destroy: () => {
        if (live.get(host.SDKAppID) === this) live.delete(host.SDKAppID)
        destroyed ??= (async () => {
          // One turn later, so `destroyed` is set before the events below reach any
          // handler: a handler that calls back finds the client destroyed.
          await undefined
          await endSession(clientError(CLIENT_DESTROYED))
          emitter.emit(EVENT.SDK_DESTROY, { SDKAppID: host.SDKAppID })
          emitter.clear()
          listeners.clear()
          return ok({})
        })()
        return destroyed
      },
    })
  }
}

type EventValues = typeof EVENT
type TypeValues = typeof TYPES

/**
 * TencentCloudChat's index.d.ts declares `EVENT` and `TYPES` as enums of a namespace merged
 * with the SDK, so typed code uses them as types too: `type: TencentCloudChat.TYPES` (any
 * of its values), `TencentCloudChat.TYPES.KICKED_OUT_REST_API` (one of them). These are the
 * same types on `Chat`, as declarations only: this namespace emits nothing at runtime.
 */
export declare namespace Chat {
  /** Any value of `Chat.EVENT`. */
  type EVENT = EventValues[keyof EventValues]
  namespace EVENT {
    type SDK_READY = EventValues['SDK_READY']
    type SDK_NOT_READY = EventValues['SDK_NOT_READY']
    type KICKED_OUT = EventValues['KICKED_OUT']
    type NET_STATE_CHANGE = EventValues['NET_STATE_CHANGE']
    type ERROR = EventValues['ERROR']
    type SDK_DESTROY = EventValues['SDK_DESTROY']
    type USER_SIG_EXPIRING = EventValues['USER_SIG_EXPIRING']
  }
  /** Any value of `Chat.TYPES`. */
  type TYPES = TypeValues[keyof TypeValues]
  namespace TYPES {
    type KICKED_OUT_MULT_ACCOUNT = TypeValues['KICKED_OUT_MULT_ACCOUNT']
    type KICKED_OUT_MULT_DEVICE = TypeValues['KICKED_OUT_MULT_DEVICE']
    type KICKED_OUT_USERSIG_EXPIRED = TypeValues['KICKED_OUT_USERSIG_EXPIRED']
    type KICKED_OUT_REST_API = TypeValues['KICKED_OUT_REST_API']
    /** Chatgate's: the user ended this session from another of theirs (rule 33). */
    type KICKED_OUT_SESSION_ENDED = TypeValues['KICKED_OUT_SESSION_ENDED']
    type NET_STATE_CONNECTED = TypeValues['NET_STATE_CONNECTED']
    type NET_STATE_CONNECTING = TypeValues['NET_STATE_CONNECTING']
    type NET_STATE_DISCONNECTED = TypeValues['NET_STATE_DISCONNECTED']
  }
}
