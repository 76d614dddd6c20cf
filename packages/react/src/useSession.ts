import type { KickInfo } from '@chatgate/core'
import { type ChatError, LOGIN_STATUS, type NetState } from '@chatgate/protocol'
import { useMemo } from 'react'
import { useKickedOut } from './useKickedOut.js'
import { useLoginStatus } from './useLoginStatus.js'
import { useRestore } from './useRestore.js'

/** The session in words. */
export type SessionStatus = 'loading' | 'authenticated' | 'unauthenticated' | 'kicked'

export interface Session {
  /**
   * `loading` while a login runs (the provider's `autoLogin`, a remembered UserID, or any
   * `login`); `kicked` from a kick until the user acknowledges it; then `unauthenticated`.
   */
  status: SessionStatus
  /** The logged-in (or logging-in) UserID; '' otherwise. */
  userID: string
  /** The last kick (`{ type, userID, at }`) until the next login, acknowledged or not. */
  kick: KickInfo | null
  netState: NetState
  /** The last failure: a refused login, a failed silent login, a network error; or null. */
  error: ChatError | null
}

type Slice = Pick<Session, 'userID' | 'kick' | 'netState' | 'error'> & { loginStatus: number }

// One cache for every caller: equal fields give back the same object, so a snapshot change
// in fields the session does not read (e.g. the UserSig expiry) re-renders nobody.
let lastSlice: Slice | undefined
const selectSlice = (s: Slice): Slice => {
  const last = lastSlice
  if (
    last &&
    last.loginStatus === s.loginStatus &&
    last.userID === s.userID &&
    last.kick === s.kick &&
    last.netState === s.netState &&
    last.error === s.error
  ) {
    return last
  }
  lastSlice = {
    loginStatus: s.loginStatus,
    userID: s.userID,
    kick: s.kick,
    netState: s.netState,
    error: s.error,
  }
  return lastSlice
}

/**
 * The session as a status word plus who, the kick, the network and the last error. The
 * component re-renders when one of these changes, not for other snapshot fields; read
 * `useLoginStatus(selector)` for finer slices.
 */
export function useSession(): Session {
  const slice = useLoginStatus(selectSlice)
  const { kick: unacknowledged } = useKickedOut()
  const restore = useRestore()
  return useMemo<Session>(() => {
    const status: SessionStatus =
      restore.pending || slice.loginStatus === LOGIN_STATUS.LOGINING
        ? 'loading'
        : slice.loginStatus === LOGIN_STATUS.LOGINED
          ? 'authenticated'
          : unacknowledged
            ? 'kicked'
            : 'unauthenticated'
    return {
      status,
      userID: slice.userID,
      kick: slice.kick,
      netState: slice.netState,
      error: slice.error ?? restore.error,
    }
  }, [slice, unacknowledged, restore])
}
