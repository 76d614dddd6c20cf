import type { WebSocket } from 'ws'

/**
 * The part of `ws`'s Receiver (8.x, internal) read here. `ws` bounds the frames of one
 * message (`maxFragments`) but does not tell how many a message came in; each costs the
 * server a frame's work, so each takes a request token (rule 34).
 */
interface CountingReceiver {
  /** Frames of the message being received so far; counted while `maxFragments` is set. */
  _numFragments?: number
  _fin: boolean
  dataMessage(callback: unknown): void
  /** Set here: the frames of the message being emitted now. */
  fragmentsOfMessage?: number
}

/** The Receiver's own `dataMessage`, taken from the first socket's receiver. */
let dataMessage: CountingReceiver['dataMessage'] | undefined

/**
 * Replaces the Receiver's `dataMessage` (called once per data frame, with `_fin` on the
 * last one, just before the message is emitted): it notes the message's frame count
 * first. One function for every socket; `this` is the receiver.
 */
function noteFragments(this: CountingReceiver, callback: unknown): void {
  if (this._fin) this.fragmentsOfMessage = this._numFragments
  dataMessage!.call(this, callback)
}

function receiverOf(ws: WebSocket): CountingReceiver {
  return (ws as unknown as { _receiver: CountingReceiver })._receiver
}

/**
 * Makes `fragmentsOf(ws)` report each message's frame count. Call it when the socket is
 * handed over, before any frame is read (`ws` reads on a later tick).
 */
export function countFragments(ws: WebSocket): void {
  const receiver = receiverOf(ws)
  dataMessage ??= (Object.getPrototypeOf(receiver) as CountingReceiver).dataMessage
  receiver.dataMessage = noteFragments
}

/** The frames the message `ws` is emitting came in: 1 unless it was fragmented. */
export function fragmentsOf(ws: WebSocket): number {
  const count = receiverOf(ws).fragmentsOfMessage
  // Unknown (a `ws` that no longer counts): one frame, as before fragments were counted.
  return count !== undefined && count > 1 ? count : 1
}
