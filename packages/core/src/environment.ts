/** The part of a WebSocket the client uses; the DOM WebSocket and `ws` both fit. */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number): void
  // Only ever assigned, never read: typed loosely so that both the DOM WebSocket and
  // `ws` (whose event types differ) fit without casts.
  onopen: unknown
  onmessage: unknown
  onclose: unknown
  onerror: unknown
}

export type WebSocketConstructor = new (url: string) => SocketLike

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/**
 * Tells the client when the device goes online or offline; returns an unsubscribe.
 * The default listens to `online`/`offline` events on `globalThis` when it has them.
 */
export type NetworkWatcher = (onOnline: () => void, onOffline: () => void) => () => void

/** Everything the client takes from its surroundings. */
export interface Environment {
  WebSocket: WebSocketConstructor | undefined
  timers: Timers
  now: () => number
  random: () => number
  watchNetwork: NetworkWatcher
}

// Reads `globalThis` when it is called, never at import time, so the module imports under
// Node and server rendering.
export const watchGlobalNetwork: NetworkWatcher = (onOnline, onOffline) => {
  const target = globalThis as Partial<EventTarget>
  target.addEventListener?.('online', onOnline)
  target.addEventListener?.('offline', onOffline)
  return () => {
    target.removeEventListener?.('online', onOnline)
    target.removeEventListener?.('offline', onOffline)
  }
}
