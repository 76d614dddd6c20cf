import { useSyncExternalStore } from 'react'
import type { RestoreState } from './sessionRestore.js'
import { useChatContext } from './useChat.js'

/** The provider's silent login: pending, who, and why it failed. */
export function useRestore(): RestoreState {
  const { restore } = useChatContext()
  return useSyncExternalStore(restore.subscribe, restore.get, restore.get)
}
