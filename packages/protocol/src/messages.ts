import type { KickedBy } from './device.js'
import type { KickType } from './kickTypes.js'
import type { Platform } from './platforms.js'

/**
 * Wire messages: one JSON object per WebSocket text frame, told apart by `op`.
 * Requests carry a `seq` the reply echoes, so a client can match replies to requests.
 */

/** First frame of a connection. With `resume`, re-attaches a session kept after a drop. */
export interface LoginRequest {
  op: 'login'
  seq: number
  sdkAppID: number
  userID: string
  userSig: string
  platform: Platform
  /** The `sessionId` of an earlier `ready`, to resume that session instead of a new login. */
  resume?: string
  /** What the user's session list calls this device ("Chrome on macOS"); see isValidDevice. */
  device?: string
}

/** Replaces the session's UserSig in place, without reconnecting. */
export interface RenewRequest {
  op: 'renew'
  seq: number
  userSig: string
}

/** Ends the session and frees its slot. */
export interface LogoutRequest {
  op: 'logout'
  seq: number
}

/** Application-level heartbeat: browsers cannot send WebSocket pings. */
export interface PingRequest {
  op: 'ping'
  seq: number
}

/** Lists the sessions of the logged-in user, on every node. */
export interface GetSessionsRequest {
  op: 'getSessions'
  seq: number
}

/** Ends one of the user's other sessions, by the `sessionID` its listing gave. */
export interface EndSessionRequest {
  op: 'endSession'
  seq: number
  sessionID: string
}

/** Ends every session of the user but this one. */
export interface EndOtherSessionsRequest {
  op: 'endOtherSessions'
  seq: number
}

export type ClientMessage =
  | LoginRequest
  | RenewRequest
  | LogoutRequest
  | PingRequest
  | GetSessionsRequest
  | EndSessionRequest
  | EndOtherSessionsRequest
export type ClientOp = ClientMessage['op']

export interface ReadyReply {
  op: 'ready'
  seq: number
  sessionId: string
  userID: string
  /** When the session's UserSig expires, in Unix milliseconds. */
  expiresAt: number
  /** True when an existing session was re-attached (no new SDK_READY on the client). */
  resumed: boolean
}

export interface RenewedReply {
  op: 'renewed'
  seq: number
  expiresAt: number
}

export interface LoggedOutReply {
  op: 'loggedOut'
  seq: number
}

export interface PongReply {
  op: 'pong'
  seq: number
}

/** One session of a user, as their session list shows it. Times are Unix milliseconds. */
export interface SessionInfo {
  /** Opaque and random: names the session for `endSession`, and cannot resume it. */
  sessionID: string
  platform: Platform
  /** The login's device label, or '' when it gave none. */
  device: string
  loginTime: number
  /** When the session was last seen: coarse, refreshed at most once a minute or on resume. */
  lastActiveTime: number
  /** The client's address as the server saw it (behind `trustProxy`, the forwarded one). */
  address: string
  /** True for the session that asked. */
  current: boolean
}

export interface SessionsReply {
  op: 'sessions'
  seq: number
  sessions: SessionInfo[]
}

/** Answers `endSession` and `endOtherSessions`: how many sessions were ended. */
export interface SessionsEndedReply {
  op: 'sessionsEnded'
  seq: number
  ended: number
}

/** Sent once to a kicked session, just before the close with code KICKED. */
export interface KickedNotice {
  op: 'kicked'
  type: KickType
  /** The user's other session that caused the kick; absent for expiry and the admin's kick. */
  by?: KickedBy
}

/** A refused request (with its `seq`) or a connection-level error (without). */
export interface ErrorReply {
  op: 'error'
  seq?: number
  code: number
  message: string
}

export type ServerMessage =
  | ReadyReply
  | RenewedReply
  | LoggedOutReply
  | PongReply
  | SessionsReply
  | SessionsEndedReply
  | KickedNotice
  | ErrorReply
export type ServerOp = ServerMessage['op']
