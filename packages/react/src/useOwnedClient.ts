import { Chat, type ChatClient, type ChatOptions } from '@chatgate/core'
import { useEffect, useState } from 'react'

const destroyTimers = new WeakMap<ChatClient, ReturnType<typeof setTimeout>>()

/**
 * The client the provider works with: the app's own, or one it creates from `options` and
 * destroys when it leaves for good. Created once: under StrictMode React may call the
 * initializer twice and keep one; a client does nothing on the network before `login`, so
 * the discarded one costs nothing. `new Chat`, not `Chat.create`: the provider owns it and
 * destroys it, so it must not be shared.
 */
export function useOwnedClient(client?: ChatClient, options?: ChatOptions): ChatClient {
  // It logs errors only unless told otherwise: the kit itself shows kicks and reconnects, so
  // a production page says nothing on the console while all goes well.
  const [owned] = useState(() =>
    client ? null : new Chat({ ...(options as ChatOptions), logLevel: options?.logLevel ?? 3 }),
  )
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
