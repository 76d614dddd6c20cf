/** What a connection's next message gets from its request rate. */
export type RateVerdict = 'serve' | 'refuse' | 'close'

/** The shortest run of refusals that closes a client, whatever its bucket. */
const MIN_PERSISTENCE_MS = 1_000

/**
 * One connection's request rate (rule 21): a token bucket that holds `burst` tokens,
 * refilled at `perSecond`. A message takes one token per frame it came in (a fragmented
 * one costs what its fragments cost the server). A message without enough tokens is
 * refused, unserved (90012). A client that does not slow down is closed (4010): after
 * `burst` refusals in a row, or once it has been refused again and again for as long as
 * the bucket takes to refill, each refusal less than that apart, or once it has asked for
 * more than its rate over a long window. The second rule catches a client that lets one
 * message through now and then (20 every 60 ms against 20 a second); the third one whose
 * bursts are each followed by a pause just long enough to be forgiven (60 every 2.5 s
 * against 20 a second, burst 40). A client that asks no more than its rate on average,
 * however bursty, is only refused.
 *
 * Times are milliseconds on one monotonic clock, passed in.
 */
export class RequestRate {
  private tokens: number
  /**
   * Everything asked, served or refused, against a bucket twice as deep on the same refill:
   * it runs dry only when the client asks for more than its rate over the long run.
   */
  private demand: number
  private updatedAt: number
  private refusedInARow = 0
  /** When the current run of refusals began, and the last refusal of it. */
  private refusingSince = Number.NEGATIVE_INFINITY
  private lastRefusedAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst
    this.demand = 2 * burst
    this.updatedAt = now
  }

  /** Takes `cost` tokens for a message if the bucket has them. */
  take(now: number, cost: number): RateVerdict {
    const refill = ((now - this.updatedAt) * this.perSecond) / 1000
    this.tokens = Math.min(this.burst, this.tokens + refill)
    this.demand = Math.min(2 * this.burst, this.demand + refill) - cost
    this.updatedAt = now
    if (this.tokens < cost) return this.refuse(now)
    this.tokens -= cost
    this.refusedInARow = 0
    return 'serve'
  }

  private refuse(now: number): RateVerdict {
    // Computed here, off the path of served messages: refusals are rare for honest clients.
    const persistenceMs = Math.max(MIN_PERSISTENCE_MS, (this.burst * 1000) / this.perSecond)
    if (now - this.lastRefusedAt > persistenceMs) this.refusingSince = now
    this.lastRefusedAt = now
    if (++this.refusedInARow >= this.burst || this.demand < 0) return 'close'
    return now - this.refusingSince >= persistenceMs ? 'close' : 'refuse'
  }
}
