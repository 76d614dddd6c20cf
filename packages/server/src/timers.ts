/** The timers the server's sweep and shutdown run on; tests pass ones they advance by hand. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

/**
 * Runs `run` every `ms` on `timers` until the returned function stops it: the sweep's
 * interval, on timers a test can advance. A real timer is unref'ed like the setInterval it
 * replaces, so it never keeps the process alive.
 */
export function repeatEvery(timers: Timers, ms: number, run: () => void): () => void {
  let stopped = false
  let handle: unknown
  const schedule = () => {
    handle = timers.setTimeout(tick, ms)
    ;(handle as { unref?: () => void } | undefined)?.unref?.()
  }
  const tick = () => {
    try {
      run()
    } finally {
      if (!stopped) schedule()
    }
  }
  schedule()
  return () => {
    stopped = true
    timers.clearTimeout(handle)
  }
}
