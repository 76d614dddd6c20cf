import type { IncomingMessage } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { clientAddressResolver, forwardedHopAddress } from '../src/transport/clientAddress.js'
import { recordingLogger } from './helpers/rawHttp.js'
import { cleanup, serverConfig, startTestServer } from './helpers.js'

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

describe('X-Forwarded-For hops as proxies write them', () => {
  const behindProxy = clientAddressResolver(['10.0.0.0/8'])

  it('reads a hop with a port, or an IPv6 hop in brackets, with or without a port (rule 23)', () => {
    expect(behindProxy(request('10.0.0.5', '203.0.113.9:5555'))).toBe('203.0.113.9')
    expect(behindProxy(request('10.0.0.5', '[2001:db8::1]'))).toBe('2001:db8::1')
    expect(behindProxy(request('10.0.0.5', '[2001:db8::1]:443'))).toBe('2001:db8::1')
    expect(behindProxy(request('10.0.0.5', '6.6.6.6, 203.0.113.9:80, 10.0.0.7:1234'))).toBe(
      '203.0.113.9',
    )
    expect(behindProxy(request('10.0.0.5', '[::ffff:203.0.113.9]:80'))).toBe('203.0.113.9')
  })

  it('still stops at what is no address, port or not (rule 23)', () => {
    for (const hop of [
      'unknown',
      '203.0.113.9:',
      '203.0.113.9:port',
      '[2001:db8::1',
      '[evil]:80',
    ]) {
      expect(behindProxy(request('10.0.0.5', hop)), hop).toBe('10.0.0.5')
    }
    expect(forwardedHopAddress('999.1.1.1:80')).toBeUndefined()
    expect(forwardedHopAddress('[10.0.0.1]')).toBeUndefined()
  })
})

describe('trustProxy that trusts everyone', () => {
  afterEach(cleanup)

  it.each([['0.0.0.0/0'], ['::/0']])(
    '%s starts with a warning in the log (rule 23)',
    async (everyone) => {
      const logger = recordingLogger()
      await startTestServer(serverConfig({ trustProxy: ['10.0.0.0/8', everyone] }), { logger })
      const warnings = logger.lines.filter((line) => line.event === 'trust_proxy_everyone')
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatchObject({ level: 'warn', fields: { trustProxy: everyone } })
    },
  )

  it('a list of proxies starts without one', async () => {
    const logger = recordingLogger()
    await startTestServer(serverConfig({ trustProxy: ['10.0.0.0/8', 'fd00::/8'] }), { logger })
    expect(logger.lines.filter((line) => line.event === 'trust_proxy_everyone')).toEqual([])
  })
})
