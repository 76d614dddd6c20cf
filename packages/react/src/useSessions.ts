import type { ChatError, SessionInfo } from '@chatgate/protocol'
import { LOGIN_STATUS } from '@chatgate/protocol'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useChatContext } from './useChat.js'
import { useLoginStatus } from './useLoginStatus.js'

export interface Sessions {
  /** The user's sessions on every node, this device's first. */
  sessions: SessionInfo[]
  /** True while the first list loads. */
  loading: boolean
  /** Why the list could not be loaded, or the last sign-out failed; null after a success. */
  error: ChatError | null
  /** Loads the list again (and forgets a failed sign-out). */
  refresh: () => void
  /** Signs one of the user's other devices out; the list reloads afterwards. Rejects with the error. */
  endSession: (sessionID: string) => Promise<void>
  /** Signs every other device out; the list reloads afterwards. */
  endOthers: () => Promise<void>
  /** The sessionID `endSession` is ending, or `'others'` while `endOthers` runs; else null. */
  ending: string | null
}

const selectUserID = (snapshot: { loginStatus: number; userID: string }) =>
  snapshot.loginStatus === LOGIN_STATUS.LOGINED ? snapshot.userID : ''

/** This device's session first; the others keep the server's order (sort is stable). */
const currentFirst = (a: SessionInfo, b: SessionInfo) => +b.current - +a.current

/**
 * The logged-in user's devices (`chat.getSessions()`) through react-query, keyed by the
 * UserID: nothing is asked while logged out, and a kick clears the cache with the rest of
 * the user's data. A sign-out of another device reloads the list whether it worked or not.
 * A session that is already gone (90019) counts as signed out: that is what the user asked.
 */
export function useSessions(): Sessions {
  const { client } = useChatContext()
  const userID = useLoginStatus(selectUserID)
  const query = useQuery<SessionInfo[], ChatError>({
    queryKey: ['chatgate', 'sessions', userID],
    queryFn: async () => (await client.getSessions()).data.sessions.sort(currentFirst),
    enabled: userID !== '',
    // The list has its own "Retry now": a failure shows at once.
    retry: false,
  })
  // The variable is the sessionID to end, or null for every other session.
  const end = useMutation<void, ChatError, string | null>({
    mutationFn: (sessionID) =>
      (sessionID === null ? client.endOtherSessions() : client.endSession(sessionID)).then(
        () => {},
        (error: ChatError) => {
          if (error.code !== 90_019) throw error
        },
      ),
    onSettled: () => query.refetch(),
  })
  return {
    sessions: query.data ?? [],
    loading: query.isLoading,
    error: end.error ?? query.error,
    refresh: () => {
      end.reset()
      query.refetch()
    },
    endSession: end.mutateAsync,
    endOthers: () => end.mutateAsync(null),
    ending: end.isPending ? (end.variables ?? 'others') : null,
  }
}
