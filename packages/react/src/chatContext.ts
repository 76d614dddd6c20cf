import type { ChatClient } from '@chatgate/core'
import type { Locale } from '@chatgate/protocol'
import type { QueryClient } from '@tanstack/react-query'
import { createContext } from 'react'
import type { DialogSlot } from './dialogSlot.js'
import type { KitSession } from './kitSession.js'
import type { ChatTexts } from './messages.js'

/** What `ChatProvider` hands to every hook and component below it. */
export interface ChatContextValue {
  /** Any client with Chatgate's client interface: a `Chat`, or `fromTencentChat(…)`. */
  client: ChatClient
  /** The owner of the kit's own state: hooks read it and call its intents. */
  kit: KitSession
  locale: Locale
  texts: ChatTexts
  /** Components leave out their `chatgate-*` class names, so the app styles them alone. */
  unstyled: boolean
  dialogSlot: DialogSlot
  /** The cache the provider clears on a kick (unless `clearCacheOnKick` is false). */
  queryClient: QueryClient
  /** True when the provider made `queryClient` itself: no QueryClientProvider was around it. */
  ownsQueryClient: boolean
  clearCacheOnKick: boolean
}

export const ChatContext = createContext<ChatContextValue | null>(null)
