import { afterEach } from 'vitest'

type Closable = { destroy(): unknown } | { terminate(): unknown }

/** What an attack test opened: sockets and server processes, ended after each test. */
export interface AttackScope {
  /** Destroys (or terminates) `socket` after the test; returns it. */
  socket<S extends Closable>(socket: S): S
  /** Stops `server` after the test; returns it. */
  server<P extends { stop(): Promise<void> }>(server: P): P
}

/** Call at the top of a test file: registers the `afterEach` that ends what the tests opened. */
export function attackScope(): AttackScope {
  const sockets: Closable[] = []
  const servers: { stop(): Promise<void> }[] = []
  afterEach(async () => {
    for (const socket of sockets.splice(0)) {
      if ('terminate' in socket) socket.terminate()
      else socket.destroy()
    }
    await Promise.all(servers.splice(0).map((server) => server.stop()))
  })
  return {
    socket(socket) {
      sockets.push(socket)
      return socket
    },
    server(server) {
      servers.push(server)
      return server
    },
  }
}
