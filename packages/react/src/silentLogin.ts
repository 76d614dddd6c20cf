import type { ChatError } from '@chatgate/protocol'
import { isRetryable, type RetrySettings, retryDelay } from './retryPolicy.js'

/**
 * One silent login at a time, retried with backoff while the network fails it. A newer
 * one, or `cancel` (a login or logout of the user's own), replaces it, and the outcome of
 * the one replaced is ignored: the latest attempt wins.
 */
export interface SilentLogin {
  /** Starts `task` in place of any other. */
  run(task: () => Promise<unknown>): void
  /** Tries again at once when a retry is waiting for its backoff. */
  retryNow(): void
  /** Forgets the task: no retry waits, its outcome is ignored. */
  cancel(): void
  /**
   * Retries may be scheduled from now until the returned stop (the provider is mounted);
   * a retry that was waiting when it last stopped is scheduled again.
   */
  activate(): () => void
}

export function createSilentLogin(
  settings: RetrySettings,
  /** After each attempt: done (`error` null), refused for good, or `retrying` after a backoff. */
  report: (retrying: boolean, error: ChatError | null) => void,
): SilentLogin {
  let task: (() => Promise<unknown>) | undefined
  let timer: unknown
  let attempts = 0
  let active = false
  /** A retry is due but was not scheduled: the provider was stopped meanwhile. */
  let waiting = false
  const stopTimer = () => {
    if (timer !== undefined) settings.timers.clearTimeout(timer)
    timer = undefined
  }
  const cancel = () => {
    task = undefined
    attempts = 0
    waiting = false
    stopTimer()
  }
  const attempt = (current: () => Promise<unknown>) => {
    timer = undefined
    current().then(
      () => settle(current, null),
      (error: ChatError) => settle(current, error),
    )
  }
  const schedule = () => {
    waiting = !active
    if (active) {
      const current = task as () => Promise<unknown>
      timer = settings.timers.setTimeout(() => attempt(current), retryDelay(settings, attempts++))
    }
  }
  const settle = (current: () => Promise<unknown>, error: ChatError | null) => {
    if (task !== current) return
    const retrying = error !== null && isRetryable(error.code)
    if (retrying) schedule()
    else cancel()
    report(retrying, error)
  }
  return {
    run(next) {
      cancel()
      task = next
      attempt(next)
    },
    retryNow() {
      if (task && timer !== undefined) {
        stopTimer()
        attempt(task)
      }
    },
    cancel,
    activate() {
      active = true
      if (waiting) schedule()
      return () => {
        active = false
        if (timer !== undefined) {
          stopTimer()
          waiting = true
        }
      }
    },
  }
}
