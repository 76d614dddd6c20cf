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

/**
 * The login limiter: failed logins per address and per UserID (code 70050). The address
 * limit refuses any login from an address over it. The UserID limit exists to slow
 * guessing: only a login whose UserSig fails feels it, never one whose UserSig verifies.
 */
export interface LoginRateLimiter {
  isAddressBlocked(address: string): boolean
  isUserBlocked(userKey: string): boolean
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
    isAddressBlocked: (address) => byAddress.isBlocked(addressLimitKey(address)),
    isUserBlocked: (userKey) => byUser.isBlocked(userKey),
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
