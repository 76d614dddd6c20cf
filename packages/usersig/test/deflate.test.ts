import { inflateSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { zlibDeflate } from '../src/deflate.js'

function roundTrips(input: Uint8Array): void {
  expect(inflateSync(zlibDeflate(input)).equals(Buffer.from(input))).toBe(true)
}

describe('the zlib encoder used for signing', () => {
  it('rule 2: writes the 78 9c header of tls-sig-api-v2 sigs', () => {
    expect([...zlibDeflate(Buffer.from('{"TLS.ver":"2.0"}')).subarray(0, 2)]).toEqual([0x78, 0x9c])
  })

  it('round-trips through zlib: empty, tiny, long runs, and more than the 32 KiB window', () => {
    roundTrips(new Uint8Array(0))
    roundTrips(Buffer.from('a'))
    roundTrips(Buffer.alloc(1000, 0x41))
    roundTrips(Buffer.from('TLS.identifier TLS.sdkappid TLS.time '.repeat(2000)))
    roundTrips(Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251)))
  })

  it('compresses a repetitive document', () => {
    const text = Buffer.from('TLS.identifier:alice\n'.repeat(20))
    expect(zlibDeflate(text).length).toBeLessThan(text.length / 4)
  })

  it('round-trips random bytes and random repetitive text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc
            .array(fc.constantFrom('TLS.', 'alice', '"', ':', '1400000000', 'A', 'AAAA'), {
              maxLength: 400,
            })
            .map((parts) => Buffer.from(parts.join(''))),
        ),
        roundTrips,
      ),
      { numRuns: 300 },
    )
  })
})
