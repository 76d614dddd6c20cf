import { describe, expect, it } from 'vitest'
import { APP, KEY, NOW, sign } from './fixtures.js'
import { referenceDecode } from './referenceDecoder.js'

describe('our sigs follow the tls-sig-api-v2 format (independent reference decoder) (rule 2)', () => {
  it('without userbuf, the reference decoder recomputes the same HMAC (rule 2)', () => {
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

  it('with userbuf, the content gains the userbuf line and the HMAC still matches (rule 2)', () => {
    const userBuf = Buffer.from([0, 7, 255, 128, 64])
    const decoded = referenceDecode(sign({ userID: 'bob_1', userBuf }), KEY)
    expect(decoded.document['TLS.userbuf']).toBe(userBuf.toString('base64'))
    expect(decoded.document['TLS.sig']).toBe(decoded.recomputedSig)
    expect(decoded.content.endsWith(`TLS.userbuf:${userBuf.toString('base64')}\n`)).toBe(true)
    expect(typeof decoded.document['TLS.sdkappid']).toBe('number')
  })

  it('the HMAC depends on the key (the reference check can fail) (rule 2)', () => {
    const decoded = referenceDecode(sign(), `${KEY}0`)
    expect(decoded.document['TLS.sig']).not.toBe(decoded.recomputedSig)
  })
})
