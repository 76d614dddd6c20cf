import { addressLimitKey } from './addressLimitKey.js'

export interface RateLimitOptions {
  /** Length of one counting window. @default 60_000 */
  windowMs?: number
  /** Failed logins from one address per window before it is refused. @default 20 */
  maxFailuresPerAddress?: number
  /** Failed logins for one UserID (per app) per window before it is refused. @default 10 */
  maxFailuresPerUser?: number
}

interface Window {
  count: number
  resetAt: number
}

/** Counts failures per key in fixed windows; a key at its limit is blocked until its window ends. */
export interface FailureCounter {
  isBlocked(key: string): boolean
  recordFailure(key: string): void
  /** Drops finished windows so the table shrinks back when attacks stop. */
  prune(): void
  readonly size: number
}

export function createFailureCounter(
  limit: number,
  windowMs: number,
  now: () => number,
): FailureCounter {
  const windows = new Map<string, Window>()
  const current = (key: string): Window | undefined => {
    const window = windows.get(key)
    if (window && window.resetAt <= now()) {
      windows.delete(key)
      return undefined
    }
    return window
  }
  return {
    isBlocked: (key) => (current(key)?.count ?? 0) >= limit,
    recordFailure(key) {
      const window = current(key)
      if (window) window.count++
      else windows.set(key, { count: 1, resetAt: now() + windowMs })
    },
    prune() {
      const time = now()
      for (const [key, window] of windows) if (window.resetAt <= time) windows.delete(key)
    },
    get size() {
      return windows.size
    },
  }
}

/** The login limiter: failed logins per address and per UserID (code 70050). */
export interface LoginRateLimiter {
  isBlocked(address: string, userKey: string | undefined): boolean
  recordFailure(address: string, userKey: string | undefined): void
  prune(): void
}

export function createLoginRateLimiter(
  options: RateLimitOptions = {},
  now: () => number = Date.now,
): LoginRateLimiter {
  const windowMs = options.windowMs ?? 60_000
  const byAddress = createFailureCounter(options.maxFailuresPerAddress ?? 20, windowMs, now)
  const byUser = createFailureCounter(options.maxFailuresPerUser ?? 10, windowMs, now)
  return {
    isBlocked: (address, userKey) =>
      byAddress.isBlocked(addressLimitKey(address)) ||
      (userKey !== undefined && byUser.isBlocked(userKey)),
    recordFailure(address, userKey) {
      byAddress.recordFailure(addressLimitKey(address))
      if (userKey !== undefined) byUser.recordFailure(userKey)
    },
    prune() {
      byAddress.prune()
      byUser.prune()
    },
  }
}

/**
 * A token bucket: holds up to `burst` tokens, refilled at `perSecond`, one taken per
 * request. Times are milliseconds on any monotonic clock the caller passes in.
 */
export class TokenBucket {
  private tokens: number
  private updatedAt: number

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst
    this.updatedAt = now
  }

  /** Takes a token if one is left; false means over the rate. */
  take(now: number): boolean {
    const refill = ((now - this.updatedAt) * this.perSecond) / 1000
    this.tokens = Math.min(this.burst, this.tokens + refill)
    this.updatedAt = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
