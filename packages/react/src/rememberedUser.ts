import { isValidUserID } from '@chatgate/protocol'

/** The last UserID that logged in on this browser, and whether it may log in silently. */
export interface RememberedUser {
  userID: string
  /** False after a kick or a failed silent login: then it only prefills the form (rule 17). */
  silent: boolean
}

const listeners = new Set<() => void>()

// localStorage is missing on the server and may throw (privacy modes, quota): the kit then
// simply remembers nothing.
function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined
  } catch {
    return undefined
  }
}

/** The stored text as is: a string compares by value, as `useSyncExternalStore` needs. */
export function readRememberedRaw(key: string): string | null {
  try {
    return storage()?.getItem(key) ?? null
  } catch {
    return null
  }
}

export function parseRemembered(raw: string | null): RememberedUser | null {
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as Partial<RememberedUser>
    if (typeof value.userID !== 'string' || !isValidUserID(value.userID)) return null
    return { userID: value.userID, silent: value.silent === true }
  } catch {
    return null
  }
}

export function writeRemembered(key: string, value: RememberedUser | null): void {
  try {
    if (value) storage()?.setItem(key, JSON.stringify(value))
    else storage()?.removeItem(key)
  } catch {
    return
  }
  for (const listener of listeners) listener()
}

/** Changes made here, and in other tabs of the app (`storage` events). */
export function subscribeRemembered(listener: () => void): () => void {
  listeners.add(listener)
  const target = globalThis as { addEventListener?: typeof addEventListener }
  target.addEventListener?.('storage', listener)
  return () => {
    listeners.delete(listener)
    ;(globalThis as { removeEventListener?: typeof removeEventListener }).removeEventListener?.(
      'storage',
      listener,
    )
  }
}
