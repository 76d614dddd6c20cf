import type { Chat } from '@chatgate/core'
import type { Locale } from '@chatgate/protocol'
import { createContext } from 'react'
import type { KickAcknowledgement } from './kickAcknowledgement.js'
import type { ChatTexts } from './messages.js'

/** What `ChatProvider` hands to every hook and component below it. */
export interface ChatContextValue {
  chat: Chat
  locale: Locale
  texts: ChatTexts
  /** Components leave out their `chatgate-*` class names, so the app styles them alone. */
  unstyled: boolean
  kickAcknowledgement: KickAcknowledgement
}

export const ChatContext = createContext<ChatContextValue | null>(null)
