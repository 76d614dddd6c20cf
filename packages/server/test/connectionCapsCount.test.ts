import { describe, expect, it } from 'vitest'
import { ConnectionCaps } from '../src/transport/connectionCaps.js'

describe('ConnectionCaps, the count behind the upgrade refusals (rule 23)', () => {
  it('gives an address back one place per connection that closed, not all of them', () => {
    const caps = new ConnectionCaps({ maxConnections: 100, maxConnectionsPerAddress: 2 })
    caps.opened('192.0.2.7')
    caps.opened('192.0.2.7')
    expect(caps.refusal('192.0.2.7')).toEqual({
      status: 429,
      reason: 'max_connections_per_address',
    })
    caps.closed('192.0.2.7')
    expect(caps.refusal('192.0.2.7')).toBeUndefined()
    caps.opened('192.0.2.7')
    expect(caps.refusal('192.0.2.7')).toMatchObject({ status: 429 })
    caps.closed('192.0.2.7')
    caps.closed('192.0.2.7')
    caps.opened('192.0.2.7')
    caps.opened('192.0.2.7')
    expect(caps.refusal('192.0.2.7')).toMatchObject({ status: 429 })
  })

  it('counts connections without an address in the total only', () => {
    const caps = new ConnectionCaps({ maxConnections: 2, maxConnectionsPerAddress: 1 })
    caps.opened(undefined)
    expect(caps.refusal(undefined)).toBeUndefined()
    expect(caps.refusal('192.0.2.7')).toBeUndefined()
    caps.opened('192.0.2.7')
    expect(caps.refusal(undefined)).toEqual({ status: 503, reason: 'max_connections' })
    caps.closed(undefined)
    expect(caps.refusal('192.0.2.8')).toBeUndefined()
    expect(caps.refusal('192.0.2.7')).toMatchObject({ status: 429 })
  })
})
