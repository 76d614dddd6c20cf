/**
 * Runs `task` on the browser's `localStorage` or `sessionStorage`. They are missing on the
 * server and may throw (privacy modes, quota): then the kit simply remembers nothing, and
 * this returns null. Read only when called, never at import (server rendering, React Native).
 */
export function withStorage<T>(
  name: 'localStorage' | 'sessionStorage',
  task: (storage: Storage) => T,
): T | null {
  try {
    return task(globalThis[name]) ?? null
  } catch {
    return null
  }
}
