import type { ChatClient } from '@chatgate/core'
import { QueryClientContext } from '@tanstack/react-query'
import { useContext, useEffect } from 'react'
import { ChatContext, type ChatContextValue } from './chatContext.js'

let warnedOutside = false

/**
 * The provider's context; a clear error when a component is used outside `ChatProvider`.
 * It also hands the kit session the react-query cache this component sees: when the app's
 * `QueryClientProvider` sits inside `ChatProvider`, that is the app's cache, not the
 * provider's, and a kick must clear it too (rule 37).
 */
export function useChatContext(): ChatContextValue {
  const value = useContext(ChatContext)
  if (!value) throw new Error('@chatgate/react: wrap your components in <ChatProvider>.')
  const nearest = useContext(QueryClientContext)
  useEffect(() => {
    if (!nearest || nearest === value.queryClient || !value.clearCacheOnKick) return
    if (
      value.ownsQueryClient &&
      !warnedOutside &&
      typeof process !== 'undefined' &&
      process.env.NODE_ENV !== 'production'
    ) {
      warnedOutside = true
      console.warn('[chatgate] Put ChatProvider inside your QueryClientProvider (see README).')
    }
    return value.kit.addCache(nearest)
  }, [nearest, value])
  return value
}

/** The client of the nearest `ChatProvider` (a `Chat`, or any `ChatClient`). */
export function useChat(): ChatClient {
  return useChatContext().client
}
