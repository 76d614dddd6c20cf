import type { ChatError } from '@chatgate/protocol'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useChat } from './useChat.js'

/** Logs out through a react-query mutation; resolves after SDK_NOT_READY. */
export function useLogout(): UseMutationResult<void, ChatError, void> {
  const chat = useChat()
  return useMutation<void, ChatError, void>({
    mutationKey: ['chatgate', 'logout'],
    mutationFn: async () => {
      await chat.logout()
    },
  })
}
