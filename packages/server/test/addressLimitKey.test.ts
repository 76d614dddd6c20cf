import { describe, expect, it } from 'vitest'
import { addressLimitKey } from '../src/addressLimitKey.js'

// What the per-address limits count: the connection caps and the failed-login limit both
// key on it, so two addresses with one key share one allowance (rules 19, 23).
describe('addressLimitKey', () => {
  it('keeps an IPv4 address, and anything that is not an IPv6 address, as it is', () => {
    expect(addressLimitKey('192.0.2.7')).toBe('192.0.2.7')
    expect(addressLimitKey('not-an-address:1')).toBe('not-an-address:1')
  })

  it('counts an IPv4 client on a dual-stack socket by its IPv4 address', () => {
    expect(addressLimitKey('::ffff:192.0.2.7')).toBe('192.0.2.7')
  })

  it('counts an IPv6 address written in full by its first four groups', () => {
    expect(addressLimitKey('2001:0db8:0001:0002:3:4:5:6')).toBe('2001:db8:1:2::/64')
  })

  it('expands `::` to as many zero groups as the address leaves out', () => {
    expect(addressLimitKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    // The tail reaches into the prefix when `::` stands for one group only.
    expect(addressLimitKey('2001:db8::3:4:5:6:7')).toBe('2001:db8:0:3::/64')
    expect(addressLimitKey('2001:db8:1::')).toBe('2001:db8:1:0::/64')
    expect(addressLimitKey('::1')).toBe('0:0:0:0::/64')
  })

  it('counts an embedded IPv4 tail as two groups', () => {
    expect(addressLimitKey('2001:db8::1:2:3:192.0.2.7')).toBe('2001:db8:0:1::/64')
  })

  it('drops a zone index, so a link-local client is one /64', () => {
    expect(addressLimitKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
  })
})
