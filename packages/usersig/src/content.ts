import { createHmac, createSecretKey, type KeyObject } from 'node:crypto'

/** The signed fields of a UserSig, as carried in its JSON document. */
export interface UserSigFields {
  identifier: string
  sdkAppID: number
  /** Unix seconds when it was issued (`TLS.time`). */
  time: number
  /** Seconds of validity after `time` (`TLS.expire`). */
  expire: number
  /** Standard base64 of the user buffer (`TLS.userbuf`), when there is one. */
  userBuf?: string
}

/** The text the HMAC covers: one `TLS.name:value` line per field, each ending in `\n`. */
export function contentToSign(fields: UserSigFields): string {
  const base = `TLS.identifier:${fields.identifier}\nTLS.sdkappid:${fields.sdkAppID}\nTLS.time:${fields.time}\nTLS.expire:${fields.expire}\n`
  return fields.userBuf === undefined ? base : `${base}TLS.userbuf:${fields.userBuf}\n`
}

// Importing the key once per secret saves a copy and a key setup on every HMAC. A server
// holds a handful of app keys, so a small cache that forgets its oldest entry is enough.
const KEY_CACHE_LIMIT = 64
const keyCache = new Map<string, KeyObject>()

function hmacKey(secretKey: string): KeyObject {
  let key = keyCache.get(secretKey)
  if (key === undefined) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value!)
    key = createSecretKey(Buffer.from(secretKey, 'utf8'))
    keyCache.set(secretKey, key)
  }
  return key
}

/** `TLS.sig`: standard base64 of HMAC-SHA256 over the content, keyed by the secret's UTF-8 bytes. */
export function signatureOf(fields: UserSigFields, secretKey: string): string {
  return createHmac('sha256', hmacKey(secretKey)).update(contentToSign(fields)).digest('base64')
}
