import {
  type ChatError,
  CLIENT_DESTROYED,
  clientError,
  EVENT,
  type EventName,
  INVALID_PARAMETERS,
  isValidUserID,
  KICK_TYPES,
  type LogLevel,
  NET_STATES,
  NOT_LOGGED_IN,
  NOT_READY_LOGGED_OUT,
  SDK_APP_ID_MISSING,
  USER_ID_INVALID,
  USER_ID_MISSING,
  USER_SIG_MISSING,
} from '@chatgate/protocol'
import type { ChatClient } from './client.js'
import { createEmitter, type Handler } from './emitter.js'
import { type Action, eventsBetween, initialState, transition } from './machine.js'
import { openSession, type Session, type SessionHost } from './session.js'
import { appIdOf, resolveSettings } from './settings.js'
import type { ChatSnapshot } from './snapshot.js'
import type {
  ChatEventHandler,
  ChatOptions,
  ChatResponse,
  LoginData,
  LoginOptions,
} from './types.js'
import { VERSION } from './version.js'

/** TencentCloudChat.TYPES values of the login surface: kick types and network states. */
export const TYPES = { ...KICK_TYPES, ...NET_STATES } as const

const LOG_METHODS = ['debug', 'info', 'warn', 'error'] as const

const ok = <T>(data: T): ChatResponse<T> => ({ code: 0, data })

type Empty = ChatResponse<Record<string, never>>

/**
 * A Chatgate client with the login API of TencentCloudChat. Every method that can fail
 * returns a promise that rejects with a `ChatError` (`code`, `message`); none throws.
 */
export class Chat implements ChatClient {
  static readonly EVENT = EVENT
  static readonly TYPES = TYPES
  /** The version of `@chatgate/core`. */
  static readonly VERSION = VERSION

  /** The clients `create` handed out, by SDKAppID, until they are destroyed. */
  static #live = new Map<number, Chat>()

  /**
   * The client of `options.SDKAppID`: made by the first call, and returned by every later
   * call until it is destroyed, whatever their other options (rule 28) — several modules
   * of one app share one client, as with TencentCloudChat. `new Chat(options)` makes an
   * independent one (tests, several accounts in one Node process).
   */
  static create(options: ChatOptions): Chat {
    const id = appIdOf(options)
    const chat = Chat.#live.get(id) ?? new Chat(options)
    if (id) Chat.#live.set(id, chat)
    return chat
  }

  /** The resolved options, and where sessions report. Built once. */
  #host: SessionHost
  #emitter = createEmitter((error) => this.#log(3, 'handler threw', error))
  #listeners = new Set<() => void>()
  #state = initialState
  #session: Session | undefined
  /** What `login` answered for the current session: returned again while it is in flight. */
  #login: Promise<ChatResponse<LoginData>> | undefined
  /** Set by the first `destroy()`, which every later one returns. */
  #destroyed: Promise<Empty> | undefined

