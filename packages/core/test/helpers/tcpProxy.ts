import type { AddressInfo } from 'node:net'
import { connect, createServer, type Socket } from 'node:net'

/**
 * A TCP proxy in front of the login server, to break one client's network while the
 * server and every other client carry on.
 */
export interface TcpProxy {
  /** `ws://127.0.0.1:PORT/ws` through the proxy. */
  wsUrl: string
  /** Connections accepted so far (each reconnect attempt is one). */
  readonly accepted: number
  /** The network drops: every open connection is destroyed. */
  cut(): void
  /** No network: new connections are dropped as soon as they arrive. Cuts open ones too. */
  block(): void
  /** The network is back. */
  unblock(): void
  /** A silent dead link: open connections stay open but no byte goes through. */
  freeze(): void
  close(): Promise<void>
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>()
  let blocked = false
  let frozen = false
  let accepted = 0
  const server = createServer((client) => {
    accepted++
    if (blocked) {
      client.destroy()
      return
    }
    const upstream = connect(targetPort, '127.0.0.1')
    for (const socket of [client, upstream]) {
      open.add(socket)
      socket.on('close', () => open.delete(socket))
      socket.on('error', () => {})
    }
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => {
        if (!frozen) to.write(chunk)
      })
    forward(client, upstream)
    forward(upstream, client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const cut = () => {
    for (const socket of open) socket.destroy()
  }
  return {
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    get accepted() {
      return accepted
    },
    cut,
    block() {
      blocked = true
      cut()
    },
    unblock() {
      blocked = false
      frozen = false
    },
    freeze() {
      frozen = true
    },
    close() {
      blocked = true
      cut()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
