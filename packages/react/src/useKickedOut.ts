import type { KickInfo } from '@chatgate/core'
import { useEffect, useRef } from 'react'
import { sameKick } from './kitSession.js'
import { useChatContext } from './useChat.js'
import { useKitState } from './useKitState.js'
import { useLoginStatus } from './useLoginStatus.js'

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
  const { kit } = useChatContext()
  const kick = useLoginStatus(selectKick)
  const { acknowledged } = useKitState()
  const handlerRef = useRef(handler)
  handlerRef.current = handler
  useEffect(() => kit.onKick((next) => handlerRef.current?.(next)), [kit])
  return { kick: sameKick(kick, acknowledged) ? null : kick, acknowledge: kit.acknowledge }
}
