import { isValidUserID } from '@chatgate/protocol'
import { withStorage } from './storage.js'

/** The last UserID that logged in on this browser, and whether it may log in silently. */
export interface RememberedUser {
  userID: string
  /** False after a kick or a failed silent login: then it only prefills the form (rule 17). */
  silent: boolean
}

const listeners = new Set<() => void>()
// Stored as the UserID, with this mark in front when it may only prefill the form. The mark
// is not a UserID character, so the two can never be confused.
const PREFILL_ONLY = '!'

/** The stored text as is: a string compares by value, as `useSyncExternalStore` needs. */
export const readRememberedRaw = (key: string): string | null =>
  withStorage('localStorage', (storage) => storage.getItem(key))

export function parseRemembered(raw: string | null): RememberedUser | null {
  const silent = !raw?.startsWith(PREFILL_ONLY)
  const userID = silent ? raw : raw?.slice(1)
  return userID && isValidUserID(userID) ? { userID, silent } : null
}

export function writeRemembered(key: string, value: RememberedUser | null): void {
  withStorage('localStorage', (storage) =>
    value
      ? storage.setItem(key, (value.silent ? '' : PREFILL_ONLY) + value.userID)
      : storage.removeItem(key),
  )
  for (const listener of listeners) listener()
}

/** Changes made through this module (the gate's own writes). */
export function subscribeRemembered(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
