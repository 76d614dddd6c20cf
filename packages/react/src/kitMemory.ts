import type { KickInfo } from '@chatgate/core'
import { isKickType, isValidUserID } from '@chatgate/protocol'

/** A kick as the kit remembers it across reloads: its type and whom it signed out. */
export type KickMark = Pick<KickInfo, 'type' | 'userID'>

/** The last UserID that logged in, and whether it may log in silently. */
export interface RememberedUser {
  userID: string
  /** False after a kick or a failed silent login: then it only prefills the form (rule 17). */
  silent: boolean
}

/** One value the kit keeps outside the page; reads and writes never throw. */
export interface MemorySlot<T> {
  read(): T | null
  write(value: T | null): void
}

/**
 * What the kit remembers beyond a page load. The kick mark stops a reload from logging the
 * kicked account in again by itself (rules 17 and 30); the remembered user lets the gate
 * log the last user in silently. Only the kit session writes them.
 */
export interface KitMemory {
  kickMark: MemorySlot<KickMark>
  remembered: MemorySlot<RememberedUser>
}

type StorageName = 'localStorage' | 'sessionStorage'

/**
 * A slot in `localStorage` or `sessionStorage`. They are missing on the server and in React
 * Native and may throw (privacy modes, quota): then the kit simply remembers nothing. Read
 * only when called, never at import.
 */
function storageSlot<T>(
  name: StorageName,
  key: string,
  parse: (raw: string) => T | null,
  format: (value: T) => string,
): MemorySlot<T> {
  const use = <R>(task: (storage: Storage) => R): R | null => {
    try {
      return task(globalThis[name]) ?? null
    } catch {
      return null
    }
  }
  return {
    read: () => use((storage) => parse(storage.getItem(key) as string)),
    write: (value) =>
      use((storage) => (value ? storage.setItem(key, format(value)) : storage.removeItem(key))),
  }
}

function parseKickMark(raw: string): KickMark | null {
  const mark = JSON.parse(raw) as Partial<KickMark> | null
  return mark && isKickType(mark.type) && isValidUserID(mark.userID)
    ? { type: mark.type, userID: mark.userID }
    : null
}

// The UserID, with this mark in front when it may only prefill the form. The mark is not a
// UserID character, so the two can never be confused.
const PREFILL_ONLY = '!'

function parseRemembered(raw: string): RememberedUser | null {
  const silent = !raw?.startsWith(PREFILL_ONLY)
  const userID = silent ? raw : raw.slice(1)
  return isValidUserID(userID) ? { userID, silent } : null
}

/**
 * The browser's memory for one app (SDKAppID): the remembered user per browser
 * (`localStorage`); the kick mark per tab (`sessionStorage`), or per browser when the tabs
 * share one session (`perBrowser`), so a reload of any of them after a kick shows the form.
 */
export const browserMemory = (SDKAppID: number, perBrowser?: boolean): KitMemory => ({
  kickMark: storageSlot(
    perBrowser ? 'localStorage' : 'sessionStorage',
    `chatgate:kicked:${SDKAppID}`,
    parseKickMark,
    ({ type, userID }) => JSON.stringify({ type, userID }),
  ),
  remembered: storageSlot(
    'localStorage',
    `chatgate:lastUserID:${SDKAppID}`,
    parseRemembered,
    ({ userID, silent }) => (silent ? '' : PREFILL_ONLY) + userID,
  ),
})
