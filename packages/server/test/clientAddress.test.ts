import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { clientAddressResolver } from '../src/transport/clientAddress.js'

/** The two fields the resolver reads of a request. */
function request(peer: string, forwardedFor?: string | string[]): IncomingMessage {
  const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }
  return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage
}

describe('the client address behind trustProxy', () => {
  const behindProxy = clientAddressResolver(['10.0.0.0/8', 'fd00::/8', '192.0.2.1'])

  it('is the peer when nothing is trusted, whatever it forwards (rule 23)', () => {
    const direct = clientAddressResolver([])
    expect(direct(request('10.1.2.3', '203.0.113.9'))).toBe('10.1.2.3')
    expect(direct(request('::ffff:10.1.2.3'))).toBe('10.1.2.3')
  })

  it('is the peer when the peer is not a trusted proxy (rule 23)', () => {
    expect(behindProxy(request('198.51.100.1', '203.0.113.9'))).toBe('198.51.100.1')
  })

  it('is the right-most untrusted hop behind trusted proxies (rule 23)', () => {
    expect(behindProxy(request('10.0.0.5', '203.0.113.9'))).toBe('203.0.113.9')
    expect(behindProxy(request('::ffff:10.0.0.5', '6.6.6.6, 203.0.113.9, 192.0.2.1'))).toBe(
      '203.0.113.9',
    )
    expect(behindProxy(request('fd00::1', '2001:db8::7'))).toBe('2001:db8::7')
    expect(behindProxy(request('10.0.0.5', ['6.6.6.6', '203.0.113.9']))).toBe('203.0.113.9')
  })

  it('stops at the last trusted hop when the chain has no untrusted or valid one (rule 23)', () => {
    expect(behindProxy(request('10.0.0.5'))).toBe('10.0.0.5')
    expect(behindProxy(request('10.0.0.5', '10.0.0.9'))).toBe('10.0.0.9')
    expect(behindProxy(request('10.0.0.5', '203.0.113.9, not-an-ip, 10.0.0.9'))).toBe('10.0.0.9')
  })
})
