import { deflateSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { verifyUserSig } from '../src/index.js'
import { APP, KEY, NOW, sign } from './fixtures.js'
import { escapeBase64, forgeSignedSig } from './forge.js'
import { referenceDecode } from './referenceDecoder.js'

const expected = { sdkAppID: APP, secretKey: KEY, now: NOW }
const RULE_2_CODES = [70001, 70002, 70003, 70009, 70013, 70014, 70052]
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_'

const userIDs = fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/)
const validSigs = fc
  .record({
    userID: userIDs,
    expireSeconds: fc.integer({ min: 1, max: 400 * 86400 }),
    now: fc.integer({ min: NOW - 86400, max: NOW }),
    userBuf: fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
  })
  .map((options) => sign(options))

/** Asserts the verify contract: a result, never a throw; a failure carries a rule 2 code. */
function expectRejected(input: unknown): void {
  const result = verifyUserSig(input, expected)
  expect(result.ok).toBe(false)
  if (!result.ok) {
    expect(RULE_2_CODES).toContain(result.code)
    expect(result.message.length).toBeGreaterThan(0)
  }
}

// Generous timeouts: each property runs hundreds of verifies, and the machine may be busy.
describe('properties (rule 2)', { timeout: 30_000 }, () => {
  it('every single-character change of a valid sig is rejected, unless it spells the very same document (rule 2)', () => {
    // Deflate lets one document be encoded in several ways (padding bits after the last
    // block, a back-reference to an identical earlier run), so a few changes re-encode the
    // same signed document; verify accepts those as the same ticket. Anything that changes
    // the document, and any stray base64 or trailing bytes, must be rejected.
    fc.assert(
      fc.property(validSigs, fc.nat(), fc.constantFrom(...ALPHABET), (sig, at, replacement) => {
        const index = at % sig.length
        fc.pre(sig[index] !== replacement)
        const changed = sig.slice(0, index) + replacement + sig.slice(index + 1)
        const result = verifyUserSig(changed, expected)
        if (result.ok) {
          expect(referenceDecode(changed, KEY).document).toEqual(referenceDecode(sig, KEY).document)
          expect(result).toEqual(verifyUserSig(sig, expected))
        }
      }),
      { numRuns: 400 },
    )
  })

  it('a change inside the signed content is always rejected (rule 2)', () => {
    // Flip one character of the JSON document itself and re-encode it correctly: the HMAC
    // (or the field checks) must catch it.
    fc.assert(
      fc.property(validSigs, fc.nat(), fc.integer({ min: 1, max: 127 }), (sig, at, code) => {
        const text = JSON.stringify(referenceDecode(sig, KEY).document)
        const index = at % text.length
        fc.pre(text.charCodeAt(index) !== code)
        const changed = text.slice(0, index) + String.fromCharCode(code) + text.slice(index + 1)
        expectRejected(escapeBase64(deflateSync(changed)))
      }),
      { numRuns: 200 },
    )
  })

  it('random strings always give { ok: false, code }, never a throw (rule 2)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 1100 }),
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.stringMatching(/^[A-Za-z0-9*_-]{0,1100}$/),
          fc.stringMatching(/^eJ[A-Za-z0-9*-]{0,300}_{0,2}$/),
        ),
        (text) => expectRejected(text),
      ),
      { numRuns: 400 },
    )
  })

  it('random bytes, raw or deflated, always give { ok: false, code }, never a throw (rule 2)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 900 }), fc.boolean(), (bytes, deflate) => {
        expectRejected(escapeBase64(deflate ? deflateSync(bytes) : bytes))
      }),
      { numRuns: 200 },
    )
  })

  it('random JSON documents, even correctly signed ones with extra fields, never throw (rule 2)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue()), (json, extra) => {
        expectRejected(escapeBase64(deflateSync(JSON.stringify(json))))
        const signed = forgeSignedSig(
          { identifier: 'alice', sdkAppID: APP, time: NOW, expire: 60 },
          KEY,
          {
            ...extra,
            'TLS.sig': extra['TLS.sig'] ?? 'x',
          },
        )
        expectRejected(signed)
      }),
      { numRuns: 300 },
    )
  })

  it('deflate bombs that fit in 1 KiB are refused as malformed (70052) (rule 2)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5_000, max: 700_000 }),
        fc.integer({ min: 0, max: 255 }),
        (size, fill) => {
          const bomb = escapeBase64(deflateSync(Buffer.alloc(size, fill), { level: 9 }))
          const result = verifyUserSig(bomb, expected)
          expect(result).toMatchObject({ ok: false, code: 70052 })
          expect(result.ok || result.message).toMatch(/inflates past|longer than/)
        },
      ),
      { numRuns: 50 },
    )
  })

  it('non-string inputs give { ok: false, code }, never a throw (rule 2)', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        fc.pre(typeof value !== 'string')
        expectRejected(value)
      }),
    )
  })
})
