import type { KickInfo } from '@chatgate/core'
import { useCallback, useEffect, useRef } from 'react'
import { sameKick } from './kickAcknowledgement.js'
import { useStore } from './store.js'
import { useChatContext } from './useChat.js'
import { useLoginStatus } from './useLoginStatus.js'
import { watchKicks } from './watchKicks.js'

export interface KickedOut {
  /** The kick the user has not acknowledged yet, or null. */
  kick: KickInfo | null
  /** Hides the current kick from every component of this provider. */
  acknowledge: () => void
}

const selectKick = (snapshot: { kick: KickInfo | null }) => snapshot.kick

/**
 * The current kick (type and time) until acknowledged. `handler` runs exactly once per kick
 * that arrives while the component is mounted, even under StrictMode's double effects.
 */
export function useKickedOut(handler?: (kick: KickInfo) => void): KickedOut {
  const { client: chat, acknowledged: store } = useChatContext()
  const kick = useLoginStatus(selectKick)
  const acknowledged = useStore(store)
  const handlerRef = useRef(handler)
  handlerRef.current = handler
  useEffect(() => watchKicks(chat, (next) => handlerRef.current?.(next)), [chat])
  const acknowledge = useCallback(() => {
    const current = chat.getSnapshot().kick
    if (current) store.set(current)
  }, [chat, store])
  return { kick: sameKick(kick, acknowledged) ? null : kick, acknowledge }
}
