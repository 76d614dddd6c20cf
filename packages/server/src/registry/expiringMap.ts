/**
 * A map whose entries live a fixed time after their last `set`. Setting moves an entry to
 * the end, so insertion order is expiry order and pruning stops at the first live entry:
 * amortised O(1), and the map is empty again once nothing is set for `ttlMs`.
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>()

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
    this.prune()
    return this.entries.get(key)?.value
  }

  set(key: string, value: V): void {
    this.prune()
    this.entries.delete(key)
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs })
  }

  delete(key: string): void {
    this.entries.delete(key)
  }

  clear(): void {
    this.entries.clear()
  }

  prune(): void {
    const time = this.now()
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > time) break
      this.entries.delete(key)
      this.onExpire(key, entry.value)
    }
  }
}
