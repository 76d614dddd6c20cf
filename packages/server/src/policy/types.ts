import type { KickedBy, KickType, LoginPolicy, Platform } from '@chatgate/protocol'

/** An app's login settings, after config validation and defaults. */
export interface AppLoginSettings {
  policy: LoginPolicy
  /** Instances allowed online per user per platform (web 1–10, others 1–3). */
  maxInstances: Readonly<Record<Platform, number>>
}

/** One logged-in instance of a user, as the registry stores it. */
export interface SessionRecord {
  /** Unguessable id (128 random bits); also the client's token to resume the session. */
  sessionId: string
  sdkAppID: number
  userID: string
  platform: Platform
  /** The node whose socket serves (or last served) this session. */
  nodeId: string
  /** Admission order within the user, assigned by the registry: lower logged in earlier. */
  order: number
  /** Unix ms of admission, for display and metrics. */
  loginAt: number
  /**
   * The `sessionID` the user's session list shows: random, and unrelated to `sessionId`,
   * so that showing it (or guessing at it) can never resume the session.
   */
  publicId: string
  /** The login's device label, '' when it named none. */
  device: string
  /** The client's address as the node saw it at login (after `trustProxy`). */
  address: string
  /**
   * Unix ms the session was last seen: its login, its last resume, or traffic, refreshed at
   * most once a minute (`touch`), so a busy session costs no write per frame.
   */
  lastSeenAt: number
}

/** A session the policy pushes out, and the kick type its client is told. */
export interface Eviction {
  session: SessionRecord
  type: KickType
  /** The user's session that caused it (the newcomer), when the kick names one. */
  by?: KickedBy
}
