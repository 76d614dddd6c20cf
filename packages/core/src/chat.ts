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
  NOT_READY_LOGGED_OUT,
  SDK_APP_ID_MISSING,
  USER_ID_INVALID,
  USER_ID_MISSING,
  USER_SIG_MISSING,
  WS_PATH,
} from '@chatgate/protocol'
import type { ChatClient } from './client.js'
import { createEmitter, type Handler } from './emitter.js'
import { resolveEnvironment } from './environment.js'
import { type Action, eventsBetween, initialState, transition } from './machine.js'
import { createSession, type Session, type SessionHost } from './session.js'
import type { ChatSnapshot } from './snapshot.js'
import type {
  ChatEventHandler,
  ChatOptions,
  ChatResponse,
  LoginData,
  LoginOptions,
} from './types.js'

/** TencentCloudChat.TYPES values of the login surface: kick types and network states. */
export const TYPES = { ...KICK_TYPES, ...NET_STATES } as const

const LOG_METHODS = ['debug', 'info', 'warn', 'error'] as const

const ok = <T>(data: T): ChatResponse<T> => ({ code: 0, data })

type Empty = ChatResponse<Record<string, never>>

/**
 * A Chatgate client with the login API of TencentCloudChat. Every method that can fail
 * returns a promise that rejects with `{ code, message }`; none throws.
 */
export class Chat implements ChatClient {
  static readonly EVENT = EVENT
  static readonly TYPES = TYPES

  static create(options: ChatOptions): Chat {
    return new Chat(options)
  }

  #options: ChatOptions
  #host: SessionHost
  #emitter = createEmitter((error) => this.#log(3, 'handler threw', error))
  #listeners = new Set<() => void>()
  #state = initialState
  #logLevel: LogLevel
  #destroyed = false
  #session: Session | undefined
  #pendingLogin: { userID: string; promise: Promise<ChatResponse<LoginData>> } | undefined

  constructor(options: ChatOptions) {
    // A missing options object is not a throw: login reports what is missing.
    const given = options ?? ({} as ChatOptions)
    const page = (globalThis as { location?: { origin?: string } }).location?.origin
    this.#options = given
    this.#logLevel = given.logLevel ?? 1
    this.#host = {
      env: resolveEnvironment(given),
      options: given,
      SDKAppID: Number(given.SDKAppID) || 0,
      url: given.url ?? (page?.startsWith('http') ? page.replace('http', 'ws') + WS_PATH : ''),
      requestTimeoutMs: given.requestTimeoutMs ?? 15_000,
      dispatch: (action) => this.#dispatch(action),
      emit: (name, data) => this.#emitter.emit(name, data),
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

  on<N extends EventName>(name: N, handler: ChatEventHandler<N>): void {
    this.#emitter.on(name, handler as Handler)
  }

  off<N extends EventName>(name: N, handler: ChatEventHandler<N>): void {
    this.#emitter.off(name, handler as Handler)
  }

  once<N extends EventName>(name: N, handler: ChatEventHandler<N>): void {
    const wrapper: Handler = (event) => {
      this.#emitter.off(name, wrapper)
      ;(handler as Handler)(event)
    }
    this.#emitter.on(name, wrapper)
  }

  setLogLevel(level: LogLevel): void {
    this.#logLevel = level
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
    const { userID } = options
    if (this.#pendingLogin?.userID === userID) return this.#pendingLogin.promise
    const { snapshot } = this.#state
    if (snapshot.ready && snapshot.userID === userID) {
      return Promise.resolve(ok({ repeatLogin: true, errorInfo: 'Already logged in.' }))
    }
    const promise = this.#switchTo(createSession(this.#host, options))
    const pending = { userID, promise }
    this.#pendingLogin = pending
    const clear = () => {
      if (this.#pendingLogin === pending) this.#pendingLogin = undefined
    }
    promise.then(clear, clear)
    return promise
  }

  /** Replaces the UserSig in place: no reconnect, no new SDK_READY. Needs a ready SDK. */
  async renewUserSig(userSig: string): Promise<ChatResponse<{ expiresAt: number }>> {
    this.#checkUsable()
    if (!this.#state.snapshot.ready) throw clientError(this.#state.notReadyCode)
    if (!userSig || typeof userSig !== 'string') throw clientError(USER_SIG_MISSING)
    return ok({ expiresAt: await this.#session!.renew(userSig) })
  }

  /** Logs out: SDK_NOT_READY comes before it resolves, and the server frees the slot. */
  async logout(): Promise<Empty> {
    this.#checkUsable()
    if (this.#state.snapshot.loginStatus === 3 && !this.#pendingLogin) {
      throw clientError(this.#state.notReadyCode)
    }
    await this.#endSession(clientError(NOT_READY_LOGGED_OUT))
    return ok({})
  }

  /** Logs out, closes the socket, emits SDK_DESTROY and drops every listener. */
  async destroy(): Promise<Empty> {
    this.#checkUsable()
    this.#destroyed = true
    await this.#endSession(clientError(CLIENT_DESTROYED))
    this.#emitter.emit(EVENT.SDK_DESTROY, { SDKAppID: this.#host.SDKAppID })
    this.#emitter.clear()
    this.#listeners.clear()
    return ok({})
  }

  async #switchTo(session: Session): Promise<ChatResponse<LoginData>> {
    // Rule 6: the old user is logged out (SDK_NOT_READY) before the new one logs in. Its
    // logout frame need not be answered first: another UserID never competes for its slot.
    this.#session?.end(clientError(NOT_READY_LOGGED_OUT))
    this.#session = session
    await session.start()
    return ok({ repeatLogin: false })
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
    const invalid = (message: string) => clientError(INVALID_PARAMETERS, message)
    if (this.#destroyed) return clientError(CLIENT_DESTROYED)
    if (!this.#host.SDKAppID) return clientError(SDK_APP_ID_MISSING)
    if (!options?.userID) return clientError(USER_ID_MISSING)
    if (!isValidUserID(options.userID)) return clientError(USER_ID_INVALID)
    if (!options.userSig || typeof options.userSig !== 'string') {
      return clientError(USER_SIG_MISSING)
    }
    if (!this.#host.url) return invalid('No url.')
    if (!this.#host.env.WebSocket) return invalid('No WebSocket (pass `ws` on Node).')
    return undefined
  }

  /** Applies an action; on a change, tells subscribers, then raises the SDK events. */
  #dispatch(action: Action): void {
    const prev = this.#state.snapshot
    this.#state = transition(this.#state, action)
    const next = this.#state.snapshot
    if (next === prev) return
    for (const listener of [...this.#listeners]) listener()
    for (const [name, data] of eventsBetween(prev, next)) this.#emitter.emit(name, data)
  }

  #log(level: 0 | 1 | 2 | 3, ...args: unknown[]): void {
    const logger = this.#options.logger ?? console
    if (level >= this.#logLevel) logger[LOG_METHODS[level]]('[chatgate]', ...args)
  }
}
