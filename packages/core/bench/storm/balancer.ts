// A small TCP balancer for the storm bench, in its own process: round robin over the
// backends that accept, skipping one that refuses. Its outgoing socket leaves from the
// client's own loopback address, so each node still sees (and caps) the real client
// address, as it would behind a proxy it trusts.
import net from 'node:net'
import { serve } from '../ipc.js'

export type BalancerRequest = { op: 'start'; backends: number[] } | { op: 'counts' }
export type BalancerAnswer =
  | { port: number }
  | { accepted: number; refusedBackends: number; errors: Record<string, number> }

let backends: number[] = []
let turn = 0
let accepted = 0
let refusedBackends = 0
/** Socket errors by code, on either side: what a client saw as a network error. */
const errors: Record<string, number> = {}
const count = (side: string) => (error: NodeJS.ErrnoException) => {
  const key = `${side} ${error.code ?? error.message}`
  errors[key] = (errors[key] ?? 0) + 1
}

function connectBackend(client: net.Socket, tries: number): void {
  const port = backends[turn++ % backends.length]!
  const upstream = net.connect({
    host: '127.0.0.1',
    port,
    localAddress: client.remoteAddress?.replace(/^::ffff:/, ''),
  })
  upstream.setNoDelay(true)
  const refused = (error: NodeJS.ErrnoException) => {
    count('connect')(error)
    refusedBackends++
    upstream.destroy()
    if (tries > 1 && !client.destroyed) connectBackend(client, tries - 1)
    else client.destroy()
  }
  upstream.once('error', refused)
  upstream.once('connect', () => {
    upstream.off('error', refused)
    upstream.on('error', (error) => {
      count('upstream')(error)
      client.destroy()
    })
    client.on('error', (error) => {
      count('client')(error)
      upstream.destroy()
    })
    client.pipe(upstream)
    upstream.pipe(client)
    client.resume()
  })
}

const server = net.createServer({ pauseOnConnect: true, noDelay: true }, (client) => {
  accepted++
  connectBackend(client, backends.length)
})

serve<BalancerRequest, BalancerAnswer>(async (request) => {
  switch (request.op) {
    case 'start':
      backends = request.backends
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      return { port: (server.address() as net.AddressInfo).port }
    case 'counts':
      return { accepted, refusedBackends, errors }
    default:
      return request satisfies never
  }
})
