import { type LogLevel, type Platform, WS_PATH } from '@chatgate/protocol'
import type { BackoffBounds } from './backoff.js'
import { type Environment, type WebSocketConstructor, watchGlobalNetwork } from './environment.js'
import type { ChatOptions, Logger } from './types.js'

/** `ChatOptions` with every default applied, once, when a client is created. */
export interface Settings extends Environment {
  /** 0 when the options have none: `login` then rejects 2000. */
  SDKAppID: number
  /** '' when there is neither an option nor a page to take the origin of. */
  url: string
  platform: Platform
  /** Changed by `setLogLevel`. */
  logLevel: LogLevel
  logger: Logger
  requestTimeoutMs: number
  backoff: BackoffBounds
  heartbeat: { intervalMs: number; timeoutMs: number }
  renewBeforeMs: number
}

/** The SDKAppID of some options, as `Chat.create` keys its clients by it. */
export const appIdOf = (options: ChatOptions | undefined): number => Number(options?.SDKAppID) || 0

/**
 * Resolves the options a client was created with. The defaults documented on
 * `ChatOptions` are written here and nowhere else; an option given as `undefined` keeps
 * its default. Defaults that read `globalThis` read it now, not at import time (server
 * rendering), and timers stay `globalThis` itself, so fake timers installed later apply.
 */
export function resolveSettings(options: ChatOptions | undefined): Settings {
  const page = (globalThis as { location?: { origin?: string } }).location?.origin
  const settings: Settings = {
    SDKAppID: appIdOf(options),
    url: page?.startsWith('http') ? page.replace('http', 'ws') + WS_PATH : '',
    platform: 'web',
    logLevel: 2,
    logger: console,
    requestTimeoutMs: 15_000,
    backoff: { minMs: 500, maxMs: 30_000 },
    heartbeat: { intervalMs: 25_000, timeoutMs: 10_000 },
    renewBeforeMs: 60_000,
    WebSocket: (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket,
    timers: globalThis,
    now: Date.now,
    random: Math.random,
    watchNetwork: watchGlobalNetwork,
  }
  // A missing options object is not a throw: login reports what is missing.
  for (const [key, value] of Object.entries(options ?? {})) {
    if (value !== undefined && key !== 'SDKAppID')
      (settings as unknown as Record<string, unknown>)[key] = value
  }
  return settings
}
