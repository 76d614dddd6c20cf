import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { ERROR_CODES, englishMessage } from '@chatgate/protocol'

/** The statuses an upgrade is refused with. */
export type RefusalStatus = 400 | 404 | 405 | 429 | 503

const STATUS_TEXT: Readonly<Record<RefusalStatus, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
}

/** Ends a socket; one function for every refused socket (`this` is the socket). */
export function destroySocket(this: Duplex): void {
  this.destroy()
}

/**
 * Answers an upgrade this server does not serve, then lets go of the socket (rule 34).
 * `end()` alone only closes our half: a client that keeps its own half open would hold the
 * descriptor forever. So the socket is destroyed as soon as the answer is written out, and
 * after `closeTimeoutMs` of silence at the latest (a peer that does not even read it).
 */
export function refuseUpgrade(
  socket: Duplex,
  status: RefusalStatus,
  closeTimeoutMs: number,
  body?: { type: string; text: string; headers?: string },
): void {
  socket.once('finish', destroySocket)
  // An upgrade socket is a net.Socket; its idle timeout is cleared when it is destroyed.
  ;(socket as Socket).setTimeout(closeTimeoutMs, destroySocket)
  const head = `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\n`
  if (!body) {
    socket.end(`${head}Content-Length: 0\r\n\r\n`)
    return
  }
  socket.end(
    `${head}${body.headers ?? ''}Content-Type: ${body.type}\r\n` +
      `Content-Length: ${Buffer.byteLength(body.text)}\r\n\r\n${body.text}`,
  )
}

/** What a connection cap's refusal says: the code 90017 in JSON. */
export const TOO_MANY_CONNECTIONS_BODY = {
  type: 'application/json',
  text: JSON.stringify({
    code: ERROR_CODES.TOO_MANY_CONNECTIONS,
    message: englishMessage(ERROR_CODES.TOO_MANY_CONNECTIONS),
  }),
}
