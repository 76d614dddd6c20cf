import type { LockManagerLike } from '@chatgate/tabs'

interface Request {
  owner: string
  name: string
  grant(): void
}

/**
 * Web Locks as a browser has them for one profile, for tests in Node: exclusive locks
 * granted first come, first served, asynchronously; a request can be aborted while it
 * waits; `query` lists holders and waiters. `forTab(owner)` is one tab's
 * `navigator.locks`; `crash(owner)` is that tab dying: its locks are released and its
 * requests dropped, and nothing it does afterwards counts.
 */
export class FakeLocks {
  private readonly held = new Map<string, { owner: string; release: () => void }>()
  private readonly waiting: Request[] = []
  private readonly dead = new Set<string>()

  forTab(owner: string): LockManagerLike {
    return {
      request: (name, options, callback) =>
        new Promise((resolve, reject) => {
          const { signal } = options
          if (this.dead.has(owner)) return // a dead page asks for nothing
          if (signal?.aborted) return reject(signal.reason)
          const entry: Request = {
            owner,
            name,
            grant: () => {
              let released = false
              const release = () => {
                if (released) return
                released = true
                if (this.held.get(name)?.release === release) this.held.delete(name)
                this.pump(name)
              }
              this.held.set(name, { owner, release })
              Promise.resolve()
                .then(() => callback({ name, mode: 'exclusive' }))
                .then(
                  (value) => {
                    release()
                    resolve(value)
                  },
                  (error) => {
                    release()
                    reject(error)
                  },
                )
            },
          }
          signal?.addEventListener('abort', () => {
            const index = this.waiting.indexOf(entry)
            if (index === -1) return
            this.waiting.splice(index, 1)
            reject(signal.reason)
          })
          this.waiting.push(entry)
          queueMicrotask(() => this.pump(name))
        }),
      query: async () => ({
        held: [...this.held].map(([name, { owner }]) => ({ name, clientId: owner })),
        pending: this.waiting.map(({ name, owner }) => ({ name, clientId: owner })),
      }),
    }
  }

  /** The tab's page is gone without a goodbye: its locks free, its requests forgotten. */
  crash(owner: string): void {
    this.dead.add(owner)
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i]!.owner === owner) this.waiting.splice(i, 1)
    }
    for (const { owner: holder, release } of [...this.held.values()]) {
      if (holder === owner) release()
    }
  }

  /** Who holds `name` now. */
  holder(name: string): string | undefined {
    return this.held.get(name)?.owner
  }

  private pump(name: string): void {
    if (this.held.has(name)) return
    const index = this.waiting.findIndex((request) => request.name === name)
    if (index === -1) return
    this.waiting.splice(index, 1)[0]!.grant()
  }
}
