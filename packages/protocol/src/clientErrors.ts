import { ChatError } from './chatError.js'

/*
 * The codes Chatgate's client raises itself (client-side codes of the Web SDK, and
 * Chatgate's 90006 and 90009) with their English messages. They are plain constants, not members of
 * `ERROR_CODES`, so that a browser bundle gets them inlined and leaves out the server's
 * codes and messages; `ERROR_CODES` and `englishMessage` are built from these.
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

export const CLIENT_MESSAGES_EN: Record<ClientErrorCode, string> = {
  [SDK_APP_ID_MISSING]: 'SDKAppID is missing.',
  [USER_ID_MISSING]: 'UserID is missing.',
  [USER_SIG_MISSING]: 'UserSig is missing.',
  [NOT_LOGGED_IN]: 'Not logged in.',
  [NETWORK_ERROR]: 'Network error.',
  [REQUEST_TIMEOUT]: 'The request timed out.',
  [NOT_READY_LOGGING_IN]: 'Not ready: logging in.',
  [NOT_READY_LOGIN_FAILED]: 'Not ready: the login failed.',
  [NOT_READY_KICKED_MULTIPLE_DEVICE]:
    'Not ready: kicked out because the account logged in on another device.',
  [NOT_READY_KICKED_MULTIPLE_ACCOUNT]:
    'Not ready: kicked out because the account logged in on another page.',
  [NOT_READY_USER_SIG_EXPIRED]: 'Not ready: the UserSig expired.',
  [NOT_READY_LOGGED_OUT]: 'Not ready: logged out.',
  [NOT_READY_KICKED_REST_API]: 'Not ready: kicked out by the server admin.',
  [INVALID_PARAMETERS]: 'Invalid parameters.',
  [CLIENT_USER_SIG_EXPIRED]: 'The UserSig has expired.',
  [USER_ID_INVALID]: 'A UserID is 1–32 characters of letters, digits, _ and -.',
  [CLIENT_DESTROYED]: 'This client was destroyed.',
}

/** `chatError` for client codes only, so a client bundle needs no server messages. */
export function clientError(
  code: ClientErrorCode,
  message: string = CLIENT_MESSAGES_EN[code],
): ChatError {
  return new ChatError(code, message)
}
