// The client core's hand-advanced timers: the server's sweep, drain and close spread run on them.
import { type ManualTimers, manualTimers } from '../../../core/test/helpers/manualTimers.js'
import type { StartServerOptions } from '../../src/startServer.js'

export interface ManualTime {
  readonly timers: ManualTimers
  /** The server's clock in Unix ms: where it started plus what the timers were advanced. */
  now(): number
  /** Server options that put the sweep (at its production interval) on this time. */
  readonly options: Pick<StartServerOptions, 'timers' | 'now' | 'sweepIntervalMs'>
  /** Moves the clock `ms` on, running every sweep (and other timer) due by then. */
  advance(ms: number): void
}

/** The sweep's production interval: an hour's advance runs 3,600 sweeps, not 180,000. */
const SWEEP_INTERVAL_MS = 1_000

/**
 * A clock and timers for a server that move only when the test advances them: a grace
 * period or a UserSig runs out in one call instead of a real wait, and "nothing happened"
 * holds for as long a stretch as the test advances. Starts at the real time by default, so
 * UserSigs signed now are valid on it.
 */
export function manualTime(startMs = Date.now()): ManualTime {
  const timers = manualTimers()
  const now = () => startMs + timers.now
  return {
    timers,
    now,
    options: { timers, now, sweepIntervalMs: SWEEP_INTERVAL_MS },
    advance: (ms) => timers.advance(ms),
  }
}
