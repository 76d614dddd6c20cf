import { deflateSync, inflateSync } from 'node:zlib'
import { MAX_USER_SIG_BYTES, MAX_USER_SIG_INFLATED_BYTES } from '@chatgate/protocol'
import { Api } from 'tls-sig-api-v2'
import { describe, expect, it } from 'vitest'
import { UserSigError, verifyUserSig } from '../src/index.js'
import { APP, KEY, NOW, sign } from './fixtures.js'
import { escapeBase64, forgeSignedSig } from './forge.js'

const expected = { sdkAppID: APP, secretKey: KEY, now: NOW }
/** Bytes that do not compress, so the sig grows with them. */
const noise = (length: number) =>
  Buffer.from(Array.from({ length }, (_, i) => (i * 7919 + 13) % 251))

/** A signed document padded (with a userbuf of `A`s) to exactly `size` bytes once inflated. */
function signedDocumentOfSize(size: number): string {
  const base = forgeSignedSig(
    { identifier: 'alice', sdkAppID: APP, time: NOW, expire: 60, userBuf: '' },
    KEY,
  )
  const baseLength = inflateSync(
    Buffer.from(base.replaceAll('*', '+').replaceAll('-', '/').replaceAll('_', '='), 'base64'),
  ).length
  // A userbuf of n `A`s (n a multiple of 4) is valid base64 and adds n bytes to the document;
  // the signature text keeps its length whatever the content.
  const padding = size - baseLength
  if (padding % 4 !== 0) throw new Error(`padding ${padding} is not a multiple of 4`)
  return forgeSignedSig(
    { identifier: 'alice', sdkAppID: APP, time: NOW, expire: 60, userBuf: 'A'.repeat(padding) },
    KEY,
  )
}

describe('size limits (rule 2)', () => {
  it('a validly signed sig of more than 1 KiB is refused before decoding (rule 2)', () => {
    const big = new Api(APP, KEY).genSig('alice', 600, noise(800))
    expect(big.length).toBeGreaterThan(MAX_USER_SIG_BYTES)
    const result = verifyUserSig(big, { sdkAppID: APP, secretKey: KEY })
    expect(result).toMatchObject({ ok: false, code: 70052 })
    expect(result.ok || result.message).toContain(`longer than ${MAX_USER_SIG_BYTES} bytes`)
  })

  it('a sig of up to 1 KiB verifies (rule 2)', () => {
    let length = 600
    let sig = sign({ userBuf: noise(length) })
    while (true) {
      const longer = (() => {
        try {
          return sign({ userBuf: noise(length + 1) })
        } catch {
          return undefined
        }
      })()
      if (longer === undefined) break
      sig = longer
      length++
    }
    expect(sig.length).toBeLessThanOrEqual(MAX_USER_SIG_BYTES)
    // A sig grows in steps of four characters and a byte of userbuf adds about two.
    expect(sig.length).toBeGreaterThan(MAX_USER_SIG_BYTES - 12)
    expect(verifyUserSig(sig, expected).ok).toBe(true)
  })

  it('signing refuses a user buffer that would make the sig longer than 1 KiB (rule 2)', () => {
    expect(() => sign({ userBuf: noise(800) })).toThrow(UserSigError)
    expect(() => sign({ userBuf: noise(800) })).toThrow(/longer than 1024 bytes/)
  })

  it('a validly signed document of exactly 4 KiB verifies; one byte more is refused (rule 2)', () => {
    const atLimit = signedDocumentOfSize(MAX_USER_SIG_INFLATED_BYTES)
    expect(atLimit.length).toBeLessThan(MAX_USER_SIG_BYTES)
    expect(verifyUserSig(atLimit, expected).ok).toBe(true)
    const over = signedDocumentOfSize(MAX_USER_SIG_INFLATED_BYTES + 4)
    const result = verifyUserSig(over, expected)
    expect(result).toMatchObject({ ok: false, code: 70052 })
    expect(result.ok || result.message).toContain(
      `inflates past ${MAX_USER_SIG_INFLATED_BYTES} bytes`,
    )
  })

  it('a deflate bomb that fits in 1 KiB (≈ 700 KB inflated) is refused by the inflate limit (rule 2)', () => {
    const bomb = escapeBase64(deflateSync(Buffer.alloc(700_000, 0x20), { level: 9 }))
    expect(bomb.length).toBeLessThanOrEqual(MAX_USER_SIG_BYTES)
    const result = verifyUserSig(bomb, expected)
    expect(result).toMatchObject({ ok: false, code: 70052 })
    expect(result.ok || result.message).toContain('inflates past')
  })

  it('a deflate bomb of megabytes is refused by its length before any inflating (rule 2)', () => {
    const bomb = escapeBase64(deflateSync(Buffer.alloc(8_000_000), { level: 9 }))
    const result = verifyUserSig(bomb, expected)
    expect(result).toMatchObject({ ok: false, code: 70052 })
    expect(result.ok || result.message).toContain('longer than')
  })
})
