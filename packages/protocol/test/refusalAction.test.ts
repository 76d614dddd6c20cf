import { describe, expect, it } from 'vitest'
import { type CloseAction, ERROR_CODES, type ErrorCodeName, refusalAction } from '../src/index.js'

// Every code, classified by hand: a code added to ERROR_CODES fails to typecheck here
// until someone decides whether a client retries after it.
const EXPECTED: Record<ErrorCodeName, CloseAction> = {
  SDK_APP_ID_MISSING: 'reconnect',
  USER_ID_MISSING: 'reconnect',
  USER_SIG_MISSING: 'reconnect',
  NOT_LOGGED_IN: 'reconnect',
  LOGIN_IN_PROGRESS: 'reconnect',
  NETWORK_ERROR: 'reconnect',
  REQUEST_TIMEOUT: 'reconnect',
  NO_NETWORK: 'reconnect',
  SDK_NOT_READY: 'reconnect',
  NOT_READY_LOGGING_IN: 'reconnect',
  NOT_READY_LOGIN_FAILED: 'reconnect',
  NOT_READY_KICKED_MULTIPLE_DEVICE: 'reconnect',
  NOT_READY_KICKED_MULTIPLE_ACCOUNT: 'reconnect',
  NOT_READY_USER_SIG_EXPIRED: 'reconnect',
  NOT_READY_LOGGED_OUT: 'reconnect',
  NOT_READY_KICKED_REST_API: 'reconnect',
  INVALID_PARAMETERS: 'reconnect',
  CLIENT_USER_SIG_EXPIRED: 'reconnect',
  APP_DISABLED: 'stop',
  USER_SIG_EXPIRED: 'stop',
  USER_SIG_EMPTY: 'stop',
  USER_SIG_BAD_SIGNATURE: 'stop',
  USER_SIG_BAD_SIGNATURE_ALT: 'stop',
  USER_SIG_OTHER_APP_KEY: 'stop',
  USER_SIG_USER_ID_MISMATCH: 'stop',
  USER_SIG_SDK_APP_ID_MISMATCH: 'stop',
  APP_KEY_NOT_FOUND: 'stop',
  SDK_APP_ID_NOT_FOUND: 'stop',
  TOO_MANY_FAILED_LOGINS: 'stop',
  ACCOUNT_BLOCKLISTED: 'stop',
  USER_SIG_MALFORMED: 'stop',
  INVALID_FRAME: 'stop',
  INVALID_JSON: 'stop',
  UNKNOWN_OPERATION: 'stop',
  FRAME_TOO_LARGE: 'stop',
  LOGIN_TIMEOUT: 'reconnect',
  REGISTRY_UNAVAILABLE: 'reconnect',
  USER_ID_INVALID: 'stop',
  NOT_ADMIN: 'stop',
  SERVER_SHUTTING_DOWN: 'reconnect',
  CLIENT_DESTROYED: 'reconnect',
  INTERNAL_ERROR: 'reconnect',
  SEND_BUFFER_FULL: 'reconnect',
  TOO_MANY_REQUESTS: 'stop',
  TOO_MANY_LOGINS: 'reconnect',
  USER_SIG_REVOKED: 'stop',
  USER_SIG_LIFETIME_TOO_LONG: 'stop',
  TOO_MANY_CONNECTIONS: 'reconnect',
  // Answers to session requests, never to a login: nothing for a login to stop on.
  NOT_READY_SESSION_ENDED: 'reconnect',
  NO_SUCH_SESSION: 'reconnect',
  CURRENT_SESSION: 'reconnect',
}

describe('refusalAction', () => {
  it.each(Object.entries(EXPECTED))(
    'after %s a client does what the table says',
    (name, action) => {
      expect(refusalAction(ERROR_CODES[name as ErrorCodeName])).toBe(action)
    },
  )

  it('retries codes it does not know, as closeAction reconnects after unknown close codes', () => {
    expect(refusalAction(99_999)).toBe('reconnect')
    expect(refusalAction(1234)).toBe('reconnect')
  })
})
