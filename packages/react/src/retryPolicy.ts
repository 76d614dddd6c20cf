import type { Timers } from '@chatgate/core'
import { CLIENT_DESTROYED, refusalAction } from '@chatgate/protocol'

/**
 * Whether a failed login may pass by trying again later: the network's codes (2800 network
 * error, 2801 timeout, 2805 no network) and the server's "later" refusals (90004, 90005,
 * 90008, 90010, 90011, 90013, 90017: see `refusalAction`). The rest — the app, the UserSig,
 * the account, a bad UserID, a failing `getUserSig` — no retry can fix.
 */
export const isRetryable = (code: number): boolean =>
  ((code >= 2800 && code < 2900) || (code > 90_000 && code !== CLIENT_DESTROYED)) &&
  refusalAction(code) === 'reconnect'

/** How the kit waits between attempts of a silent login the network failed. */
export interface RetrySettings {
  timers: Timers
  random: () => number
  /** Full-jitter bounds, as the client's own reconnect backoff. */
  backoff: { minMs: number; maxMs: number }
}

/** The client's own defaults, or the options it was created with (tests shrink them). */
export const retrySettings = (options?: Partial<RetrySettings>): RetrySettings => ({
  timers: options?.timers ?? globalThis,
  random: options?.random ?? Math.random,
  backoff: options?.backoff ?? { minMs: 500, maxMs: 30_000 },
})

/** Full jitter: uniform in [0, min(max, min·2^attempt)), so clients cut off together spread out. */
export const retryDelay = ({ backoff, random }: RetrySettings, attempt: number): number =>
  Math.floor(random() * Math.min(backoff.maxMs, backoff.minMs * 2 ** attempt))
