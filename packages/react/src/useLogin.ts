import type { Chat } from '@chatgate/core'
import type { ChatError } from '@chatgate/protocol'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useChat } from './useChat.js'

/** `{ userID, userSig }`, or `{ userID, getUserSig }` to let the client fetch (and renew) it. */
export type LoginCredentials = Parameters<Chat['login']>[0]
export type LoginResult = Awaited<ReturnType<Chat['login']>>

/**
 * Logs in through a react-query mutation: `isPending` while the login runs, `error` with
 * `{ code, message }` when it is refused. The client resolves only after SDK_READY.
 */
export function useLogin(): UseMutationResult<LoginResult, ChatError, LoginCredentials> {
  const chat = useChat()
  return useMutation<LoginResult, ChatError, LoginCredentials>({
    mutationKey: ['chatgate', 'login'],
    mutationFn: (credentials) => chat.login(credentials),
  })
}
