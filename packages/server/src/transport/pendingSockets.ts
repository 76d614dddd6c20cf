import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { normalize, trustedProxyCheck } from './clientAddress.js'
import { type ConnectionCapLimits, ConnectionCaps } from './connectionCaps.js'

/** The sockets of an HTTP server that are not WebSockets. */
export interface PendingSockets {
  /** `socket` became a WebSocket: from now on the WebSocket caps count it instead. */
  upgraded(socket: Duplex): void
}

/**
 * Caps the sockets that are not WebSockets (yet): plain HTTP requests, sockets still
 * sending their request headers, perhaps never finishing them (slowloris), and upgrades
 * being refused. The caps at the upgrade count only WebSockets, so without these one
 * address could hold every file descriptor of the process. Same limits (rule 23), counted
 * apart: per address by the socket's peer, except that a trusted proxy's sockets count only
 * against the total (the proxy is not one client). A socket past a cap is closed at once,
 * unanswered. One counts here until it closes or becomes a WebSocket: a refused upgrade
 * counts until its socket is gone (rule 34).
 */
export function capPendingSockets(
  httpServer: Server,
  limits: ConnectionCapLimits,
  trustProxy: readonly string[],
): PendingSockets {
  const caps = new ConnectionCaps(limits)
  const isProxy = trustedProxyCheck(trustProxy)
  /** The sockets counted here, by the address they count against (undefined: a proxy's). */
  const counted = new WeakMap<Duplex, string | undefined>()
  // One shared listener for every socket (`this` is the socket), not a closure per socket:
  // it uncounts a socket once, whether it closes or upgrades first.
  function release(this: Duplex): void {
    if (!counted.has(this)) return
    const address = counted.get(this)
    counted.delete(this)
    caps.closed(address)
  }
  httpServer.on('connection', (socket: Socket) => {
    const peer = normalize(socket.remoteAddress ?? 'unknown')
    const address = isProxy(peer) ? undefined : peer
    if (caps.refusal(address)) {
      socket.destroy()
      return
    }
    caps.opened(address)
    counted.set(socket, address)
    socket.on('close', release)
  })
  return {
    upgraded: (socket) => release.call(socket),
  }
}
