import {
  type ChatError,
  type ClientMessage,
  chatError,
  ERROR_CODES,
  parseServerMessage,
  type ServerMessage,
} from '@chatgate/protocol'
import type { Environment, SocketLike } from './environment.js'

type Outgoing = ClientMessage extends infer M
  ? M extends ClientMessage
    ? Omit<M, 'seq'>
    : never
  : never

interface PendingRequest {
  resolve: (reply: ServerMessage) => void
  reject: (error: ChatError) => void
  timer: unknown
}

const OPEN = 1

/**
 * One WebSocket to the server. Requests carry a `seq`; the reply with the same `seq`
 * settles them (an `error` reply rejects with its `{ code, message }`). Frames that answer
 * no request go to `onMessage`. `onClose` runs once, only for closes this side did not ask
 * for; `close(reason)` rejects what is still pending with `reason`.
 */
export class Connection {
  /** Settles when the socket opens; rejects when it fails or is closed first. */
  readonly opened: Promise<void>
  #socket: SocketLike | undefined
  #seq = 0
  #closed = false
  #pending = new Map<number, PendingRequest>()
  #settleOpen: [() => void, (error: ChatError) => void] = [() => {}, () => {}]
  #env: Environment

  constructor(
    env: Environment,
    url: string,
    onMessage: (message: ServerMessage) => void,
    onClose: (code: number) => void,
  ) {
    this.#env = env
    this.opened = new Promise((resolve, reject) => {
      this.#settleOpen = [resolve, reject]
    })
    // Nobody may be waiting for `opened` when it fails; that is not an unhandled rejection.
    this.opened.catch(() => {})
    try {
      // Checked by the caller: a missing WebSocket is refused before a Connection exists.
      const socket = new env.WebSocket!(url)
      socket.onopen = () => this.#settleOpen[0]()
      // A close always follows an error; `ws` throws on an error nobody listens to.
      socket.onerror = () => {}
      socket.onmessage = (event: { data: unknown }) => {
        const parsed = parseServerMessage(typeof event.data === 'string' ? event.data : '')
        if (!parsed.ok) return
        const reply = parsed.message
        const { seq } = reply as { seq?: number }
        const request = seq === undefined ? undefined : this.#pending.get(seq)
        if (!request) return onMessage(reply)
        this.#settle(seq!)
        if (reply.op === 'error') request.reject({ code: reply.code, message: reply.message })
        else request.resolve(reply)
      }
      socket.onclose = (event: { code: number }) => {
        if (this.#closed) return
        this.#finish(chatError(ERROR_CODES.NETWORK_ERROR))
        onClose(event.code)
      }
      this.#socket = socket
    } catch {
      this.#finish(chatError(ERROR_CODES.INVALID_PARAMETERS, 'The url is not a WebSocket URL.'))
    }
  }

  /** Sends a request and waits for its reply, at most `timeoutMs`. */
  request(message: Outgoing, timeoutMs: number): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      if (this.#closed || this.#socket?.readyState !== OPEN) {
        return reject(chatError(ERROR_CODES.NETWORK_ERROR))
      }
      const seq = ++this.#seq
      const timer = this.#env.timers.setTimeout(() => {
        this.#settle(seq)
        reject(chatError(ERROR_CODES.REQUEST_TIMEOUT))
      }, timeoutMs)
      this.#pending.set(seq, { resolve, reject, timer })
      this.#socket.send(JSON.stringify({ ...message, seq }))
    })
  }

  /** Closes the socket; pending requests and `opened` reject with `reason`. Idempotent. */
  close(reason: ChatError): void {
    if (this.#closed) return
    this.#finish(reason)
    this.#socket?.close(1000)
  }

  #settle(seq: number): void {
    this.#env.timers.clearTimeout(this.#pending.get(seq)?.timer)
    this.#pending.delete(seq)
  }

  #finish(reason: ChatError): void {
    this.#closed = true
    this.#settleOpen[1](reason)
    for (const [seq, request] of this.#pending) {
      this.#settle(seq)
      request.reject(reason)
    }
  }
}
