import type { AppConfig } from '../config.js'
import type { Logger } from '../logger.js'
import type { Metrics } from '../metrics.js'
import type { LoginRateLimiter } from '../rateLimiter.js'
import type { SessionRegistry } from '../registry/types.js'
import type { SessionHub } from './sessionHub.js'

/** What every connection of one server shares. */
export interface ServerContext {
  apps: ReadonlyMap<number, AppConfig>
  registry: SessionRegistry
  hub: SessionHub
  limiter: LoginRateLimiter
  metrics: Metrics
  logger: Logger
  /** Unix ms. */
  now: () => number
  loginDeadlineMs: number
  /** Seconds a UserSig's issue time may lie in the future (clock drift of the signer). */
  clockSkewSeconds: number
}
