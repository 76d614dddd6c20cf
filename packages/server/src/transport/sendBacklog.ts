import type { WebSocket } from 'ws'

/**
 * What one message queued for a client that is not reading costs the process besides its
 * bytes: Node's write request, `ws`'s frame header, the string's own header and the heap
 * such long-lived small objects take once promoted. Measured on Node 20 with `ws` 8 at
 * about 300 B of RSS beyond the bytes of a 70-byte reply; rounded up so that what is counted
 * is never less than what is held (rule 21).
 */
export const QUEUED_MESSAGE_COST = 512

/**
 * Messages handed to `ws` while earlier ones still waited, until each is written out:
 * `bufferedAmount` counts their bytes only, about a sixth of what a small reply holds. Made
 * for a connection only once its client falls behind, so a client that reads costs nothing.
 */
export class SendBacklog {
  queued = 0
  /** `ws`'s send callback: one queued message was written out, or dropped with the socket. */
  readonly written = (): void => {
    this.queued--
  }
}

/**
 * What waits to be sent to one client, in bytes of this process's memory: the bytes `ws`
 * and the socket hold, and each queued message's cost.
 */
export function heldForClient(ws: WebSocket, backlog: SendBacklog | undefined): number {
  const bytes = ws.bufferedAmount
  return backlog === undefined ? bytes : bytes + backlog.queued * QUEUED_MESSAGE_COST
}
