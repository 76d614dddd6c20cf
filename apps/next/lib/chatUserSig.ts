import { ERROR_CODES, isValidUserID } from '@chatgate/protocol'
import { signUserSig } from '@chatgate/usersig'
import type { ChatServerConfig } from './chatConfig'

/** UserSigs live an hour; the client renews them in place through `getUserSig`. */
export const USER_SIG_SECONDS = 60 * 60

export type SignOutcome =
  | { ok: true; userSig: string }
  | { ok: false; status: number; code: number; message?: string }

/**
 * Signs a UserSig for an app user. Never for the app's admin: an admin sig would open the
 * login server's REST API (kick anyone, list who is online) to whoever holds it.
 */
export function signChatUserSig(userID: unknown, config: ChatServerConfig): SignOutcome {
  if (!isValidUserID(userID)) return { ok: false, status: 400, code: ERROR_CODES.USER_ID_INVALID }
  if (userID === config.admin) {
    return {
      ok: false,
      status: 403,
      code: ERROR_CODES.INVALID_PARAMETERS,
      message: 'This app does not sign UserSigs for the admin identifier.',
    }
  }
  const userSig = signUserSig({
    sdkAppID: config.SDKAppID,
    secretKey: config.secretKey,
    userID,
    expireSeconds: USER_SIG_SECONDS,
  })
  return { ok: true, userSig }
}
