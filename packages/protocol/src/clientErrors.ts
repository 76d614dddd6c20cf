import { ChatError } from './chatError.js'
import {
  CLIENT_DESTROYED,
  CLIENT_USER_SIG_EXPIRED,
  type ClientErrorCode,
  INVALID_PARAMETERS,
  NETWORK_ERROR,
  NOT_LOGGED_IN,
  NOT_READY_KICKED_MULTIPLE_ACCOUNT,
  NOT_READY_KICKED_MULTIPLE_DEVICE,
  NOT_READY_KICKED_REST_API,
  NOT_READY_LOGGED_OUT,
  NOT_READY_LOGGING_IN,
  NOT_READY_LOGIN_FAILED,
  NOT_READY_SESSION_ENDED,
  NOT_READY_USER_SIG_EXPIRED,
  REQUEST_TIMEOUT,
  SDK_APP_ID_MISSING,
  USER_ID_INVALID,
  USER_ID_MISSING,
  USER_SIG_MISSING,
} from './clientCodes.js'

/*
 * The codes Chatgate's client raises itself (client-side codes of the Web SDK, and
 * Chatgate's 90006, 90009 and 90018) with their English messages. They are plain constants, not members of
 * `ERROR_CODES`, so that a browser bundle gets them inlined and leaves out the server's
 * codes and messages; `ERROR_CODES` and `englishMessage` are built from these.
 */
export const CLIENT_MESSAGES_EN: Record<ClientErrorCode, string> = {
  [SDK_APP_ID_MISSING]: 'SDKAppID is missing.',
  [USER_ID_MISSING]: 'UserID is missing.',
  [USER_SIG_MISSING]: 'UserSig is missing.',
  [NOT_LOGGED_IN]: 'Not logged in.',
  [NETWORK_ERROR]: 'Network error.',
  [REQUEST_TIMEOUT]: 'Request timed out.',
  [NOT_READY_LOGGING_IN]: 'Not ready: logging in.',
  [NOT_READY_LOGIN_FAILED]: 'Not ready: login failed.',
  [NOT_READY_KICKED_MULTIPLE_DEVICE]: 'Not ready: kicked out by a login on another device.',
  [NOT_READY_KICKED_MULTIPLE_ACCOUNT]: 'Not ready: kicked out by a login on another page.',
  [NOT_READY_USER_SIG_EXPIRED]: 'Not ready: UserSig expired.',
  [NOT_READY_LOGGED_OUT]: 'Not ready: logged out.',
  [NOT_READY_KICKED_REST_API]: 'Not ready: kicked out by the admin.',
  [INVALID_PARAMETERS]: 'Invalid parameters.',
  [CLIENT_USER_SIG_EXPIRED]: 'UserSig expired.',
  [USER_ID_INVALID]: 'A UserID is 1–32 letters, digits, _ or -.',
  [CLIENT_DESTROYED]: 'Client destroyed.',
  [NOT_READY_SESSION_ENDED]: 'Not ready: signed out from another of your devices.',
}

/** `chatError` for client codes only, so a client bundle needs no server messages. */
export function clientError(
  code: ClientErrorCode,
  message: string = CLIENT_MESSAGES_EN[code],
): ChatError {
  return new ChatError(code, message)
}
