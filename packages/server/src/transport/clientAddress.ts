import type { IncomingMessage } from 'node:http'
import { BlockList, isIP } from 'node:net'

/** Finds the address of the client behind a request, for limits and logs. */
export type ClientAddressOf = (req: IncomingMessage) => string

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i

/** `::ffff:10.0.0.1` and `10.0.0.1` are one client: count and log them the same way. */
export function normalize(address: string): string {
  // Only a mapped address starts with `::`; others skip the regular expression.
  if (!address.startsWith('::')) return address
  return MAPPED_IPV4.exec(address)?.[1] ?? address
}

function trustList(trustProxy: readonly string[]): BlockList {
  const list = new BlockList()
  for (const entry of trustProxy) {
    const [address = '', bits] = entry.split('/')
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) list.addAddress(address, family)
    else list.addSubnet(address, Number(bits), family)
  }
  return list
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy
 * (`trustProxy`, addresses or CIDRs). Then `X-Forwarded-For` is read from the right, each
 * trusted hop skipped, and the first untrusted hop is the client: everything left of it
 * was written by the client itself and proves nothing. A hop that is not an IP address
 * ends the walk at the last trusted hop before it.
 */
export function clientAddressResolver(trustProxy: readonly string[]): ClientAddressOf {
  const peerOf = (req: IncomingMessage) => normalize(req.socket.remoteAddress ?? 'unknown')
  if (trustProxy.length === 0) return peerOf
  const isTrusted = trustedProxyCheck(trustProxy)
  return (req) => {
    let client = peerOf(req)
    if (!isTrusted(client)) return client
    const header = req.headers['x-forwarded-for']
    const forwarded = Array.isArray(header) ? header.join(',') : (header ?? '')
    const hops = forwarded.split(',')
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normalize(hops[i]!.trim())
      if (isIP(hop) === 0) break
      client = hop
      if (!isTrusted(hop)) break
    }
    return client
  }
}

/** Whether an address (normalized) is one of the `trustProxy` proxies. */
export function trustedProxyCheck(trustProxy: readonly string[]): (address: string) => boolean {
  if (trustProxy.length === 0) return () => false
  const trusted = trustList(trustProxy)
  return (address) => {
    const family = isIP(address)
    return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4')
  }
}
