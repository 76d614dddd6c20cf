/** A user's successful-login token bucket: `tokens` left as of `at` (Unix ms). */
export interface LoginBucket {
  tokens: number
  at: number
}

/** A bucket refills completely within this; one untouched for as long is full (= absent). */
export const LOGIN_BUCKET_REFILL_MS = 60_000

/**
 * Takes one login from a bucket holding up to `perMinute` that refills `perMinute` per
 * minute. Returns the bucket after the login, or `undefined` when it is empty (the login
 * is refused and the bucket is unchanged). A missing bucket is a full one. The Redis
 * registry's commit script does the same arithmetic in Lua.
 */
export function takeLoginToken(
  bucket: LoginBucket | undefined,
  now: number,
  perMinute: number,
): LoginBucket | undefined {
  const elapsed = bucket ? Math.max(0, now - bucket.at) : LOGIN_BUCKET_REFILL_MS
  const refilled = (bucket?.tokens ?? 0) + (elapsed * perMinute) / LOGIN_BUCKET_REFILL_MS
  const tokens = Math.min(perMinute, refilled)
  return tokens < 1 ? undefined : { tokens: tokens - 1, at: now }
}
