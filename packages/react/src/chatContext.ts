import type { ChatClient, KickInfo } from '@chatgate/core'
import type { Locale } from '@chatgate/protocol'
import { createContext } from 'react'
import type { DialogSlot } from './dialogSlot.js'
import type { ChatTexts } from './messages.js'
import type { RestoreState } from './sessionRestore.js'
import type { Store } from './store.js'

/** What `ChatProvider` hands to every hook and component below it. */
export interface ChatContextValue {
  /** Any client with Chatgate's client interface: a `Chat`, or `fromTencentChat(…)`. */
  client: ChatClient
  locale: Locale
  texts: ChatTexts
  /** Components leave out their `chatgate-*` class names, so the app styles them alone. */
  unstyled: boolean
  /** The kick the user acknowledged last: hidden from every component of the provider. */
  acknowledged: Store<KickInfo | null>
  /** The silent login in progress (autoLogin or a remembered UserID), if any. */
  restore: Store<RestoreState>
  /** True when the provider's `autoLogin` owns restoring the session. */
  autoLogin: boolean
  /** Where the kit keeps what it remembers for this app (the last UserID). */
  storageKey: string
  /** Where this tab keeps its last kick for this app (`sessionStorage`), see `KickMark`. */
  kickKey: string
  dialogSlot: DialogSlot
}

export const ChatContext = createContext<ChatContextValue | null>(null)
