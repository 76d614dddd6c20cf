import type {
  ChatError,
  EventName,
  KickedBy,
  KickType,
  LogLevel,
  NetState,
  Platform,
} from '@chatgate/protocol'
import type { NetworkWatcher, Timers, WebSocketConstructor } from './environment.js'

/** Where log lines go; `console` fits. */
export type Logger = Pick<Console, 'debug' | 'info' | 'warn' | 'error'>

export interface ChatOptions {
  /** The app's SDKAppID. Without it the client is created, but `login` rejects with 2000. */
  SDKAppID: number
  /**
   * The server's WebSocket URL, e.g. `wss://chat.example.com/ws`.
   * @default same origin as the page, path `/ws` (when there is a page)
   */
  url?: string
  /** @default 'web' */
  platform?: Platform
  /** The WebSocket constructor; pass `ws` on Node 20. @default globalThis.WebSocket */
  WebSocket?: WebSocketConstructor
  /**
   * 0 all, 1 release, 2 warn, 3 error, 4 none. Only levels 0 and 1 log UserIDs.
   * @default 2
   */
  logLevel?: LogLevel
  /** @default console */
  logger?: Logger
  /** How long login, renew and logout wait for the server, in ms. @default 15000 */
  requestTimeoutMs?: number
  /** Bounds of the full-jitter reconnect backoff, in ms. @default { minMs: 500, maxMs: 30000 } */
  backoff?: { minMs: number; maxMs: number }
  /** Ping period and pong deadline of the heartbeat, in ms. @default { intervalMs: 25000, timeoutMs: 10000 } */
  heartbeat?: { intervalMs: number; timeoutMs: number }
  /** How long before the UserSig expires USER_SIG_EXPIRING fires, in ms. @default 60000 */
  renewBeforeMs?: number
  /** @default setTimeout / clearTimeout of globalThis */
  timers?: Timers
  /** Clock in Unix ms. @default Date.now */
  now?: () => number
  /** @default Math.random */
  random?: () => number
  /** Online/offline source. @default `online`/`offline` events of globalThis */
  watchNetwork?: NetworkWatcher
}

export interface LoginOptions {
  userID: string
  userSig: string
  /**
   * Called with the session's UserID shortly before the UserSig expires; the client
   * renews the session in place with the ticket it returns (no reconnect, no new SDK_READY).
   */
  getUserSig?: (userID: string) => string | Promise<string>
  /**
   * What the user's session list calls this device, e.g. "Alice's iPhone": 1–64
   * characters, no control characters (a bad label rejects with 6017).
   * @default in a browser, its name and OS from the user agent ("Chrome on macOS")
   */
  device?: string
}

export interface ChatResponse<T> {
  code: 0
  data: T
}

export interface LoginData {
  /** True when this UserID was already logged in; nothing was sent and nothing emitted. */
  repeatLogin: boolean
  errorInfo?: string
}

/** The `data` each event carries, by event name (the values of `Chat.EVENT`). */
export interface ChatEventData {
  sdkStateReady: undefined
  sdkStateNotReady: undefined
  /** `by`: the user's other session that caused the kick; absent for expiry and the admin's kick. */
  kickedOut: { type: KickType; by?: KickedBy }
  netStateChange: { state: NetState }
  error: ChatError
  sdkDestroy: { SDKAppID: number }
  /** Chatgate's own: the UserSig expires at `expiresAt` (Unix ms) unless renewed. */
  userSigExpiring: { expiresAt: number }
}

/** What a handler receives: `{ name, data }`. */
export type ChatEvent<N extends EventName = EventName> = {
  [K in N]: { name: K; data: ChatEventData[K] }
}[N]

export type ChatEventHandler<N extends EventName = EventName> = (event: ChatEvent<N>) => void

/**
 * `on`, `off` and `once`: typed by event name, and TencentCloudChat's own signature too
 * (any event name, a handler typed `Function`), so code written against its index.d.ts
 * compiles unchanged.
 */
export interface ChatListenerMethod {
  <N extends EventName>(name: N, handler: ChatEventHandler<N>, context?: unknown): void
  // biome-ignore lint/complexity/noBannedTypes: TencentCloudChat's index.d.ts types handlers `Function`
  (name: string, handler: Function, context?: unknown): void
}

/** `setLogLevel`: 0 all, 1 release, 2 warn, 3 error, 4 none; any number, as TencentCloudChat's. */
export interface SetLogLevel {
  (level: LogLevel): void
  (level: number): void
}
