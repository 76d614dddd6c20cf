import type { ChatError } from '@chatgate/protocol'

/** A silent login that runs on its own: the provider's `autoLogin` or the gate's remembered UserID. */
export interface RestoreState {
  /** True while it runs: the session reads as loading and the gate shows no form. */
  pending: boolean
  /** Who it tried to log in; the form is prefilled with it when it failed. */
  userID: string
  /** Why it failed, or null. */
  error: ChatError | null
}

export interface SessionRestore {
  get(): RestoreState
  subscribe(listener: () => void): () => void
  /** Runs `task` once per store (StrictMode runs effects twice). Returns false when it had run. */
  runOnce(task: () => Promise<string | null>, userID?: string): boolean
  /** True once a silent login has started in this provider (it never starts twice). */
  started(): boolean
  /** Forget the last failure (the user started a login of their own). */
  clearError(): void
}

const IDLE: RestoreState = { pending: false, userID: '', error: null }

/**
 * One per provider. `pending` starts true when the provider will restore on mount, so the
 * very first render — on the server too — already shows loading, never a form that vanishes.
 */
export function createSessionRestore(pendingAtStart: boolean): SessionRestore {
  let state: RestoreState = pendingAtStart ? { ...IDLE, pending: true } : IDLE
  let started = false
  const listeners = new Set<() => void>()
  const set = (next: RestoreState) => {
    state = next
    for (const listener of listeners) listener()
  }
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    runOnce(task, userID = '') {
      if (started) return false
      started = true
      set({ pending: true, userID, error: null })
      task().then(
        (loggedIn) => set({ ...IDLE, userID: loggedIn ?? userID }),
        (error: ChatError) => set({ pending: false, userID, error }),
      )
      return true
    },
    started: () => started,
    clearError() {
      if (state.error) set({ ...state, error: null })
    },
  }
}
