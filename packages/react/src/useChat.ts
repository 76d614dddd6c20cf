import type { ChatClient } from '@chatgate/core'
import { useContext } from 'react'
import { ChatContext, type ChatContextValue } from './chatContext.js'

/** The provider's context; a clear error when a component is used outside `ChatProvider`. */
export function useChatContext(): ChatContextValue {
  const value = useContext(ChatContext)
  if (!value) throw new Error('@chatgate/react: wrap your components in <ChatProvider>.')
  return value
}

/** The client of the nearest `ChatProvider` (a `Chat`, or any `ChatClient`). */
export function useChat(): ChatClient {
  return useChatContext().client
}
