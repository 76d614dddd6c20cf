import type { ChatClient } from '@chatgate/core'
import type { ChatError } from '@chatgate/protocol'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useChatContext } from './useChat.js'
import { fetchUserSig } from './userSigFailure.js'

/** Fetches a UserSig for a UserID, e.g. from your backend. One signature everywhere in the kit. */
export type GetUserSig = (userID: string) => string | Promise<string>

/**
 * `{ userID, userSig }`, or `{ userID, getUserSig }`: the sig is fetched first and the
 * client calls `getUserSig(userID)` again to renew it in place before it expires.
 */
export type LoginCredentials =
  | { userID: string; userSig: string; getUserSig?: GetUserSig }
  | { userID: string; userSig?: undefined; getUserSig: GetUserSig }

export type LoginResult = Awaited<ReturnType<ChatClient['login']>>

/** Logs `client` in with either kind of credentials; a failing `getUserSig` rejects 2003 with its reason. */
export async function logInWith(
  client: ChatClient,
  { userID, userSig, getUserSig }: LoginCredentials,
): Promise<LoginResult> {
  const sig = userSig ?? (await fetchUserSig(getUserSig as GetUserSig, userID))
  return client.login(getUserSig ? { userID, userSig: sig, getUserSig } : { userID, userSig: sig })
}

/**
 * Logs in through a react-query mutation: `isPending` while the login runs, `error` with
 * `{ code, message }` when it is refused. The client resolves only after SDK_READY.
 */
export function useLogin(): UseMutationResult<LoginResult, ChatError, LoginCredentials> {
  const { client, restore } = useChatContext()
  return useMutation<LoginResult, ChatError, LoginCredentials>({
    mutationKey: ['chatgate', 'login'],
    mutationFn: (credentials) => {
      // A login of the user's own supersedes the failure of a silent one.
      if (restore.get().error) restore.set({ ...restore.get(), error: null })
      return logInWith(client, credentials)
    },
  })
}
