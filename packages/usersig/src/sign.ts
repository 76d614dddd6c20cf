import { deflateSync } from 'node:zlib'
import { MAX_USER_SIG_BYTES } from '@chatgate/protocol'
import { encodeUserSigBase64 } from './base64url.js'
import { signatureOf, type UserSigFields } from './content.js'
import { invalidOption } from './errors.js'
import {
  checkAppID,
  checkSecretKey,
  checkUserID,
  checkWholeSeconds,
  unixSeconds,
} from './options.js'

export interface SignOptions {
  sdkAppID: number
  secretKey: string
  /** 1–32 characters of `A-Z a-z 0-9 _ -`. */
  userID: string
  /** Seconds of validity from `now` (must be > 0). */
  expireSeconds: number
  /** Extra bytes carried and signed in the sig (`TLS.userbuf`); a string is taken as UTF-8. */
  userBuf?: Uint8Array | string
  /**
   * The issue time in Unix seconds.
   * @default Math.floor(Date.now() / 1000)
   */
  now?: number
}

/** 180 days, the validity Tencent's tools default to. */
export const DEFAULT_EXPIRE_SECONDS = 180 * 24 * 60 * 60

/**
 * Signs a UserSig in the tls-sig-api-v2 format. Throws a `UserSigError` (code 6017, or 90006
 * for a bad UserID) on bad options, including a user buffer too large for a 1 KiB sig.
 */
export function signUserSig(options: SignOptions): string {
  const { sdkAppID, secretKey, userID, expireSeconds, userBuf } = options
  checkAppID(sdkAppID)
  checkSecretKey(secretKey)
  checkUserID(userID)
  checkWholeSeconds('expireSeconds', expireSeconds)
  if (expireSeconds === 0) throw invalidOption('expireSeconds must be > 0.')
  const now = options.now ?? unixSeconds()
  checkWholeSeconds('now', now)

  const fields: UserSigFields = { identifier: userID, sdkAppID, time: now, expire: expireSeconds }
  if (userBuf !== undefined) {
    if (typeof userBuf !== 'string' && !(userBuf instanceof Uint8Array)) {
      throw invalidOption('userBuf must be a Uint8Array or a string.')
    }
    fields.userBuf = Buffer.from(userBuf).toString('base64')
  }
  const document: Record<string, string | number> = {
    'TLS.ver': '2.0',
    'TLS.identifier': userID,
    'TLS.sdkappid': sdkAppID,
    'TLS.expire': expireSeconds,
    'TLS.time': now,
  }
  if (fields.userBuf !== undefined) document['TLS.userbuf'] = fields.userBuf
  document['TLS.sig'] = signatureOf(fields, secretKey)

  // zlib's default level writes the 78 9c header that tls-sig-api-v2's sigs carry.
  const sig = encodeUserSigBase64(deflateSync(JSON.stringify(document)))
  if (sig.length > MAX_USER_SIG_BYTES) {
    throw invalidOption(
      `The sig would be longer than ${MAX_USER_SIG_BYTES} bytes; shorten userBuf.`,
    )
  }
  return sig
}
