import type { ChatError } from '@chatgate/protocol'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { writeKickMark } from './kickMark.js'
import { useChatContext } from './useChat.js'

/** Logs out through a react-query mutation; resolves after SDK_NOT_READY. */
export function useLogout(): UseMutationResult<void, ChatError, void> {
  const { client, kickKey } = useChatContext()
  return useMutation<void, ChatError, void>({
    mutationKey: ['chatgate', 'logout'],
    mutationFn: async () => {
      // Signing out forgets this tab's kick too: the next sign-in may log in silently.
      writeKickMark(kickKey, null)
      await client.logout()
    },
  })
}
