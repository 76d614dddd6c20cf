import { createHmac, timingSafeEqual } from 'node:crypto'
import { isValidUserID } from '@chatgate/protocol'

/** The cookie that stands in for the app's own sign-in. */
export const APP_SESSION_COOKIE = 'app-session'

/** How long the app's sign-in lasts. */
export const APP_SESSION_SECONDS = 7 * 24 * 60 * 60

function mac(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`app-session:${payload}`).digest()
}

/** `userID.expiresAt.mac`: small, stateless, and useless without the secret. */
export function createAppSession(userID: string, secret: string, nowMs = Date.now()): string {
  const payload = `${userID}.${Math.floor(nowMs / 1000) + APP_SESSION_SECONDS}`
  return `${payload}.${mac(payload, secret).toString('base64url')}`
}

/** The signed-in UserID, or null for a missing, forged or expired cookie. */
export function readAppSession(
  value: string | undefined,
  secret: string,
  nowMs = Date.now(),
): string | null {
  const [userID, expiresAt, signature, ...rest] = (value ?? '').split('.')
  if (rest.length > 0 || !userID || !expiresAt || !signature) return null
  const given = Buffer.from(signature, 'base64url')
  const expected = mac(`${userID}.${expiresAt}`, secret)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  if (Number(expiresAt) * 1000 <= nowMs) return null
  return isValidUserID(userID) ? userID : null
}
