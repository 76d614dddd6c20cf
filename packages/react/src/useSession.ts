import type { KickInfo } from '@chatgate/core'
import { type ChatError, LOGIN_STATUS, type NetState } from '@chatgate/protocol'
import { useMemo } from 'react'
import { useKickedOut } from './useKickedOut.js'
import { useKitState } from './useKitState.js'
import { useLoginStatus } from './useLoginStatus.js'

/** The session in words. */
export type SessionStatus =
  | 'loading'
  | 'authenticated'
  | 'reconnecting'
  | 'kicked'
  | 'unauthenticated'

export interface Session {
  /**
   * `loading` while a login runs (the provider's `autoLogin`, a remembered UserID, or any
   * `login`); `reconnecting` while a silent login waits for the login server to come back
   * (the network failed it, the user is still signed in to the app); `kicked` from a kick
   * until the user acknowledges it; then `unauthenticated`.
   */
  status: SessionStatus
  /**
   * Who: the logged-in (or logging-in) UserID; while `kicked`, the kicked one; while
   * `reconnecting`, the one the silent login is for; '' otherwise.
   */
  userID: string
  /** The last kick (`{ type, userID, at }`) until the next login, acknowledged or not. */
  kick: KickInfo | null
  netState: NetState
  /** The last failure: a refused login, a failed silent login, a network error; or null. */
  error: ChatError | null
}

/**
 * The session as a status word plus who, the kick, the network and the last error. The
 * component re-renders when the client's snapshot or the kit's state changes; read
 * `useLoginStatus(selector)` for a finer slice (e.g. only the UserID).
 */
export function useSession(): Session {
  const { loginStatus, userID, kick, netState, error } = useLoginStatus()
  const { kick: unacknowledged } = useKickedOut()
  const kit = useKitState()
  return useMemo<Session>(() => {
    const [status, who]: [SessionStatus, string] =
      kit.restore === 'reconnecting'
        ? ['reconnecting', kit.userID]
        : kit.restore === 'running' || loginStatus === LOGIN_STATUS.LOGINING
          ? ['loading', userID || kit.userID]
          : loginStatus === LOGIN_STATUS.LOGINED
            ? ['authenticated', userID]
            : unacknowledged
              ? ['kicked', unacknowledged.userID]
              : ['unauthenticated', '']
    return { status, userID: who, kick, netState, error: error ?? kit.error }
  }, [loginStatus, userID, kick, netState, error, unacknowledged, kit])
}
