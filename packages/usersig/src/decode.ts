import { inflateSync } from 'node:zlib'
import { isValidUserID, MAX_USER_SIG_BYTES, MAX_USER_SIG_INFLATED_BYTES } from '@chatgate/protocol'
import { decodeStandardBase64, decodeUserSigBase64 } from './base64url.js'
import type { UserSigFields } from './content.js'

/** A UserSig taken apart: its signed fields and the signature it carries. Nothing is checked against a key yet. */
export interface DecodedUserSig extends UserSigFields {
  /** `TLS.sig` as written in the document (standard base64 of 32 bytes). */
  signature: string
}

export type DecodeResult = { ok: true; sig: DecodedUserSig } | { ok: false; detail: string }

const SIGNATURE_BASE64_LENGTH = 44
/** Header (2), the shortest deflate block (1), Adler-32 (4). */
const ZLIB_MIN_LENGTH = 7

interface InflateInfo {
  buffer: Buffer
  engine: { bytesWritten: number }
}

/**
 * Decodes a non-empty UserSig string down to its fields. Every failure is a reason for
 * 70052 (malformed). Sizes are checked before each expansion: the string before base64,
 * the inflated document while inflating (zlib stops at the limit, so a deflate bomb costs
 * at most 4 KiB of output).
 */
export function decodeUserSig(text: string): DecodeResult {
  // Characters, not bytes: a longer string is refused outright, and a shorter one passes
  // only if it is all ASCII (the alphabet check below), where the two counts agree.
  if (text.length > MAX_USER_SIG_BYTES) {
    return fail(`It is longer than ${MAX_USER_SIG_BYTES} bytes.`)
  }
  const deflated = decodeUserSigBase64(text)
  if (deflated === undefined) return fail('It is not base64 in the UserSig alphabet.')
  // Checked here because zlib reports a bad stream by throwing, which costs far more than
  // this test; random text almost never has a valid header.
  if (!hasZlibHeader(deflated)) return fail('It is not a zlib stream.')
  let inflated: InflateInfo
  // zlib reports a corrupt stream (every tampered sig) by throwing, and capturing a stack
  // trace for an error we discard is about half the cost of refusing one. The call is
  // synchronous, so nothing else runs while the limit is lowered.
  const stackTraceLimit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    // `info` exposes how much input zlib consumed: it silently ignores bytes after the end
    // of the stream, which would let a sig carry arbitrary trailing data.
    inflated = inflateSync(deflated, {
      maxOutputLength: MAX_USER_SIG_INFLATED_BYTES,
      info: true,
    }) as unknown as InflateInfo
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      return fail(`It inflates past ${MAX_USER_SIG_INFLATED_BYTES} bytes.`)
    }
    return fail('It is not a zlib stream.')
  } finally {
    Error.stackTraceLimit = stackTraceLimit
  }
  if (inflated.engine.bytesWritten !== deflated.length) {
    return fail('It has bytes after the end of its zlib stream.')
  }
  return parseDocument(inflated.buffer)
}

/** RFC 1950: deflate method, window ≤ 32 KiB, no preset dictionary, header check bits. */
function hasZlibHeader(bytes: Buffer): boolean {
  if (bytes.length < ZLIB_MIN_LENGTH) return false
  const cmf = bytes[0]!
  const flg = bytes[1]!
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (flg & 0x20) === 0 && (cmf * 256 + flg) % 31 === 0
}

function parseDocument(document: Buffer): DecodeResult {
  let value: unknown
  try {
    value = JSON.parse(document.toString('utf8'))
  } catch {
    return fail('Its document is not JSON.')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('Its document is not a JSON object.')
  }
  const doc = value as Record<string, unknown>
  if (doc['TLS.ver'] !== '2.0') return fail('TLS.ver is not "2.0".')
  const identifier = doc['TLS.identifier']
  if (!isValidUserID(identifier)) {
    return fail('TLS.identifier is not a UserID of 1–32 letters, digits, _ or -.')
  }
  const sdkAppID = doc['TLS.sdkappid']
  if (!isWholeNumber(sdkAppID) || sdkAppID === 0) {
    return fail('TLS.sdkappid is not a positive integer.')
  }
  const time = doc['TLS.time']
  if (!isWholeNumber(time)) return fail('TLS.time is not a non-negative integer.')
  const expire = doc['TLS.expire']
  if (!isWholeNumber(expire)) return fail('TLS.expire is not a non-negative integer.')
  const userBuf = doc['TLS.userbuf']
  if (
    userBuf !== undefined &&
    (typeof userBuf !== 'string' || decodeStandardBase64(userBuf) === undefined)
  ) {
    return fail('TLS.userbuf is not base64.')
  }
  const signature = doc['TLS.sig']
  if (typeof signature !== 'string' || signature.length !== SIGNATURE_BASE64_LENGTH) {
    return fail('TLS.sig is not a base64 HMAC-SHA256.')
  }
  const sig: DecodedUserSig = { identifier, sdkAppID, time, expire, signature }
  if (userBuf !== undefined) sig.userBuf = userBuf
  return { ok: true, sig }
}

function isWholeNumber(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

function fail(detail: string): DecodeResult {
  return { ok: false, detail }
}
