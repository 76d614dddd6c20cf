import type { Environment } from './environment.js'

// setTimeout stores its delay in 32 bits: anything longer (a UserSig is often valid for
// 180 days) would fire at once. Long waits re-arm in steps instead.
const MAX_DELAY_MS = 2 ** 31 - 1

/** Calls `callback` at Unix ms `at` by the environment's clock; returns a cancel function. */
export function setTimerAt(
  env: Pick<Environment, 'now' | 'timers'>,
  at: number,
  callback: () => void,
): () => void {
  let handle: unknown
  const arm = () => {
    const delay = Math.max(0, at - env.now())
    handle =
      delay > MAX_DELAY_MS
        ? env.timers.setTimeout(arm, MAX_DELAY_MS)
        : env.timers.setTimeout(callback, delay)
  }
  arm()
  return () => env.timers.clearTimeout(handle)
}
