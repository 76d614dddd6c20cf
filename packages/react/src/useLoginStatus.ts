import type { ChatSnapshot } from '@chatgate/core'
import { useCallback, useMemo, useSyncExternalStore } from 'react'
import { useChatContext } from './useChat.js'

/** The whole client snapshot; the component re-renders on every change of it. */
export function useLoginStatus(): ChatSnapshot
/**
 * A slice of the client snapshot; the component re-renders only when the slice changes
 * (compared with `Object.is`), e.g. `useLoginStatus((s) => s.userID)`.
 */
export function useLoginStatus<T>(selector: (snapshot: ChatSnapshot) => T): T
export function useLoginStatus<T>(selector?: (snapshot: ChatSnapshot) => T): T | ChatSnapshot {
  const { client, kit } = useChatContext()
  const subscribe = useCallback((listener: () => void) => client.subscribe(listener), [client])
  // Select once per snapshot: a selector that builds a new object must not make
  // useSyncExternalStore see a change on every call (that loops).
  const [getSelection, getServerSelection] = useMemo(() => {
    const select = (read: () => ChatSnapshot) => {
      let lastSnapshot: ChatSnapshot | undefined
      let lastSelection: T | ChatSnapshot
      return () => {
        const snapshot = read()
        if (snapshot !== lastSnapshot) {
          lastSnapshot = snapshot
          lastSelection = selector ? selector(snapshot) : snapshot
        }
        return lastSelection
      }
    }
    // While hydrating: the snapshot the server rendered, whatever the client did since.
    return [select(() => client.getSnapshot()), select(() => kit.serverSnapshot)]
  }, [client, kit, selector])
  return useSyncExternalStore(subscribe, getSelection, getServerSelection)
}
