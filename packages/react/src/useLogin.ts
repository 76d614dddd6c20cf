import type { Chat } from '@chatgate/core'
import { type ChatError, clientError, USER_SIG_MISSING } from '@chatgate/protocol'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useChat } from './useChat.js'

type GetUserSig = () => string | Promise<string>

/**
 * `{ userID, userSig }`, or `{ userID, getUserSig }`: the sig is fetched first and the
 * client calls `getUserSig` again to renew it in place before it expires.
 */
export type LoginCredentials =
  | { userID: string; userSig: string; getUserSig?: GetUserSig }
  | { userID: string; userSig?: undefined; getUserSig: GetUserSig }

export type LoginResult = Awaited<ReturnType<Chat['login']>>

/**
 * Logs in through a react-query mutation: `isPending` while the login runs, `error` with
 * `{ code, message }` when it is refused. The client resolves only after SDK_READY.
 */
export function useLogin(): UseMutationResult<LoginResult, ChatError, LoginCredentials> {
  const chat = useChat()
  return useMutation<LoginResult, ChatError, LoginCredentials>({
    mutationKey: ['chatgate', 'login'],
    mutationFn: async ({ userID, userSig, getUserSig }) => {
      const sig = userSig ?? (await fetchUserSig(getUserSig))
      return chat.login(
        getUserSig ? { userID, userSig: sig, getUserSig } : { userID, userSig: sig },
      )
    },
  })
}

/** The app's sig source failing is reported like a missing sig, with its own words. */
async function fetchUserSig(getUserSig: GetUserSig): Promise<string> {
  try {
    return await getUserSig()
  } catch (cause) {
    const detail = cause instanceof Error ? `: ${cause.message}` : ''
    const error: ChatError = clientError(USER_SIG_MISSING)
    error.message += detail
    throw error
  }
}
