import {
  ChatError,
  type ClientMessage,
  clientError,
  INVALID_PARAMETERS,
  NETWORK_ERROR,
  REQUEST_TIMEOUT,
  type ServerMessage,
} from '@chatgate/protocol'
import type { Settings } from './settings.js'

/** A request as the caller writes it: the connection numbers it. */
export type Outgoing = ClientMessage extends infer M
  ? M extends ClientMessage
    ? Omit<M, 'seq'>
    : never
  : never

/**
 * One WebSocket to the server. Requests carry a `seq`; the reply with the same `seq`
 * settles them (an `error` reply rejects with its `{ code, message }` as a ChatError).
 * Every request made while the socket is still opening goes out when it opens, in the
 * order made, and its timeout runs from the call: the login's covers connecting too.
 * Frames that answer no request go to `onMessage`. `onClose` runs once, only for closes this side did not ask for. After
 * `close(reason)` (which rejects what is pending with `reason`) nothing more arrives from
 * this socket.
 */
export interface Connection {
  /** Sends a request and waits for its reply, at most `timeoutMs`. */
  request(message: Outgoing, timeoutMs: number): Promise<ServerMessage>
  /** Idempotent. */
  close(reason: ChatError): void
}

const CONNECTING = 0

export function openConnection(
  { WebSocket, timers, url }: Pick<Settings, 'WebSocket' | 'timers' | 'url'>,
  onMessage: (message: ServerMessage | ChatError) => void,
  onClose: (code: number) => void,
): Connection {
  /** Settles the request of each `seq` with its reply, or a ChatError. */
  const pending = new Map<number, (reply: ServerMessage | ChatError) => void>()
  let seq = 0
  /** Why the connection is over; later requests reject with it. */
  let closed: ChatError | undefined

  const finish = (reason: ChatError) => {
    closed = reason
    for (const settle of pending.values()) settle(reason)
  }

  /** Frames of requests made while the socket was still connecting. */
  const opening: string[] = []
  let socket: InstanceType<NonNullable<Settings['WebSocket']>> | undefined
  try {
    // The caller checked that there is a WebSocket constructor.
    socket = new WebSocket!(url)
    // Every request made while connecting goes out on open, in the order it was made.
    socket.onopen = () => {
      for (const frame of opening) socket!.send(frame)
    }
    // A close always follows an error; `ws` throws on an error nobody listens to.
    socket.onerror = () => {}
    socket.onmessage = (event: { data: unknown }) => {
      // Frames come from Chatgate's own server, so their shape is trusted (a full check
      // would not fit the bundle budget); what is not a JSON object with an op is dropped,
      // and unknown ops are ignored downstream.
      let frame: ServerMessage
      try {
        frame = JSON.parse(event.data as string)
      } catch {
        return
      }
      if (closed || !frame?.op) return
      const reply = frame.op === 'error' ? new ChatError(frame.code, frame.message) : frame
      const settle = pending.get((frame as { seq?: number }).seq!)
      if (settle) settle(reply)
      else onMessage(reply)
    }
    socket.onclose = (event: { code: number }) => {
      if (closed) return
      finish(clientError(NETWORK_ERROR))
      onClose(event.code)
    }
  } catch {
    finish(clientError(INVALID_PARAMETERS, 'Bad url.'))
  }

  return {
    request: (message, timeoutMs) =>
      new Promise((resolve, reject) => {
        // A socket that is closing drops what is sent (browsers and `ws` alike, without
        // throwing); its close event, which always follows, rejects the request then.
        if (closed) return reject(closed)
        const id = ++seq
        const timer = timers.setTimeout(() => settle(clientError(REQUEST_TIMEOUT)), timeoutMs)
        const settle = (reply: ServerMessage | ChatError) => {
          pending.delete(id)
          timers.clearTimeout(timer)
          if (reply instanceof ChatError) reject(reply)
          else resolve(reply)
        }
        pending.set(id, settle)
        const frame = JSON.stringify({ ...message, seq: id })
        if (socket!.readyState === CONNECTING) opening.push(frame)
        else socket!.send(frame)
      }),
    close(reason) {
      if (closed) return
      finish(reason)
      socket?.close(1000)
    },
  }
}
