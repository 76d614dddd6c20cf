import type { KickInfo } from '@chatgate/core'
import { type ChatError, LOGIN_STATUS, type NetState } from '@chatgate/protocol'
import { useMemo } from 'react'
import { useStore } from './store.js'
import { useChatContext } from './useChat.js'
import { useKickedOut } from './useKickedOut.js'
import { useLoginStatus } from './useLoginStatus.js'

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

/**
 * The session as a status word plus who, the kick, the network and the last error. The
 * component re-renders when the client's snapshot changes; read `useLoginStatus(selector)`
 * for a finer slice (e.g. only the UserID, which a reconnect leaves alone).
 */
export function useSession(): Session {
  const { loginStatus, userID, kick, netState, error } = useLoginStatus()
  const { kick: unacknowledged } = useKickedOut()
  const restore = useStore(useChatContext().restore)
  return useMemo<Session>(
    () => ({
      status:
        restore.pending || loginStatus === LOGIN_STATUS.LOGINING
          ? 'loading'
          : loginStatus === LOGIN_STATUS.LOGINED
            ? 'authenticated'
            : unacknowledged
              ? 'kicked'
              : 'unauthenticated',
      userID,
      kick,
      netState,
      error: error ?? restore.error,
    }),
    [loginStatus, userID, kick, netState, error, unacknowledged, restore],
  )
}
