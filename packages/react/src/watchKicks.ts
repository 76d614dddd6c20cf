import type { ChatClient, KickInfo } from '@chatgate/core'
import { sameKick } from './kickAcknowledgement.js'

/**
 * Calls `handler` once for each kick that arrives after this call. A kick already in the
 * snapshot is old news, and the snapshot also changes for other reasons (net state), so
 * only a kick different from the last one seen counts.
 */
export function watchKicks(chat: ChatClient, handler: (kick: KickInfo) => void): () => void {
  let last = chat.getSnapshot().kick
  return chat.subscribe(() => {
    const kick = chat.getSnapshot().kick
    if (sameKick(kick, last)) return
    last = kick
    if (kick) handler(kick)
  })
}
