import { connect, type Socket } from 'node:net'

/** WebSocket opcodes (RFC 6455 §5.2). */
export const OPCODE = { continuation: 0x0, text: 0x1, close: 0x8, ping: 0x9 } as const

/**
 * One frame as a client sends it, by hand: masked (as a server requires) with the all-zero
 * key, which leaves the payload as it is. Payloads up to 65,535 bytes.
 */
export function clientFrame(opcode: number, payload: Buffer | string, fin = true): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload
  const extended = data.length > 125
  const head = Buffer.alloc(extended ? 8 : 6)
  head[0] = (fin ? 0x80 : 0) | opcode
  if (extended) {
    head[1] = 0x80 | 126
    head.writeUInt16BE(data.length, 2)
  } else {
    head[1] = 0x80 | data.length
  }
  return Buffer.concat([head, data])
}

/**
 * A message in `count` frames of one byte each, the last one unfinished when `finish` is
 * false: what a fragment flood sends.
 */
export function fragmentedMessage(count: number, finish: boolean): Buffer {
  const frames = [clientFrame(OPCODE.text, 'x', false)]
  for (let i = 1; i < count; i++) {
    frames.push(clientFrame(OPCODE.continuation, 'x', finish && i === count - 1))
  }
  return Buffer.concat(frames)
}

export interface RawUpgrade {
  socket: Socket
  /** The status of the server's answer (101 when it upgraded). */
  status: number
  /** Bytes after the answer's head: frames from the server, or a refusal's body. */
  rest(): Buffer
  /** Resolves when the server has ended its half of the socket (this side keeps its own). */
  ended: Promise<void>
}

export interface RawUpgradeOptions {
  path?: string
  /** Extra header lines, each ending in `\r\n`. */
  headers?: string
  /** Leave out `Sec-WebSocket-Key`: not a valid handshake. */
  noKey?: boolean
  localAddress?: string
  host?: string
  /** Connect at once, but send the request only once this resolves. */
  sendAfter?: Promise<unknown>
}

/**
 * Sends an upgrade request written by hand on a fresh TCP socket and resolves once the
 * server's answer head has arrived. The socket keeps its own half open whatever the
 * server does (`allowHalfOpen`), as an attacker's would: only the server can end it.
 */
export function rawUpgrade(port: number, options: RawUpgradeOptions = {}): Promise<RawUpgrade> {
  const host = options.host ?? '127.0.0.1'
  const socket = connect({ host, port, allowHalfOpen: true, localAddress: options.localAddress })
  let received = Buffer.alloc(0)
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk])
  })
  socket.on('error', () => {})
  const ended = new Promise<void>((resolve) => {
    socket.once('end', () => resolve())
    socket.once('close', () => resolve())
  })
  const key = options.noKey ? '' : 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
  const request =
    `GET ${options.path ?? '/ws'} HTTP/1.1\r\nHost: ${host.includes(':') ? `[${host}]` : host}:${port}\r\n` +
    `Upgrade: websocket\r\nConnection: Upgrade\r\n${key}Sec-WebSocket-Version: 13\r\n` +
    `${options.headers ?? ''}\r\n`
  void (options.sendAfter ?? Promise.resolve()).then(() => socket.write(request))
  return new Promise((resolve, reject) => {
    const check = () => {
      const end = received.indexOf('\r\n\r\n')
      if (end === -1) return
      socket.off('data', check)
      socket.off('close', early)
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received.toString('latin1'))?.[1])
      const bodyStart = end + 4
      resolve({ socket, status, rest: () => received.subarray(bodyStart), ended })
    }
    const early = () => reject(new Error(`closed before an answer: ${received.toString()}`))
    socket.on('data', check)
    socket.once('close', early)
  })
}

/** The close code of the first close frame in what a server sent, if any (server frames are unmasked). */
export function closeCodeIn(frames: Buffer): number | undefined {
  let at = 0
  while (at + 2 <= frames.length) {
    const opcode = frames[at]! & 0x0f
    let length = frames[at + 1]! & 0x7f
    let start = at + 2
    if (length === 126) {
      length = frames.readUInt16BE(at + 2)
      start += 2
    }
    if (opcode === OPCODE.close) return length >= 2 ? frames.readUInt16BE(start) : 1005
    at = start + length
  }
  return undefined
}
