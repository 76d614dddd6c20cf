import {
  type ClientErrorCode,
  NOT_READY_KICKED_MULTIPLE_ACCOUNT,
  NOT_READY_KICKED_MULTIPLE_DEVICE,
  NOT_READY_KICKED_REST_API,
  NOT_READY_USER_SIG_EXPIRED,
} from './clientCodes.js'

/** KICKED_OUT event types, with TencentCloudChat's string values. */
export const KICK_TYPES = {
  KICKED_OUT_MULT_ACCOUNT: 'multipleAccount',
  KICKED_OUT_MULT_DEVICE: 'multipleDevice',
  KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired',
  KICKED_OUT_REST_API: 'REST_API_Kick',
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
}

/** The not-ready code a call made after a kick rejects with. */
export function notReadyCodeForKick(type: KickType): ClientErrorCode {
  return NOT_READY_CODES[type]
}
