import type { ChatError } from '@chatgate/protocol'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import type { LoginCredentials, LoginResult } from './logInWith.js'
import { useChatContext } from './useChat.js'

export type { GetUserSig, LoginCredentials, LoginResult } from './logInWith.js'

/**
 * Logs in through a react-query mutation: `isPending` while the login runs, `error` with
 * `{ code, message }` when it is refused. The client resolves only after SDK_READY. A
 * login of the user's own ends a silent one that is waiting to try again.
 */
export function useLogin(): UseMutationResult<LoginResult, ChatError, LoginCredentials> {
  const { kit } = useChatContext()
  return useMutation<LoginResult, ChatError, LoginCredentials>({
    mutationKey: ['chatgate', 'login'],
    mutationFn: kit.login,
  })
}
