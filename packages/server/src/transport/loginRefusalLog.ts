import { ERROR_CODES } from '@chatgate/protocol'
import type { ServerContext } from '../serverContext.js'
import type { LoginRefusal } from './login.js'

/** Refusals that say "too often": the client is already told, the log need not be. */
const THROTTLE_CODES: ReadonlySet<number> = new Set([
  ERROR_CODES.TOO_MANY_FAILED_LOGINS,
  ERROR_CODES.TOO_MANY_LOGINS,
])

/**
 * Counts a refused login in metrics and logs it. A client refused for its rate, or whose
 * address is over the failed-login limit, may try thousands of times a second: those
 * refusals are logged at debug, so the log cannot be flooded (an address writes fewer
 * lines than its limit).
 */
export function reportLoginRefusal(
  refusal: LoginRefusal,
  address: string,
  ctx: ServerContext,
): void {
  ctx.metrics.loginFailed(refusal.code)
  const flood = THROTTLE_CODES.has(refusal.code) || ctx.limiter.isAddressBlocked(address)
  const fields = { code: refusal.code, address }
  if (flood) ctx.logger.debug('login_refused', fields)
  else ctx.logger.info('login_refused', fields)
}
