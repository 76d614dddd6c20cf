export interface BackoffBounds {
  /** Upper bound of the first delay, in ms. */
  minMs: number
  /** The bound stops doubling here, in ms. */
  maxMs: number
}

/**
 * Full-jitter exponential backoff: a uniform delay between 0 and
 * `min(maxMs, minMs * 2^attempt)`, so clients cut off together do not return together.
 * `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, bounds: BackoffBounds, random: () => number): number {
  const ceiling = Math.min(bounds.maxMs, bounds.minMs * 2 ** attempt)
  return Math.floor(random() * ceiling)
}
