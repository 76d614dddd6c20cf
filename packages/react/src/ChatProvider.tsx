import type { ChatClient } from '@chatgate/core'
import type { Locale } from '@chatgate/protocol'
import type { SharedChatOptions } from '@chatgate/tabs'
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react'
import { ChatContext, type ChatContextValue } from './chatContext.js'
import { createDialogSlot } from './dialogSlot.js'
import { browserMemory } from './kitMemory.js'
import { createKitSession, sharesTabs } from './kitSession.js'
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
  /** The language of dates and times; the words come from `texts`. @default 'en' */
  locale?: Locale
  /**
   * The kit's words, over its English ones: a whole language, `zhCN` of
   * `@chatgate/react/zh-CN`, or any part, `{ logIn: 'Sign in', kicked: { multipleAccount: { title: '…' } } }`.
   */
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
        shareTabs?: never
      }
    | {
        /**
         * Options of the client the provider creates and destroys on unmount: one session
         * for every tab of the browser (`shareChat` of `@chatgate/tabs`), or this tab's own
         * `new Chat` when `shareTabs` is false.
         */
        options: SharedChatOptions
        /**
         * Share one login and one connection among the browser's tabs: they never kick each
         * other, and the kick mark is the browser's. `false`: each tab is its own instance,
         * as with TencentCloudChat (a tab may kick another). @default true
         */
        shareTabs?: boolean
        client?: never
        SDKAppID?: never
      }
  )

export function ChatProvider(props: ChatProviderProps) {
  const { locale = 'en', texts, unstyled = false, clearCacheOnKick = true, children } = props
  if (locale !== 'en' && !texts) warnEnglish()
  const client = useOwnedClient(props.client, props.options, props.shareTabs)

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
      memory: browserMemory(props.options?.SDKAppID ?? props.SDKAppID ?? 0, sharesTabs(client)),
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
      texts: resolveTexts(texts),
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

let warned = false
/** Once per page: a locale without texts shows English words beside the locale's dates. */
function warnEnglish() {
  if (warned) return
  warned = true
  console.warn("Chatgate: pass texts={zhCN} from '@chatgate/react/zh-CN'")
}
