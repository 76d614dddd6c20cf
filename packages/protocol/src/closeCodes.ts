// Plain constants first: `closeAction` (all a client needs) then bundles without the
// table of names below.
/** Server shutting down or restarting: reconnect (to another node) and resume. */
const GOING_AWAY = 1001
/** A frame over 16 KiB (sent by `ws` itself). */
const MESSAGE_TOO_BIG = 1009
/** Unexpected server error. */
const INTERNAL_ERROR = 1011
/** Dependency unavailable (session registry down): try again later. */
const TRY_AGAIN_LATER = 1013
/** The session was kicked; a `kicked` message precedes the close. */
const KICKED = 4001
/** The client logged out. */
const LOGGED_OUT = 4002
/** The login was refused (bad UserSig, unknown app, …); an `error` message precedes it. */
const LOGIN_REFUSED = 4003
/** A malformed frame: invalid JSON or a message of the wrong shape. */
const PROTOCOL_ERROR = 4004
/** Too many failed logins from this address or for this UserID. */
const RATE_LIMITED = 4005
/** No login arrived within the deadline after connecting. */
const LOGIN_TIMEOUT = 4008
/**
 * More was waiting to be sent than the connection's cap (the client stopped reading): the
 * server dropped the socket to protect itself. The session may live on: reconnect and resume.
 */
const SEND_BUFFER_FULL = 4009
/** The connection kept sending requests past its rate limit (an `error` 90012 came first). */
const TOO_MANY_REQUESTS = 4010

/**
 * WebSocket close codes the server uses, grouped by what a client must do next.
 * `reconnect`: the session may still be alive; reconnect with backoff and resume.
 * `stop`: the session is over (or the client is broken); never reconnect by itself.
 */
export const CLOSE_CODES = {
  GOING_AWAY,
  MESSAGE_TOO_BIG,
  INTERNAL_ERROR,
  TRY_AGAIN_LATER,
  KICKED,
  LOGGED_OUT,
  LOGIN_REFUSED,
  PROTOCOL_ERROR,
  RATE_LIMITED,
  LOGIN_TIMEOUT,
  SEND_BUFFER_FULL,
  TOO_MANY_REQUESTS,
} as const

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES]

export type CloseAction = 'reconnect' | 'stop'

const STOP_CODES: ReadonlySet<number> = new Set([
  MESSAGE_TOO_BIG,
  KICKED,
  LOGGED_OUT,
  LOGIN_REFUSED,
  PROTOCOL_ERROR,
  RATE_LIMITED,
  TOO_MANY_REQUESTS,
])

/** What a client does after a close with this code. Unknown codes (1006 etc.) reconnect. */
export function closeAction(code: number): CloseAction {
  return STOP_CODES.has(code) ? 'stop' : 'reconnect'
}
