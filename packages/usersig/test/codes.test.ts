import { englishMessage } from '@chatgate/protocol'
import { describe, expect, it } from 'vitest'
import { signUserSig, verifyUserSig } from '../src/index.js'
import { APP, KEY, NOW, OTHER_APP, OTHER_KEY, sign } from './fixtures.js'

const expected = { sdkAppID: APP, secretKey: KEY, now: NOW }

describe('every verify code is reachable (rule 2)', () => {
  it('a valid sig verifies with its fields in Unix seconds (rule 2)', () => {
    expect(verifyUserSig(sign(), { ...expected, userID: 'alice' })).toEqual({
      ok: true,
      userID: 'alice',
      sdkAppID: APP,
      issuedAt: NOW,
      expiresAt: NOW + 3600,
    })
  })

  it('expired → 70001, valid up to and including time + expire (rule 2)', () => {
    const sig = sign({ expireSeconds: 100 })
    expect(verifyUserSig(sig, { ...expected, now: NOW + 100 }).ok).toBe(true)
    expect(verifyUserSig(sig, { ...expected, now: NOW + 101 })).toEqual({
      ok: false,
      code: 70001,
      message: englishMessage(70001),
    })
  })

  it('empty → 70002 (also for a missing sig) (rule 2)', () => {
    expect(verifyUserSig('', expected)).toMatchObject({ ok: false, code: 70002 })
    expect(verifyUserSig(undefined, expected)).toMatchObject({ ok: false, code: 70002 })
    expect(verifyUserSig(null, expected)).toMatchObject({ ok: false, code: 70002 })
  })

  it('bad signature → 70003 (another key, our SDKAppID) (rule 2)', () => {
    const sig = sign({ secretKey: OTHER_KEY })
    expect(verifyUserSig(sig, expected)).toEqual({
      ok: false,
      code: 70003,
      message: englishMessage(70003),
    })
  })

  it('made with another app’s key → 70009 (names another SDKAppID, our key did not sign it) (rule 2)', () => {
    const sig = sign({ sdkAppID: OTHER_APP, secretKey: OTHER_KEY })
    expect(verifyUserSig(sig, expected)).toMatchObject({ ok: false, code: 70009 })
  })

  it('UserID mismatch → 70013 (rule 2)', () => {
    expect(verifyUserSig(sign(), { ...expected, userID: 'bob' })).toMatchObject({
      ok: false,
      code: 70013,
    })
  })

  it('SDKAppID mismatch → 70014 (our key signed it for another SDKAppID) (rule 2)', () => {
    const sig = sign({ sdkAppID: OTHER_APP })
    const result = verifyUserSig(sig, expected)
    expect(result).toMatchObject({ ok: false, code: 70014 })
    expect(result.ok || result.message).toContain(String(OTHER_APP))
  })

  it('malformed → 70052 (rule 2)', () => {
    for (const bad of [
      'x',
      'not a sig',
      '****',
      'eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLB',
      42,
      {},
    ]) {
      expect(verifyUserSig(bad, expected), String(bad)).toMatchObject({ ok: false, code: 70052 })
    }
  })

  it('issued further in the future than the clock skew → 70052 "issued in the future" (rule 2)', () => {
    const sig = sign({ now: NOW + 61 })
    const result = verifyUserSig(sig, expected)
    expect(result).toMatchObject({ ok: false, code: 70052 })
    expect(result.ok || result.message).toMatch(/issued in the future/)
    expect(verifyUserSig(sign({ now: NOW + 60 }), expected).ok).toBe(true)
    expect(verifyUserSig(sig, { ...expected, clockSkewSeconds: 61 }).ok).toBe(true)
    expect(verifyUserSig(sig, { ...expected, clockSkewSeconds: 0 }).ok).toBe(false)
  })

  it('authenticity is checked before identity and time (rule 2)', () => {
    const forged = sign({ secretKey: OTHER_KEY, expireSeconds: 1 })
    expect(verifyUserSig(forged, { ...expected, userID: 'bob', now: NOW + 10 })).toMatchObject({
      code: 70003,
    })
    expect(
      verifyUserSig(sign({ expireSeconds: 1 }), { ...expected, userID: 'bob', now: NOW + 10 }),
    ).toMatchObject({
      code: 70013,
    })
  })

  it('a user buffer round-trips, as bytes or as UTF-8 text', () => {
    const bytes = new Uint8Array([1, 2, 3, 0, 255])
    const withBytes = verifyUserSig(sign({ userBuf: bytes }), expected)
    expect(withBytes.ok && [...withBytes.userBuf!]).toEqual([...bytes])
    const withText = verifyUserSig(sign({ userBuf: 'room-7' }), expected)
    expect(withText.ok && withText.userBuf!.toString('utf8')).toBe('room-7')
    const empty = verifyUserSig(sign({ userBuf: '' }), expected)
    expect(empty.ok && empty.userBuf!.length).toBe(0)
  })

  it('uses the real clock when no `now` is given', () => {
    const sig = signUserSig({ sdkAppID: APP, secretKey: KEY, userID: 'alice', expireSeconds: 60 })
    expect(verifyUserSig(sig, { sdkAppID: APP, secretKey: KEY }).ok).toBe(true)
  })
})
