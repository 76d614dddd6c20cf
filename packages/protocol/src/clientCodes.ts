/*
 * The codes Chatgate's client raises itself: client-side codes of the Web SDK, and
 * Chatgate's 90006, 90009 and 90018. Plain constants in a module that imports nothing, so that a
 * bundler inlines them where they are used (an import here would stop it) and leaves out
 * the server's codes; `ERROR_CODES` is built from these.
 */
export const SDK_APP_ID_MISSING = 2000
export const USER_ID_MISSING = 2002
export const USER_SIG_MISSING = 2003
export const NOT_LOGGED_IN = 2024
export const NETWORK_ERROR = 2800
export const REQUEST_TIMEOUT = 2801
export const NOT_READY_LOGGING_IN = 3000
export const NOT_READY_LOGIN_FAILED = 3001
export const NOT_READY_KICKED_MULTIPLE_DEVICE = 3002
export const NOT_READY_KICKED_MULTIPLE_ACCOUNT = 3003
export const NOT_READY_USER_SIG_EXPIRED = 3004
export const NOT_READY_LOGGED_OUT = 3005
export const NOT_READY_KICKED_REST_API = 3006
export const INVALID_PARAMETERS = 6017
export const CLIENT_USER_SIG_EXPIRED = 6206
export const USER_ID_INVALID = 90006
export const CLIENT_DESTROYED = 90009
/** Not ready: the user ended this session from another of their devices (kick type `sessionEnded`). */
export const NOT_READY_SESSION_ENDED = 90018

export type ClientErrorCode =
  | typeof SDK_APP_ID_MISSING
  | typeof USER_ID_MISSING
  | typeof USER_SIG_MISSING
  | typeof NOT_LOGGED_IN
  | typeof NETWORK_ERROR
  | typeof REQUEST_TIMEOUT
  | typeof NOT_READY_LOGGING_IN
  | typeof NOT_READY_LOGIN_FAILED
  | typeof NOT_READY_KICKED_MULTIPLE_DEVICE
  | typeof NOT_READY_KICKED_MULTIPLE_ACCOUNT
  | typeof NOT_READY_USER_SIG_EXPIRED
  | typeof NOT_READY_LOGGED_OUT
  | typeof NOT_READY_KICKED_REST_API
  | typeof INVALID_PARAMETERS
  | typeof CLIENT_USER_SIG_EXPIRED
  | typeof USER_ID_INVALID
  | typeof CLIENT_DESTROYED
  | typeof NOT_READY_SESSION_ENDED
