import { ERROR_CODES, englishMessage } from '@chatgate/protocol'
import { type VerifiedUserSig, verifyUserSig } from '@chatgate/usersig'
import type { AppConfig } from './config.js'

/** What the server holds every UserSig to, beside the app's key. */
export interface UserSigRules {
  /** Unix ms. */
  now: () => number
  /** Seconds a sig's issue time may lie in the future (clock drift of the signer). */
  clockSkewSeconds: number
  /** Longest lifetime (`TLS.expire`) accepted; longer ones are refused with 90015. */
  maxUserSigSeconds: number
}

export type AppUserSigResult = VerifiedUserSig | { ok: false; code: number; message: string }

/**
 * The one check of a UserSig presented to this server, for a login, a renewal or an admin
 * REST call: valid for this app and this UserID now (its 70xxx code otherwise), and not
 * living longer than `maxUserSigSeconds` (90015). A lifetime so absurd that its expiry
 * passes JavaScript's safe integers is refused the same way rather than rounded.
 */
export function verifyAppUserSig(
  app: AppConfig,
  userSig: unknown,
  userID: string,
  rules: UserSigRules,
): AppUserSigResult {
  const verified = verifyUserSig(userSig, {
    sdkAppID: app.SDKAppID,
    secretKey: app.secretKey,
    userID,
    now: Math.floor(rules.now() / 1000),
    clockSkewSeconds: rules.clockSkewSeconds,
  })
  if (!verified.ok) return verified
  const lifetime = verified.expiresAt - verified.issuedAt
  if (!Number.isSafeInteger(verified.expiresAt) || lifetime > rules.maxUserSigSeconds) {
    const code = ERROR_CODES.USER_SIG_LIFETIME_TOO_LONG
    return {
      ok: false,
      code,
      message: `${englishMessage(code)} The longest accepted is ${rules.maxUserSigSeconds} seconds.`,
    }
  }
  return verified
}
