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

export type ClientMessage = LoginRequest | RenewRequest | LogoutRequest | PingRequest
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

/** Sent once to a kicked session, just before the close with code KICKED. */
export interface KickedNotice {
  op: 'kicked'
  type: KickType
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
  | KickedNotice
  | ErrorReply
export type ServerOp = ServerMessage['op']
