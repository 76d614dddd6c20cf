import type { ChatError } from '@chatgate/protocol'
import { kickMarkError, readKickMark } from './kickMark.js'
import { createStore, type Store } from './store.js'

/** A silent login that runs on its own: the provider's `autoLogin` or the gate's remembered UserID. */
export interface RestoreState {
  /** True while it runs: the session reads as loading and the gate shows no form. */
  pending: boolean
  /** True once one has started in this provider; it never starts twice (StrictMode). */
  started: boolean
  /** Who it tried to log in; the form is prefilled with it when it failed. */
  userID: string
  /** Why it failed, or null (also once the user starts a login of their own). */
  error: ChatError | null
}

/**
 * One per provider. `pending` starts true when the provider will restore on mount, so the
 * very first render — on the server too — already shows loading, never a form that vanishes.
 */
export const createSessionRestore = (pending: boolean): Store<RestoreState> =>
  createStore({ pending, started: false, userID: '', error: null })

/**
 * Runs `task` (if any) unless a silent login already started in this provider, or this tab
 * was kicked (the mark under `kickKey`): then the form shows, prefilled with the kicked
 * UserID and saying why, and nothing logs in until the user does (rules 17 and 30). Called
 * from effects only: the mark is in `sessionStorage`, which the server has not.
 */
export function runRestore(
  restore: Store<RestoreState>,
  kickKey: string,
  task?: () => Promise<unknown>,
  userID = '',
): void {
  if (restore.get().started) return
  const kick = readKickMark(kickKey)
  if (kick) {
    restore.set({ pending: false, started: true, userID: kick.userID, error: kickMarkError(kick) })
    return
  }
  if (!task) return
  // The task may name the user once it knows (autoLogin): keep what it set.
  const done = (error: ChatError | null) => restore.set({ ...restore.get(), pending: false, error })
  restore.set({ pending: true, started: true, userID, error: null })
  task().then(() => done(null), done)
}
