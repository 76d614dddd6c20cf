import { Chat, type ChatClient } from '@chatgate/core'
import { type SharedChatOptions, shareChat } from '@chatgate/tabs'
import { useEffect, useState } from 'react'

const destroyTimers = new WeakMap<ChatClient, ReturnType<typeof setTimeout>>()

/**
 * The client the provider works with: the app's own, or one it creates from `options` and
 * destroys when it leaves for good: shared by the browser's tabs (`shareChat`), or this
 * tab's own `new Chat` when `shareTabs` is false. Created once: under StrictMode React may
 * call the initializer twice and keep one; a client does nothing before it is used (a
 * shared one does not even meet the other tabs), so the discarded one costs nothing. Not
 * `Chat.create`: the provider owns it and destroys it, so no other module may get it.
 */
export function useOwnedClient(
  client?: ChatClient,
  options?: SharedChatOptions,
  shareTabs?: boolean,
): ChatClient {
  // It logs errors only unless told otherwise: the kit itself shows kicks and reconnects, so
  // a production page says nothing on the console while all goes well.
  const [owned] = useState(() => {
    if (client) return null
    const own = { ...(options as SharedChatOptions), logLevel: options?.logLevel ?? 3 }
    return shareTabs === false ? new Chat(own) : shareChat(own)
  })
  // StrictMode unmounts and remounts effects at once, so the destroy waits a task and is
  // cancelled by the remount.
  useEffect(() => {
    if (!owned) return
    clearTimeout(destroyTimers.get(owned))
    return () => {
      destroyTimers.set(
        owned,
        setTimeout(() => {
          destroyTimers.delete(owned)
          owned.destroy().catch(() => {})
        }, 0),
      )
    }
  }, [owned])
  return client ?? (owned as ChatClient)
}
