import type { Chat } from '@chatgate/core'
import { useContext } from 'react'
import { ChatContext, type ChatContextValue } from './chatContext.js'

/** The provider's context; a clear error when a component is used outside `ChatProvider`. */
export function useChatContext(): ChatContextValue {
  const value = useContext(ChatContext)
  if (!value) throw new Error('@chatgate/react: wrap your components in <ChatProvider>.')
  return value
}

/** The `Chat` client of the nearest `ChatProvider`. */
export function useChat(): Chat {
  return useChatContext().chat
}
