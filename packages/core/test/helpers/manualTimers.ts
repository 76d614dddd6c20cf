import type { Timers } from '@chatgate/core'

export interface ManualTimers extends Timers {
  /** Timers set and not yet run or cleared. */
  readonly pending: number
  /** Milliseconds the clock has been advanced: a clock in step with these timers. */
  readonly now: number
  /** Milliseconds from now until the soonest pending timer is due; undefined when none is. */
  readonly nextIn: number | undefined
  /** Moves the clock `ms` on, running every timer due by then in order (and ones they set). */
  advance(ms: number): void
}

/**
 * Timers for a client that run only when the test advances them, so a check that nothing
 * happens (no reconnect after a kick) needs no sleeping: advance as far as you like, then
 * look. The server and the sockets stay real.
 */
export function manualTimers(): ManualTimers {
  const due = new Map<number, { at: number; run: () => void }>()
  let now = 0
  let lastId = 0
  return {
    setTimeout(run, ms) {
      due.set(++lastId, { at: now + ms, run })
      return lastId
    },
    clearTimeout(id) {
      due.delete(id as number)
    },
    get now() {
      return now
    },
    get pending() {
      return due.size
    },
    get nextIn() {
      return due.size ? Math.min(...[...due.values()].map((timer) => timer.at)) - now : undefined
    },
    advance(ms) {
      const end = now + ms
      for (;;) {
        const [id, timer] = [...due].sort(([, a], [, b]) => a.at - b.at)[0] ?? []
        if (id === undefined || !timer || timer.at > end) break
        due.delete(id)
        now = timer.at
        timer.run()
      }
      now = end
    },
  }
}
