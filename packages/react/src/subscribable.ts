/** Told the new state and the one it replaced, so a listener reacts to what changed only. */
export type Listener<T> = (state: T, previous: T) => void

/**
 * The one listener shape of the kit: a state, replaced whole by `setState`, and listeners
 * told `(state, previous)`. Setting the same state (`Object.is`) notifies nobody, so
 * `useSyncExternalStore` re-renders only on a real change.
 */
export interface Store<T> {
  getState(): T
  setState(next: T): void
  subscribe(listener: Listener<T>): () => void
}

export function createStore<T>(initial: T): Store<T> {
  let state = initial
  const listeners = new Set<Listener<T>>()
  return {
    getState: () => state,
    setState(next) {
      const previous = state
      if (Object.is(next, previous)) return
      state = next
      for (const listener of [...listeners]) listener(next, previous)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
