import type { ChatError } from '@chatgate/protocol'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useChatContext } from './useChat.js'

/**
 * Logs out through a react-query mutation; resolves after SDK_NOT_READY. It forgets this
 * tab's kick and the remembered UserID, so the next sign-in may log in silently again.
 * `mutate(appSignOut)` runs your app's own sign-out first and logs the chat out once it
 * resolves (not if it throws): a reload in between then cannot log back in.
 */
export function useLogout(): UseMutationResult<void, ChatError, (() => unknown) | undefined> {
  const { kit } = useChatContext()
  return useMutation<void, ChatError, (() => unknown) | undefined>({
    mutationKey: ['chatgate', 'logout'],
    mutationFn: (appSignOut) => kit.logout(appSignOut),
  })
}
