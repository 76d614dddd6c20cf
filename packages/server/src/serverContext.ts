import type { AppConfig, ServerConfig } from './config.js'
import type { Logger } from './logger.js'
import type { Metrics } from './metrics.js'
import type { LoginRateLimiter } from './rateLimiter.js'
import type { SessionRegistry } from './registry/types.js'
import type { SessionHub } from './transport/sessionHub.js'
import type { UserSigRules } from './verifyAppUserSig.js'

/**
 * What every part of one running server shares: built once by `startServer` and handed
 * as-is to the WebSocket endpoint, its connections and the HTTP handler.
 */
export interface ServerContext extends UserSigRules {
  apps: ReadonlyMap<number, AppConfig>
  registry: SessionRegistry
  hub: SessionHub
  limiter: LoginRateLimiter
  metrics: Metrics
  logger: Logger
  /** Unix ms. */
  now: () => number
  /** Time a new socket has to send its login. */
  loginDeadlineMs: number
  /** The validated `limits` of the config. */
  limits: ServerConfig['limits']
  /** Proxies whose `X-Forwarded-For` names the client (addresses or CIDRs). */
  trustProxy: readonly string[]
  /** The validated `dev` section of the config (the dev UserSig endpoint). */
  dev: ServerConfig['dev']
  /** Refreshes the gauges just before `/metrics` renders them. */
  refreshGauges: () => void
  /** False once the node stops listening (after its drain): `/healthz` answers 503. */
  isServing: () => boolean
  /** True from SIGTERM (`drain()`) on: `/readyz` answers 503 while the node still serves. */
  isDraining: () => boolean
}
