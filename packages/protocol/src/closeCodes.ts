/**
 * WebSocket close codes the server uses, grouped by what a client must do next.
 * `reconnect`: the session may still be alive; reconnect with backoff and resume.
 * `stop`: the session is over (or the client is broken); never reconnect by itself.
 */
export const CLOSE_CODES = {
  /** Server shutting down or restarting: reconnect (to another node) and resume. */
  GOING_AWAY: 1001,
  /** A frame over 16 KiB (sent by `ws` itself). */
  MESSAGE_TOO_BIG: 1009,
  /** Unexpected server error. */
  INTERNAL_ERROR: 1011,
  /** Dependency unavailable (session registry down): try again later. */
  TRY_AGAIN_LATER: 1013,
  /** The session was kicked; a `kicked` message precedes the close. */
  KICKED: 4001,
  /** The client logged out. */
  LOGGED_OUT: 4002,
  /** The login was refused (bad UserSig, unknown app, …); an `error` message precedes it. */
  LOGIN_REFUSED: 4003,
  /** A malformed frame: invalid JSON or a message of the wrong shape. */
  PROTOCOL_ERROR: 4004,
  /** Too many failed logins from this address or for this UserID. */
  RATE_LIMITED: 4005,
  /** No login arrived within the deadline after connecting. */
  LOGIN_TIMEOUT: 4008,
} as const

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES]

export type CloseAction = 'reconnect' | 'stop'

const STOP_CODES: ReadonlySet<number> = new Set([
  CLOSE_CODES.MESSAGE_TOO_BIG,
  CLOSE_CODES.KICKED,
  CLOSE_CODES.LOGGED_OUT,
  CLOSE_CODES.LOGIN_REFUSED,
  CLOSE_CODES.PROTOCOL_ERROR,
  CLOSE_CODES.RATE_LIMITED,
])

/** What a client does after a close with this code. Unknown codes (1006 etc.) reconnect. */
export function closeAction(code: number): CloseAction {
  return STOP_CODES.has(code) ? 'stop' : 'reconnect'
}
