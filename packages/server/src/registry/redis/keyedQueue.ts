/**
 * Runs tasks one at a time per key. The Redis registry queues every change of one user
 * on this node, so concurrent logins of a user on one node never race each other's
 * compare-and-set; only nodes race, and a conflict there costs one retry.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>()

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    const result = previous.then(task, task)
    const tail = result.then(
      () => undefined,
      () => undefined,
    )
    this.tails.set(key, tail)
    // Drop the entry once idle so memory returns to its baseline.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return result
  }
}
