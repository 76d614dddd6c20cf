import { describe, expect, it } from 'vitest'
import { signUserSig, UserSigError, verifyUserSig } from '../src/index.js'
import { APP, KEY, NOW, sign } from './fixtures.js'
import { forgeSignedSig } from './forge.js'

function thrown(run: () => unknown): UserSigError {
  try {
    run()
  } catch (error) {
    if (error instanceof UserSigError) return error
    throw error
  }
  throw new Error('did not throw')
}

describe('bad options are a caller’s bug: a UserSigError with a code', () => {
  it('signing refuses a UserID outside 1–32 of A-Z a-z 0-9 _ - (90006) (rule 1)', () => {
    for (const userID of ['', 'a b', 'ä', 'x'.repeat(33), 'a\nTLS.sdkappid:1']) {
      expect(thrown(() => sign({ userID })).code, userID).toBe(90006)
    }
    expect(sign({ userID: 'x'.repeat(32) })).toBeTruthy()
  })

  it('signing refuses bad SDKAppID, key, expiry and time (6017)', () => {
    const bad = [
      { sdkAppID: 0 },
      { sdkAppID: 1.5 },
      { secretKey: '' },
      { expireSeconds: 0 },
      { expireSeconds: -1 },
      { expireSeconds: Number.NaN },
      { now: 1.5 },
      { userBuf: 42 as unknown as string },
    ]
    for (const overrides of bad) {
      expect(thrown(() => sign(overrides)).code, JSON.stringify(overrides)).toBe(6017)
    }
  })

  it('verifying throws for bad options, never for the sig', () => {
    expect(thrown(() => verifyUserSig('x', { sdkAppID: -1, secretKey: KEY })).code).toBe(6017)
    expect(thrown(() => verifyUserSig('x', { sdkAppID: APP, secretKey: '' })).code).toBe(6017)
    expect(
      thrown(() => verifyUserSig('x', { sdkAppID: APP, secretKey: KEY, now: Number.NaN })).code,
    ).toBe(6017)
    expect(
      thrown(() => verifyUserSig('x', { sdkAppID: APP, secretKey: KEY, clockSkewSeconds: -1 }))
        .code,
    ).toBe(6017)
    expect(signUserSig).toBeTypeOf('function')
  })
})

describe('a correctly signed document with bad fields is malformed (70052) (rule 2)', () => {
  const fields = { identifier: 'alice', sdkAppID: APP, time: NOW, expire: 60 }
  const expected = { sdkAppID: APP, secretKey: KEY, now: NOW }

  it('the forging helper makes sigs that verify (so the cases below can fail) (rule 2)', () => {
    expect(verifyUserSig(forgeSignedSig(fields, KEY), expected).ok).toBe(true)
  })

  it.each([
    ['another version', {}, { 'TLS.ver': '1.0' }],
    ['a UserID outside rule 1', { identifier: 'a b' }, {}],
    ['a fractional time', { time: NOW + 0.5 }, {}],
    ['a negative expiry', { expire: -1 }, {}],
    ['an SDKAppID given as a string', {}, { 'TLS.sdkappid': String(APP) }],
    ['a userbuf that is not base64', { userBuf: 'not base64!' }, {}],
    ['a signature of the wrong length', {}, { 'TLS.sig': 'c2hvcnQ=' }],
  ])('%s (rule 2)', (_name, changes, extra) => {
    const result = verifyUserSig(forgeSignedSig({ ...fields, ...changes }, KEY, extra), expected)
    expect(result).toMatchObject({ ok: false, code: 70052 })
  })

  it('bytes after the zlib stream are refused (rule 2)', () => {
    const sig = sign()
    const bytes = Buffer.from(
      sig.replaceAll('*', '+').replaceAll('-', '/').replaceAll('_', '='),
      'base64',
    )
    const padded = Buffer.concat([bytes, Buffer.from([0])])
    const text = padded
      .toString('base64')
      .replaceAll('+', '*')
      .replaceAll('/', '-')
      .replaceAll('=', '_')
    expect(verifyUserSig(text, expected)).toMatchObject({ ok: false, code: 70052 })
  })

  it('a sig without its base64 padding is refused (rule 2)', () => {
    const sig = sign()
    expect(sig.endsWith('_')).toBe(sig.length % 4 === 0 && sig.includes('_'))
    const unpadded = sig.replace(/_+$/, '')
    if (unpadded !== sig) expect(verifyUserSig(unpadded, expected)).toMatchObject({ code: 70052 })
    expect(verifyUserSig(`${sig}____`, expected)).toMatchObject({ code: 70052 })
  })
})