  constructor(options: ChatOptions) {
    this.#host = {
      ...resolveSettings(options),
      dispatch: (action) => this.#dispatch(action),
      log: (level, ...args) => this.#log(level, ...args),
    }
  }

  /** For `useSyncExternalStore`: runs after every snapshot change. Returns an unsubscribe. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** The current immutable snapshot; a new object only when something in it changed. */
  readonly getSnapshot = (): ChatSnapshot => this.#state.snapshot

  /** Calls `handler` with `this` bound to `context` on every event `name`. */
  on<N extends EventName>(name: N, handler: ChatEventHandler<N>, context?: unknown): void {
    this.#listen(name, handler, context, false)
  }

  /** Removes `handler`; `context` is accepted for TencentCloudChat's signature. */
  off<N extends EventName>(name: N, handler: ChatEventHandler<N>, _context?: unknown): void {
    this.#emitter.off(name, handler as Handler)
  }

  /** As `on`, for the next event `name` only. */
  once<N extends EventName>(name: N, handler: ChatEventHandler<N>, context?: unknown): void {
    this.#listen(name, handler, context, true)
  }

  setLogLevel(level: LogLevel): void {
    this.#host.logLevel = level
  }

  isReady(): boolean {
    return this.#state.snapshot.ready
  }

  /** The logged-in (or logging-in) UserID; '' when logged out. */
  getLoginUser(): string {
    return this.#state.snapshot.userID
  }

  /** 1 logged in, 2 logging in, 3 logged out (V2TIM values). */
  getLoginStatus(): ChatSnapshot['loginStatus'] {
    return this.#state.snapshot.loginStatus
  }

  /**
   * Logs in and resolves after SDK_READY. The same UserID while logged in resolves
   * `repeatLogin: true`; while its login is in flight, the same promise. Another UserID
   * logs the current one out first.
   */
  login(options: LoginOptions): Promise<ChatResponse<LoginData>> {
    const refusal = this.#checkLogin(options)
    if (refusal) return Promise.reject(refusal)
    const { snapshot } = this.#state
    if (snapshot.userID === options.userID) {
      if (snapshot.ready) {
        return Promise.resolve(ok({ repeatLogin: true, errorInfo: 'Already logged in.' }))
      }
      if (snapshot.loginStatus === 2) return this.#login!
    }
    // Rule 6: the old user is logged out (SDK_NOT_READY) before the new one logs in. Its
    // logout frame need not be answered first: another UserID never competes for its slot.
    this.#session?.end(clientError(NOT_READY_LOGGED_OUT))
    this.#session = openSession(this.#host, options)
    this.#login = this.#session.started.then(() => ok({ repeatLogin: false }))
    return this.#login
  }

  /** Replaces the UserSig in place: no reconnect, no new SDK_READY. Needs a ready SDK. */
  async renewUserSig(userSig: string): Promise<ChatResponse<{ expiresAt: number }>> {
    this.#checkUsable()
    if (!this.#state.snapshot.ready) throw clientError(this.#state.notReadyCode)
    if (!userSig || typeof userSig !== 'string') throw clientError(USER_SIG_MISSING)
    return ok({ expiresAt: await this.#session!.renew(userSig) })
  }

  /**
   * Logs out: SDK_NOT_READY comes before it resolves, and the server frees the slot.
   * Rejects 2024 when nobody is logged in or logging in (as TencentCloudChat does).
   */
  async logout(): Promise<Empty> {
    this.#checkUsable()
    if (this.#state.snapshot.loginStatus === 3) throw clientError(NOT_LOGGED_IN)
    await this.#endSession(clientError(NOT_READY_LOGGED_OUT))
    return ok({})
  }

  /**
   * Logs out, closes the socket, emits SDK_DESTROY and drops every listener. Later calls
   * reject 90009, but `destroy` itself: it resolves again, so a bare `chat.destroy()` can
   * never become an unhandled rejection (rule 28).
   */
  destroy(): Promise<Empty> {
    if (Chat.#live.get(this.#host.SDKAppID) === this) Chat.#live.delete(this.#host.SDKAppID)
    this.#destroyed ??= this.#teardown()
    return this.#destroyed
  }

  async #teardown(): Promise<Empty> {
    // One turn later, so `#destroyed` is set before the events below reach any handler:
    // a handler that calls back finds the client destroyed.
    await undefined
    await this.#endSession(clientError(CLIENT_DESTROYED))
    this.#emitter.emit(EVENT.SDK_DESTROY, { SDKAppID: this.#host.SDKAppID })
    this.#emitter.clear()
    this.#listeners.clear()
    return ok({})
  }

  #listen(name: EventName, handler: unknown, context: unknown, once: boolean): void {
    if (!Object.values(EVENT).includes(name)) this.#log(2, 'unknown event', name)
    this.#emitter.on(name, handler as Handler, context, once)
  }

  async #endSession(reason: ChatError): Promise<void> {
    const session = this.#session
    this.#session = undefined
    await session?.end(reason)
  }

  #checkUsable(): void {
    if (this.#destroyed) throw clientError(CLIENT_DESTROYED)
  }

  #checkLogin(options: LoginOptions): ChatError | undefined {
    const { SDKAppID, url, WebSocket } = this.#host
    const code = this.#destroyed
      ? CLIENT_DESTROYED
      : !SDKAppID
        ? SDK_APP_ID_MISSING
        : !options?.userID
          ? USER_ID_MISSING
          : !isValidUserID(options.userID)
            ? USER_ID_INVALID
            : !options.userSig || typeof options.userSig !== 'string'
              ? USER_SIG_MISSING
              : undefined
    if (code) return clientError(code)
    if (!url) return clientError(INVALID_PARAMETERS, 'No url.')
    if (!WebSocket) return clientError(INVALID_PARAMETERS, 'No WebSocket (pass `ws` on Node).')
    return undefined
  }

  /** Applies an action; on a snapshot change tells subscribers, then raises the events. */
  #dispatch(action: Action): void {
    const prev = this.#state
    const next = transition(prev, action)
    this.#state = next
    if (next.snapshot !== prev.snapshot) for (const listener of [...this.#listeners]) listener()
    for (const [name, data] of eventsBetween(prev, next)) this.#emitter.emit(name, data)
  }

  #log(level: 0 | 1 | 2 | 3, ...args: unknown[]): void {
    const { logger, logLevel } = this.#host
    if (level >= logLevel) logger[LOG_METHODS[level]]('[chatgate]', ...args)
  }
}
