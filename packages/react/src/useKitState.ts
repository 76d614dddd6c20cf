import { useSyncExternalStore } from 'react'
import type { KitState } from './kitSession.js'
import type { Store } from './subscribable.js'
import { useChatContext } from './useChat.js'

/** Reads a store; `serverState` is what the server rendered, for hydration. */
export function useStore<T>(
  store: Pick<Store<T>, 'getState' | 'subscribe'>,
  serverState: () => T = store.getState,
): T {
  return useSyncExternalStore(store.subscribe, store.getState, serverState)
}

/**
 * The kit session's state. While hydrating, the state the server rendered (nothing read
 * from storage), so the first client render equals the server's (rule 37).
 */
export function useKitState(): KitState {
  const { kit } = useChatContext()
  return useStore(kit, () => kit.serverState)
}
