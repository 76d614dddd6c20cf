import type { ChatError, KickedBy, KickType, LoginStatus, NetState } from '@chatgate/protocol'

/** The last kick this client received, kept until the next login. */
export interface KickInfo {
  type: KickType
  /** The UserID that was kicked (the snapshot's `userID` is '' by then). */
  userID: string
  /** Unix ms when the kick arrived. */
  at: number
  /** The user's other session that caused the kick; absent for expiry and the admin's kick. */
  by?: KickedBy
}

/**
 * Everything UI code needs about a client, as one immutable object. A new object is made
 * only when something in it changed, so `useSyncExternalStore` can compare by identity.
 */
export interface ChatSnapshot {
  /** V2TIM values: 1 logged in, 2 logging in, 3 logged out. */
  loginStatus: LoginStatus
  /** The logged-in (or logging-in) UserID; '' when logged out. */
  userID: string
  /** True between SDK_READY and SDK_NOT_READY. */
  ready: boolean
  netState: NetState
  /** The last kick, or null; cleared by the next successful login. */
  kick: KickInfo | null
  /** The last failure (login refused, network error), or null. */
  error: ChatError | null
  /** Unix ms when the current UserSig expires, or null when logged out. */
  userSigExpiresAt: number | null
}
