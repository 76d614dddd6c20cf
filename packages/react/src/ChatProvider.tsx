import { Chat, type ChatClient, type ChatOptions, type KickInfo } from '@chatgate/core'
import type { Locale } from '@chatgate/protocol'
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useContext, useEffect, useMemo, useState } from 'react'
import { ChatContext, type ChatContextValue } from './chatContext.js'
import { createDialogSlot } from './dialogSlot.js'
import { kickMarkKey, markKicks } from './kickMark.js'
import { type ChatTextsOverrides, resolveTexts } from './messages.js'
import { createSessionRestore, runRestore } from './sessionRestore.js'
import { createStore } from './store.js'
import { type LoginCredentials, logInWith } from './useLogin.js'
import { watchKicks } from './watchKicks.js'

interface ChatProviderCommonProps {
  /**
   * Logs in silently on mount, once (StrictMode too), for the user your app has already
   * signed in: resolve `{ userID, userSig, getUserSig? }` (e.g. from your backend session)
   * or null for nobody. While it runs the session is `loading` and `LoginGate` shows its
   * loading state instead of the form. It never runs again after a kick (rule 17), nor
   * after a reload of a tab that was kicked: then the form shows, prefilled with the kicked
   * UserID and saying why, until a login succeeds or the user logs out.
   */
  autoLogin?: () => Promise<LoginCredentials | null>
  /** The cache to use (and clear on a kick). @default the surrounding one, else a new one */
  queryClient?: QueryClient
  /** @default 'en' */
  locale?: Locale
  /** Texts to replace, any part of them: `{ logIn: 'Sign in', kicked: { multipleAccount: { title: '…' } } }`. */
  texts?: ChatTextsOverrides
  /** Leave out the kit's class names and bring your own styles. @default false */
  unstyled?: boolean
  /** Clear the react-query cache when the account is kicked out. @default true */
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
  // Created once: under StrictMode React may call this twice and keep one; a client does
  // nothing on the network before `login`, so the discarded one costs nothing. `new Chat`,
  // not `Chat.create`: the provider owns it and destroys it, so it must not be shared.
  const [ownedClient] = useState(() => (props.client ? null : new Chat(props.options)))
  const client = props.client ?? (ownedClient as ChatClient)
  useDestroyOnUnmount(ownedClient)

  const surrounding = useContext(QueryClientContext)
  const [ownQueryClient] = useState(() =>
    props.queryClient || surrounding ? null : new QueryClient(),
  )
  const queryClient = props.queryClient ?? surrounding ?? (ownQueryClient as QueryClient)
  useEffect(
    () => (clearCacheOnKick ? watchKicks(client, () => queryClient.clear()) : undefined),
    [client, queryClient, clearCacheOnKick],
  )

  const { autoLogin } = props
  const [restore] = useState(() => {
    const { loginStatus, kick } = client.getSnapshot()
    return createSessionRestore(Boolean(autoLogin) && loginStatus !== 1 && !kick)
  })
  const SDKAppID = props.options?.SDKAppID ?? props.SDKAppID ?? 0
  const kickKey = kickMarkKey(SDKAppID)
  useEffect(() => markKicks(client, kickKey), [client, kickKey])
  useEffect(() => {
    if (client.getSnapshot().kick) return
    // Without autoLogin this still reads the tab's kick, so the form says why after a reload.
    runRestore(
      restore,
      kickKey,
      autoLogin &&
        (async () => {
          const credentials = await autoLogin()
          if (!credentials) return
          restore.set({ ...restore.get(), userID: credentials.userID })
          await logInWith(client, credentials)
        }),
    )
  }, [autoLogin, client, restore, kickKey])

  const [acknowledged] = useState(() => createStore<KickInfo | null>(null))
  const [dialogSlot] = useState(createDialogSlot)
  const value = useMemo<ChatContextValue>(
    () => ({
      client,
      locale,
      texts: resolveTexts(locale, texts),
      unstyled,
      acknowledged,
      restore,
      autoLogin: Boolean(autoLogin),
      storageKey: `chatgate:lastUserID:${SDKAppID}`,
      kickKey,
      dialogSlot,
    }),
    [
      client,
      locale,
      texts,
      unstyled,
      acknowledged,
      restore,
      autoLogin,
      SDKAppID,
      kickKey,
      dialogSlot,
    ],
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
function useDestroyOnUnmount(client: ChatClient | null): void {
  useEffect(() => {
    if (!client) return
    const pending = destroyTimers.get(client)
    if (pending !== undefined) clearTimeout(pending)
    return () => {
      destroyTimers.set(
        client,
        setTimeout(() => {
          destroyTimers.delete(client)
          client.destroy().catch(() => {})
        }, 0),
      )
    }
  }, [client])
}

const destroyTimers = new WeakMap<ChatClient, ReturnType<typeof setTimeout>>()
