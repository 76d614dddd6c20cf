import { timingSafeEqual } from 'node:crypto'
import { ERROR_CODES } from '@chatgate/protocol'
import { decodeStandardBase64 } from './base64url.js'
import { signatureOf } from './content.js'
import { decodeUserSig } from './decode.js'
import { invalidOption, reject, type UserSigRejection } from './errors.js'
import { checkAppID, checkSecretKey, unixSeconds } from './options.js'

export interface VerifyOptions {
  /** The SDKAppID the sig is presented to (the app whose key is `secretKey`). */
  sdkAppID: number
  /** That app's secret key. */
  secretKey: string
  /** When given, the sig must name this UserID (else 70013). */
  userID?: string
  /**
   * The current time in Unix seconds.
   * @default Math.floor(Date.now() / 1000)
   */
  now?: number
  /**
   * How far in the future (seconds) a sig's issue time may lie, for clocks that disagree.
   * @default 60
   */
  clockSkewSeconds?: number
}

/** A valid UserSig. Times are Unix seconds; the sig is valid while `now <= expiresAt`. */
export interface VerifiedUserSig {
  ok: true
  userID: string
  sdkAppID: number
  issuedAt: number
  expiresAt: number
  /** The decoded `TLS.userbuf`, when the sig carries one. */
  userBuf?: Buffer
}

export type VerifyResult = VerifiedUserSig | UserSigRejection

export const DEFAULT_CLOCK_SKEW_SECONDS = 60

/**
 * Checks a UserSig against one app's key. Never throws for any `sig` value (only for bad
 * options, a caller's bug). Checks run in this order, the first failure answers:
 * empty (70002) → malformed (70052) → signature and SDKAppID (70003 / 70009 / 70014) →
 * UserID (70013) → issued in the future (70052) → expired (70001).
 */
export function verifyUserSig(sig: unknown, options: VerifyOptions): VerifyResult {
  const { sdkAppID, secretKey, userID } = options
  checkAppID(sdkAppID)
  checkSecretKey(secretKey)
  const now = options.now ?? unixSeconds()
  const clockSkew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS
  if (!Number.isFinite(now)) throw invalidOption('now must be Unix seconds.')
  if (!Number.isFinite(clockSkew) || clockSkew < 0) {
    throw invalidOption('clockSkewSeconds must be a number ≥ 0.')
  }

  if (sig === undefined || sig === null || sig === '') return reject(ERROR_CODES.USER_SIG_EMPTY)
  if (typeof sig !== 'string') return reject(ERROR_CODES.USER_SIG_MALFORMED, 'It is not a string.')
  const decoded = decodeUserSig(sig)
  if (!decoded.ok) return reject(ERROR_CODES.USER_SIG_MALFORMED, decoded.detail)
  const fields = decoded.sig

  // Both strings are 44 ASCII characters (checked while decoding), so their bytes line up.
  const signed = timingSafeEqual(
    Buffer.from(signatureOf(fields, secretKey), 'latin1'),
    Buffer.from(fields.signature, 'latin1'),
  )
  // Only this app's key is at hand. A sig naming another SDKAppID that our key did not sign
  // was made with that other app's key (70009); one our key did sign is a genuine ticket
  // for another SDKAppID of ours (70014). A sig naming our SDKAppID must match our key.
  if (fields.sdkAppID !== sdkAppID) {
    return signed
      ? reject(ERROR_CODES.USER_SIG_SDK_APP_ID_MISMATCH, `It is for SDKAppID ${fields.sdkAppID}.`)
      : reject(ERROR_CODES.USER_SIG_OTHER_APP_KEY, `It names SDKAppID ${fields.sdkAppID}.`)
  }
  if (!signed) return reject(ERROR_CODES.USER_SIG_BAD_SIGNATURE)
  if (userID !== undefined && userID !== fields.identifier) {
    return reject(ERROR_CODES.USER_SIG_USER_ID_MISMATCH)
  }
  if (fields.time - now > clockSkew) {
    return reject(ERROR_CODES.USER_SIG_MALFORMED, 'It is issued in the future.')
  }
  const expiresAt = fields.time + fields.expire
  if (now > expiresAt) return reject(ERROR_CODES.USER_SIG_EXPIRED)

  const result: VerifiedUserSig = {
    ok: true,
    userID: fields.identifier,
    sdkAppID: fields.sdkAppID,
    issuedAt: fields.time,
    expiresAt,
  }
  if (fields.userBuf !== undefined) result.userBuf = decodeStandardBase64(fields.userBuf)!
  return result
}
