import type { Timers } from '../timers.js'

/** Steps of a spread are at least this far apart: finer ones would cost timers for nothing. */
const MIN_STEP_MS = 10

export interface Spread {
  /** Resolves once every item has had its turn. */
  readonly done: Promise<void>
  /** Gives every item still waiting its turn now. */
  hurry(): void
}

/**
 * Calls `act` for each item, spread evenly over `spreadMs`: the first share at once, the
 * rest in equal steps (one timer at a time), the last share before `spreadMs` has passed.
 * Shutdown closes its clients this way, so they do not all reconnect in the same instant.
 */
export function spreadOver<T>(
  items: readonly T[],
  spreadMs: number,
  act: (item: T) => void,
  timers: Timers,
): Spread {
  const steps = Math.max(1, Math.min(items.length, Math.floor(spreadMs / MIN_STEP_MS)))
  let next = 0
  let step = 0
  let handle: unknown
  let finish = () => {}
  const done = new Promise<void>((resolve) => {
    finish = resolve
  })
  const actUntil = (end: number) => {
    while (next < end) act(items[next++] as T)
  }
  const runStep = () => {
    handle = undefined
    step++
    actUntil(Math.floor((items.length * step) / steps))
    if (step < steps) handle = timers.setTimeout(runStep, spreadMs / steps)
    else finish()
  }
  runStep()
  return {
    done,
    hurry() {
      if (handle === undefined) return
      timers.clearTimeout(handle)
      handle = undefined
      actUntil(items.length)
      finish()
    },
  }
}
