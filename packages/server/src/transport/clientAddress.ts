import type { IncomingMessage } from 'node:http'
import { BlockList, isIP } from 'node:net'
import type { Logger } from '../logger.js'

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

const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/
const BRACKETED_IPV6 = /^\[([^\]]+)\](?::\d{1,5})?$/

/**
 * The address in one hop of `X-Forwarded-For`, as proxies write them: `203.0.113.7`,
 * `2001:db8::1`, with a port (`203.0.113.7:5555`), or in brackets (`[2001:db8::1]`,
 * `[2001:db8::1]:443`). Undefined for anything else (`unknown`, an obfuscated name).
 */
export function forwardedHopAddress(hop: string): string | undefined {
  const text = hop.trim()
  if (isIP(text) !== 0) return normalize(text)
  const withPort = IPV4_WITH_PORT.exec(text)?.[1]
  if (withPort !== undefined && isIP(withPort) === 4) return withPort
  const bracketed = BRACKETED_IPV6.exec(text)?.[1]
  if (bracketed !== undefined && isIP(bracketed) === 6) return normalize(bracketed)
  return undefined
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy
 * (`trustProxy`, addresses or CIDRs). Then `X-Forwarded-For` is read from the right, each
 * trusted hop skipped, and the first untrusted hop is the client: everything left of it
 * was written by the client itself and proves nothing. A hop that is not an IP address
 * (with or without a port or brackets) ends the walk at the last trusted hop before it.
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
      const hop = forwardedHopAddress(hops[i]!)
      if (hop === undefined) break
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

/**
 * Warns once, at start-up, about a `trustProxy` entry that trusts every address of a
 * family (`0.0.0.0/0`, `::/0`): then anyone's `X-Forwarded-For` names the client, so any
 * client can pass every per-address limit by writing another address there.
 */
export function warnAboutTrustingEveryone(trustProxy: readonly string[], logger: Logger): void {
  const everyone = trustProxy.filter((entry) => /\/0+$/.test(entry))
  if (everyone.length === 0) return
  logger.warn('trust_proxy_everyone', {
    trustProxy: everyone.join(', '),
    message:
      'trustProxy trusts every address: any client can write X-Forwarded-For and pass every per-address limit. List only your proxies.',
  })
}
