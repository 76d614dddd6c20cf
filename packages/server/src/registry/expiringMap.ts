/**
 * A map whose entries live a fixed time after their last `set`. Setting moves an entry to
 * the end, so insertion order is expiry order and pruning stops at the first live entry:
 * amortised O(1), and the map is empty again once nothing is set for `ttlMs`.
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>()
  /**
   * No entry expires before this (Unix ms; Infinity when empty). It may lie earlier than the
   * oldest entry's expiry (after a `delete` or a re-`set` of the oldest), never later, so a
   * `get` or `set` before it skips pruning: no clock read, no walk of the map, on every login.
   */
  private earliestExpiry = Number.POSITIVE_INFINITY

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    /** Called for each entry dropped because it expired (not for `delete`). */
    private readonly onExpire: (key: string, value: V) => void = () => {},
  ) {}

  get size(): number {
    return this.entries.size
  }

  get(key: string): V | undefined {
    if (this.entries.size === 0) return undefined
    this.prune()
    return this.entries.get(key)?.value
  }

  set(key: string, value: V): void {
    const time = this.pruneAt(this.now())
    this.entries.delete(key)
    const expiresAt = time + this.ttlMs
    if (this.entries.size === 0) this.earliestExpiry = expiresAt
    this.entries.set(key, { value, expiresAt })
  }

  delete(key: string): void {
    this.entries.delete(key)
  }

  clear(): void {
    this.entries.clear()
    this.earliestExpiry = Number.POSITIVE_INFINITY
  }

  prune(): void {
    if (this.entries.size > 0) this.pruneAt(this.now())
  }

  /** Drops the entries expired at `time` and returns `time`. */
  private pruneAt(time: number): number {
    if (time < this.earliestExpiry) return time
    this.earliestExpiry = Number.POSITIVE_INFINITY
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > time) {
        this.earliestExpiry = entry.expiresAt
        break
      }
      this.entries.delete(key)
      this.onExpire(key, entry.value)
    }
    return time
  }
}
