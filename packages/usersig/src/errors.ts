import { ERROR_CODES, englishMessage } from '@chatgate/protocol'

/** The codes `verifyUserSig` answers with (design.md rule 2, minus 70020 which is the server's). */
export type UserSigRejectionCode =
  | typeof ERROR_CODES.USER_SIG_EXPIRED
  | typeof ERROR_CODES.USER_SIG_EMPTY
  | typeof ERROR_CODES.USER_SIG_BAD_SIGNATURE
  | typeof ERROR_CODES.USER_SIG_OTHER_APP_KEY
  | typeof ERROR_CODES.USER_SIG_USER_ID_MISMATCH
  | typeof ERROR_CODES.USER_SIG_SDK_APP_ID_MISMATCH
  | typeof ERROR_CODES.USER_SIG_MALFORMED

/** A refused UserSig: the code and its English message, plus what exactly was wrong. */
export interface UserSigRejection {
  ok: false
  code: UserSigRejectionCode
  message: string
}

export function reject(code: UserSigRejectionCode, detail?: string): UserSigRejection {
  const message = detail === undefined ? englishMessage(code) : `${englishMessage(code)} ${detail}`
  return { ok: false, code, message }
}

/**
 * Thrown for bad options of `signUserSig` / `verifyUserSig` (a caller's bug, not a bad sig):
 * `code` is 6017 (invalid parameters) or 90006 (invalid UserID).
 */
export class UserSigError extends Error {
  readonly code: number

  constructor(code: number, detail: string) {
    super(`${englishMessage(code)} ${detail}`)
    this.name = 'UserSigError'
    this.code = code
  }
}

export function invalidOption(detail: string): UserSigError {
  return new UserSigError(ERROR_CODES.INVALID_PARAMETERS, detail)
}
