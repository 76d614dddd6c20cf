import { CLOSE_CODES, ERROR_CODES } from '@chatgate/protocol'
import type { Logger } from './logger.js'
import type { Metrics } from './metrics.js'

/** One line per limit at most this often, with the hits since the previous line. */
const SAMPLE_MS = 10_000

/** The limits whose hits the metrics already count, by how they show there. */
const LIMIT_BY_CODE = new Map<number, string>([
  [ERROR_CODES.TOO_MANY_FAILED_LOGINS, 'failed_logins'],
  [ERROR_CODES.TOO_MANY_LOGINS, 'logins_per_user'],
])
const LIMIT_BY_CLOSE = new Map<number, string>([
  [CLOSE_CODES.SEND_BUFFER_FULL, 'send_buffer'],
  [CLOSE_CODES.TOO_MANY_REQUESTS, 'request_rate'],
])

/**
 * Logs the caps and limits being hit (rule 36), sampled so that a flood writes a line per
 * limit every 10 s, not one per hit: `limit_hit {limit, hits}` at info, where `hits`
 * counts the hits since the previous line. Fed by the same calls that count them.
 */
export function logLimitHits(metrics: Metrics, logger: Logger, now: () => number): Metrics {
  const samples = new Map<string, { loggedAt: number; unlogged: number }>()
  const hit = (limit: string) => {
    const time = now()
    const sample = samples.get(limit)
    if (sample && time - sample.loggedAt < SAMPLE_MS) {
      sample.unlogged++
      return
    }
    logger.info('limit_hit', { limit, hits: (sample?.unlogged ?? 0) + 1 })
    samples.set(limit, { loggedAt: time, unlogged: 0 })
  }
  return {
    ...metrics,
    upgradeRefused(reason) {
      hit(reason)
      metrics.upgradeRefused(reason)
    },
    loginFailed(code) {
      const limit = LIMIT_BY_CODE.get(code)
      if (limit) hit(limit)
      metrics.loginFailed(code)
    },
    connectionClosed(closeCode) {
      const limit = LIMIT_BY_CLOSE.get(closeCode)
      if (limit) hit(limit)
      metrics.connectionClosed(closeCode)
    },
  }
}
