import { describe, expect, it } from 'vitest'
import { APP, KEY, NOW, sign } from './fixtures.js'
import { referenceDecode } from './referenceDecoder.js'

describe('rule 2: our sigs follow the tls-sig-api-v2 format (independent reference decoder)', () => {
  it('rule 2: without userbuf, the reference decoder recomputes the same HMAC', () => {
    const decoded = referenceDecode(sign({ userID: 'alice', expireSeconds: 86400 }), KEY)
    expect([...decoded.deflated.subarray(0, 2)]).toEqual([0x78, 0x9c])
    expect(decoded.document).toEqual({
      'TLS.ver': '2.0',
      'TLS.identifier': 'alice',
      'TLS.sdkappid': APP,
      'TLS.expire': 86400,
      'TLS.time': NOW,
      'TLS.sig': decoded.recomputedSig,
    })
    expect(decoded.content).toBe(
      `TLS.identifier:alice\nTLS.sdkappid:${APP}\nTLS.time:${NOW}\nTLS.expire:86400\n`,
    )
  })

  it('rule 2: with userbuf, the content gains the userbuf line and the HMAC still matches', () => {
    const userBuf = Buffer.from([0, 7, 255, 128, 64])
    const decoded = referenceDecode(sign({ userID: 'bob_1', userBuf }), KEY)
    expect(decoded.document['TLS.userbuf']).toBe(userBuf.toString('base64'))
    expect(decoded.document['TLS.sig']).toBe(decoded.recomputedSig)
    expect(decoded.content.endsWith(`TLS.userbuf:${userBuf.toString('base64')}\n`)).toBe(true)
    expect(typeof decoded.document['TLS.sdkappid']).toBe('number')
  })

  it('rule 2: the HMAC depends on the key (the reference check can fail)', () => {
    const decoded = referenceDecode(sign(), `${KEY}0`)
    expect(decoded.document['TLS.sig']).not.toBe(decoded.recomputedSig)
  })
})
