/** The part of the Web Locks API (`navigator.locks`) that elects the leading tab. */
export interface LockManagerLike {
  /** Calls `callback` once the lock is granted; the lock is held until its promise settles. */
  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown>,
  ): Promise<unknown>
  /** Who holds and who waits for which lock: a leaving leader asks whether a tab waits. */
  query(): Promise<{ pending?: { name?: string }[] }>
}

/** The part of a `BroadcastChannel` the tabs talk through. */
export interface ChannelLike {
  postMessage(message: unknown): void
  // Only ever assigned, never read: typed loosely so that the DOM's and Node's both fit.
  onmessage: unknown
  close(): void
}

/** What tab sharing takes from the browser; tests pass their own. */
export interface TabEnvironment {
  locks: LockManagerLike
  openChannel(name: string): ChannelLike
}

/**
 * The browser's Web Locks and BroadcastChannel, or undefined where either is missing (older
 * browsers, server rendering, Node, React Native). Reads `globalThis` when called, never at
 * import time.
 */
export function browserTabEnvironment(): TabEnvironment | undefined {
  const scope = globalThis as {
    navigator?: { locks?: LockManagerLike }
    BroadcastChannel?: new (name: string) => ChannelLike
  }
  const locks = scope.navigator?.locks
  const Channel = scope.BroadcastChannel
  return locks && Channel ? { locks, openChannel: (name) => new Channel(name) } : undefined
}
