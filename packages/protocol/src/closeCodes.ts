// Plain constants first: `closeAction` (all a client needs) then bundles without the
// table of names below.
/** Server shutting down or restarting: reconnect (to another node) and resume. */
const GOING_AWAY = 1001
/** A message in more frames than the server's `maxFragments` (sent by `ws` itself). */
const POLICY_VIOLATION = 1008
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
  POLICY_VIOLATION,
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

/** What a client does next: reconnect (with backoff, resuming the session) or stop. */
export type CloseAction = 'reconnect' | 'stop'

const STOP_CODES: ReadonlySet<number> = new Set([
  POLICY_VIOLATION,
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

/**
 * Chatgate's own refusals that trying again cannot pass: a request the server found
 * malformed (90000 invalid frame, 90001 invalid JSON, 90002 unknown operation, 90003 frame
 * too large), 90006 invalid UserID, 90007 not the admin, 90012 too many requests (its close
 * code says stop too), 90014 UserSig revoked by an admin kick, 90015 UserSig lifetime too long.
 */
const STOP_REFUSALS: ReadonlySet<number> = /* @__PURE__ */ new Set([
  90_000, 90_001, 90_002, 90_003, 90_006, 90_007, 90_012, 90_014, 90_015,
])

/**
 * What a client does when the server refuses its login, or the login that resumes a
 * session, with this error code. `stop`: the refusal is about the app, the UserSig or the
 * account (every code from 60000 to 79999, e.g. 70001 expired, 70050 too many failed
 * logins) or one of STOP_REFUSALS, so retrying cannot help. `reconnect`: the network or a
 * timeout (2800, 2801), or the server asking to come back later (90004 login deadline,
 * 90005 registry down, 90008 shutting down, 90010 internal error, 90011 send buffer full,
 * 90013 too many logins, 90017 too many connections); unknown codes too.
 */
export function refusalAction(code: number): CloseAction {
  return (code >= 60_000 && code < 90_000) || STOP_REFUSALS.has(code) ? 'stop' : 'reconnect'
}
