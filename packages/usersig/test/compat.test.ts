import { Api } from 'tls-sig-api-v2'
import { describe, expect, it } from 'vitest'
import { verifyUserSig } from '../src/index.js'
import { APP, KEY, sign } from './fixtures.js'

describe('compatible with the public tls-sig-api-v2 signer (rule 2)', () => {
  it('a sig signed by tls-sig-api-v2 (genUserSig) verifies (rule 2)', () => {
    const before = Math.floor(Date.now() / 1000)
    const sig = new Api(APP, KEY).genUserSig('xiaojun', 86400)
    const result = verifyUserSig(sig, { sdkAppID: APP, secretKey: KEY, userID: 'xiaojun' })
    expect(result).toMatchObject({ ok: true, userID: 'xiaojun', sdkAppID: APP })
    if (!result.ok) return
    expect(result.issuedAt).toBeGreaterThanOrEqual(before)
    expect(result.expiresAt).toBe(result.issuedAt + 86400)
    expect(result.userBuf).toBeUndefined()
  })

  it('a sig signed by tls-sig-api-v2 with a user buffer (genSig) verifies and returns the buffer (rule 2)', () => {
    const userBuf = Buffer.from([0, 1, 2, 250, 255, 10])
    const sig = new Api(APP, KEY).genSig('xiaojun', 600, userBuf)
    const result = verifyUserSig(sig, { sdkAppID: APP, secretKey: KEY })
    expect(result).toMatchObject({ ok: true, userID: 'xiaojun' })
    expect(result.ok && result.userBuf).toEqual(userBuf)
  })

  it('a tls-sig-api-v2 sig checked with the wrong key fails with 70003 (rule 2)', () => {
    const sig = new Api(APP, KEY).genUserSig('xiaojun', 86400)
    expect(verifyUserSig(sig, { sdkAppID: APP, secretKey: `${KEY}x` })).toMatchObject({
      ok: false,
      code: 70003,
    })
  })

  it('our sigs use the same zlib header (78 9c) and alphabet as tls-sig-api-v2 (rule 2)', () => {
    const ours = sign()
    const theirs = new Api(APP, KEY).genUserSig('alice', 3600)
    expect(ours.slice(0, 2)).toBe(theirs.slice(0, 2))
    expect(ours).toMatch(/^[A-Za-z0-9*\-_]+$/)
  })
})
