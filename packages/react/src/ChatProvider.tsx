import { Chat, type ChatOptions } from '@chatgate/core'
import type { Locale } from '@chatgate/protocol'
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useContext, useEffect, useMemo, useState } from 'react'
import { ChatContext, type ChatContextValue } from './chatContext.js'
import { createKickAcknowledgement } from './kickAcknowledgement.js'
import { type ChatTexts, resolveTexts } from './messages.js'
import { watchKicks } from './watchKicks.js'

interface ChatProviderCommonProps {
  /** The cache to use (and clear on a kick). @default the surrounding one, else a new one */
  queryClient?: QueryClient
  /** @default 'en' */
  locale?: Locale
  /** Texts to replace, e.g. `{ logIn: 'Sign in', errors: { 70001: '…' } }`. */
  texts?: Partial<ChatTexts>
  /** Leave out the kit's class names and bring your own styles. @default false */
  unstyled?: boolean
  /** Clear the react-query cache when the account is kicked out. @default true */
  clearCacheOnKick?: boolean
  children?: ReactNode
}

export type ChatProviderProps = ChatProviderCommonProps &
  (
    | { /** A client you created and own. */ client: Chat; options?: never }
    | {
        /** Options to create a client the provider owns and destroys on unmount. */
        options: ChatOptions
        client?: never
      }
  )

export function ChatProvider(props: ChatProviderProps) {
  const { locale = 'en', texts, unstyled = false, clearCacheOnKick = true, children } = props
  // Created once: under StrictMode React may call this twice and keep one; a client does
  // nothing on the network before `login`, so the discarded one costs nothing.
  const [ownedChat] = useState(() => (props.client ? null : Chat.create(props.options)))
  const chat = props.client ?? (ownedChat as Chat)
  useDestroyOnUnmount(ownedChat)

  const surrounding = useContext(QueryClientContext)
  const [ownQueryClient] = useState(() =>
    props.queryClient || surrounding ? null : new QueryClient(),
  )
  const queryClient = props.queryClient ?? surrounding ?? (ownQueryClient as QueryClient)
  useEffect(
    () => (clearCacheOnKick ? watchKicks(chat, () => queryClient.clear()) : undefined),
    [chat, queryClient, clearCacheOnKick],
  )

  const [kickAcknowledgement] = useState(createKickAcknowledgement)
  const value = useMemo<ChatContextValue>(
    () => ({ chat, locale, texts: resolveTexts(locale, texts), unstyled, kickAcknowledgement }),
    [chat, locale, texts, unstyled, kickAcknowledgement],
  )
  const tree = <ChatContext.Provider value={value}>{children}</ChatContext.Provider>
  return queryClient === surrounding ? (
    tree
  ) : (
    <QueryClientProvider client={queryClient}>{tree}</QueryClientProvider>
  )
}

/**
 * Destroys a client the provider created when the provider leaves for good. StrictMode
 * unmounts and remounts effects at once, so the destroy waits a task and is cancelled by
 * the remount.
 */
function useDestroyOnUnmount(chat: Chat | null): void {
  useEffect(() => {
    if (!chat) return
    const pending = destroyTimers.get(chat)
    if (pending !== undefined) clearTimeout(pending)
    return () => {
      destroyTimers.set(
        chat,
        setTimeout(() => {
          destroyTimers.delete(chat)
          chat.destroy().catch(() => {})
        }, 0),
      )
    }
  }, [chat])
}

const destroyTimers = new WeakMap<Chat, ReturnType<typeof setTimeout>>()
