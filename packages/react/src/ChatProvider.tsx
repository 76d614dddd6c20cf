import type { ChatClient, ChatOptions } from '@chatgate/core'
import type { Locale } from '@chatgate/protocol'
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react'
import { ChatContext, type ChatContextValue } from './chatContext.js'
import { createDialogSlot } from './dialogSlot.js'
import { browserMemory } from './kitMemory.js'
import { createKitSession } from './kitSession.js'
import type { LoginCredentials } from './logInWith.js'
import { type ChatTextsOverrides, resolveTexts } from './messages.js'
import { retrySettings } from './retryPolicy.js'
import { useOwnedClient } from './useOwnedClient.js'

interface ChatProviderCommonProps {
  /**
   * Logs in silently on mount, once (StrictMode too), for the user your app has already
   * signed in: resolve `{ userID, userSig, getUserSig? }` (e.g. from your backend session)
   * or null for nobody. While it runs the session is `loading` and `LoginGate` shows its
   * loading state instead of the form. When the network fails it (the login server is
   * down), the session is `reconnecting` and the kit tries again with backoff until the
   * server answers. It never runs again after a kick (rule 17), nor after a reload of a tab
   * that was kicked: then the form shows, prefilled with the kicked UserID and saying why,
   * until a login succeeds or the user logs out.
   */
  autoLogin?: () => Promise<LoginCredentials | null>
  /**
   * The cache to use (and clear once a kick is acknowledged). Put ChatProvider inside your
   * QueryClientProvider. @default the surrounding one, else a new one
   */
  queryClient?: QueryClient
  /** @default 'en' */
  locale?: Locale
  /** Texts to replace, any part of them: `{ logIn: 'Sign in', kicked: { multipleAccount: { title: '…' } } }`. */
  texts?: ChatTextsOverrides
  /** Leave out the kit's class names and bring your own styles. @default false */
  unstyled?: boolean
  /** Clear the react-query cache once the user acknowledges a kick. @default true */
  clearCacheOnKick?: boolean
  children?: ReactNode
}

export type ChatProviderProps = ChatProviderCommonProps &
  (
    | {
        /** A client you created and own: a `Chat`, or any `ChatClient` (e.g. `fromTencentChat`). */
        client: ChatClient
        /** The app's SDKAppID, which names what the kit remembers per app. @default 0 */
        SDKAppID?: number
        options?: never
      }
    | {
        /** Options of a client the provider creates (`new Chat`) and destroys on unmount. */
        options: ChatOptions
        client?: never
        SDKAppID?: never
      }
  )

export function ChatProvider(props: ChatProviderProps) {
  const { locale = 'en', texts, unstyled = false, clearCacheOnKick = true, children } = props
  const client = useOwnedClient(props.client, props.options)

  const surrounding = useContext(QueryClientContext)
  const [ownQueryClient] = useState(() =>
    props.queryClient || surrounding ? null : new QueryClient(),
  )
  const queryClient = props.queryClient ?? surrounding ?? (ownQueryClient as QueryClient)

  // The kit session, once per provider; like the client, a discarded StrictMode twin does
  // nothing until started. The latest autoLogin is the one that runs.
  const latestAutoLogin = useRef(props.autoLogin)
  latestAutoLogin.current = props.autoLogin
  const [kit] = useState(() =>
    createKitSession({
      client,
      memory: browserMemory(props.options?.SDKAppID ?? props.SDKAppID ?? 0),
      autoLogin: props.autoLogin && (() => (latestAutoLogin.current ?? nobody)()),
      retry: retrySettings(props.options),
    }),
  )
  useEffect(() => kit.start(), [kit])
  useEffect(
    () => (clearCacheOnKick ? kit.addCache(queryClient) : undefined),
    [kit, queryClient, clearCacheOnKick],
  )

  const [dialogSlot] = useState(createDialogSlot)
  const value = useMemo<ChatContextValue>(
    () => ({
      client,
      kit,
      locale,
      texts: resolveTexts(locale, texts),
      unstyled,
      dialogSlot,
      queryClient,
      ownsQueryClient: ownQueryClient !== null,
      clearCacheOnKick,
    }),
    [
      client,
      kit,
      locale,
      texts,
      unstyled,
      dialogSlot,
      queryClient,
      ownQueryClient,
      clearCacheOnKick,
    ],
  )
  const tree = <ChatContext.Provider value={value}>{children}</ChatContext.Provider>
  return queryClient === surrounding ? (
    tree
  ) : (
    <QueryClientProvider client={queryClient}>{tree}</QueryClientProvider>
  )
}

const nobody = async () => null
