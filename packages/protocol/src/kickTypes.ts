import {
  type ClientErrorCode,
  NOT_READY_KICKED_MULTIPLE_ACCOUNT,
  NOT_READY_KICKED_MULTIPLE_DEVICE,
  NOT_READY_KICKED_REST_API,
  NOT_READY_SESSION_ENDED,
  NOT_READY_USER_SIG_EXPIRED,
} from './clientCodes.js'

/**
 * KICKED_OUT event types: TencentCloudChat's four, with its string values and meanings, and
 * Chatgate's `sessionEnded` — the user ended this session from another of their sessions
 * (`endSession` / `endOtherSessions`), which TencentCloudChat has no type for.
 */
export const KICK_TYPES = {
  KICKED_OUT_MULT_ACCOUNT: 'multipleAccount',
  KICKED_OUT_MULT_DEVICE: 'multipleDevice',
  KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired',
  KICKED_OUT_REST_API: 'REST_API_Kick',
  KICKED_OUT_SESSION_ENDED: 'sessionEnded',
} as const

export type KickType = (typeof KICK_TYPES)[keyof typeof KICK_TYPES]

export const KICK_TYPE_VALUES: readonly KickType[] = /* @__PURE__ */ Object.values(KICK_TYPES)

export function isKickType(value: unknown): value is KickType {
  return KICK_TYPE_VALUES.includes(value as KickType)
}

const NOT_READY_CODES: Record<KickType, ClientErrorCode> = {
  multipleDevice: NOT_READY_KICKED_MULTIPLE_DEVICE,
  multipleAccount: NOT_READY_KICKED_MULTIPLE_ACCOUNT,
  userSigExpired: NOT_READY_USER_SIG_EXPIRED,
  REST_API_Kick: NOT_READY_KICKED_REST_API,
  sessionEnded: NOT_READY_SESSION_ENDED,
}

/** The not-ready code a call made after a kick rejects with. */
export function notReadyCodeForKick(type: KickType): ClientErrorCode {
  return NOT_READY_CODES[type]
}
