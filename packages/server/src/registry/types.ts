import { englishMessage, type KickedBy, type KickType } from '@chatgate/protocol'
import type { AppLoginSettings, Eviction, SessionRecord } from '../policy/types.js'

/** A session as it is handed to the registry, before it has an admission order. */
export type NewSession = Omit<SessionRecord, 'order'>

/**
 * How a session was kicked, as its client is told (at once, or on a later resume from
 * the tombstone): the type, and the user's other session that caused it, if one did.
 */
export interface KickReason {
  type: KickType
  by?: KickedBy
}

/** What a resume finds for a session id. */
export type SessionLookup =
  | { status: 'live'; session: SessionRecord }
  | ({ status: 'kicked' } & KickReason)
  | { status: 'unknown' }

/** What `kickUser` kicks besides its type. */
export interface KickUserOptions {
  /** The session id to leave alone: the caller of `endOtherSessions`. */
  except?: string
  /** The user's session that asked for the kick. */
  by?: KickedBy
}

/**
 * Something the registry tells the node that owns a session.
 * - `kick`: the session was evicted or kicked; send `kicked` once and close.
 * - `takeover`: the same client resumed the session on another socket (maybe another
 *   node); drop the stale socket silently.
 */
export type OwnerNotice =
  /** `decidedAt`: Unix ms of the decision, for the kick latency (absent when learnt late, in a repair). */
  | ({ kind: 'kick'; session: SessionRecord; decidedAt?: number } & KickReason)
  | { kind: 'takeover'; session: SessionRecord; nodeId: string }

/** What the admission step checks besides the policy. */
export interface AdmitOptions {
  /**
   * `TLS.time` of the UserSig the login presented, Unix seconds. A sig issued at or
   * before the user's last REST kick is refused with `AdmissionRefusedError` 90014.
   */
  userSigIssuedAt?: number
}

/**
 * Why the registry's store cannot be used: Redis refused the password (`auth_failed`) or
 * wants one the URL lacks (`no_password`), nothing listens there (`refused`), the host is
 * unknown (`unknown_host`), it does not answer in time (`timeout`), the connection was
 * closed (`closed`), the URL's database does not exist (`database`), anything else (`error`).
 */
export type RegistryDownReason =
  | 'auth_failed'
  | 'no_password'
  | 'refused'
  | 'unknown_host'
  | 'timeout'
  | 'closed'
  | 'database'
  | 'error'

/**
 * A change of the registry's link to its store, reported once per change:
 * - `lost`: it cannot be used any more (why, and the store's own words);
 * - `back`: it can again, after `downMs`;
 * - `dataLost`: the store came back empty (a restart without persistence); the node
 *   re-registers its sessions;
 * - `rebuilt`: it has, `sessions` of them.
 */
export type RegistryHealthChange =
  | { kind: 'lost'; reason: RegistryDownReason; error: string }
  | { kind: 'back'; downMs: number }
  | { kind: 'dataLost' }
  | { kind: 'rebuilt'; sessions: number }

/** Whether this registry would serve an admission now, and if not, why. */
export type RegistryReadiness =
  | { ready: true }
  | { ready: false; reason: 'closed' | 'unavailable' | 'rebuilding' }

/**
 * Where sessions live: in memory for one process, in Redis for several nodes.
 * Every method is async so a networked store fits; every mutating method is atomic per
 * user. Implementations record a tombstone for every kicked session so that a client
 * that comes back later learns the original kick type (it is never resurrected).
 */
export interface SessionRegistry {
  readonly nodeId: string
  /**
   * Admits a new session: reads the user's sessions, asks the policy engine whom the
   * newcomer pushes out, stores the newcomer and removes (and tombstones) the evicted,
   * all as one atomic step. Owners of evicted sessions get a `kick` notice whose `by` is the
   * newcomer's platform and device (and so do their tombstones).
   * In the same step it refuses (`AdmissionRefusedError`) a login whose UserSig was
   * issued at or before the user's last REST kick (90014) and a user past the successful
   * logins allowed per minute (90013); a refused login changes nothing.
   * Rejects with a `RegistryUnavailableError` when the store cannot be reached.
   */
  admit(
    session: NewSession,
    settings: AppLoginSettings,
    options?: AdmitOptions,
  ): Promise<Eviction[]>
  /** Finds a session for a resume: live, kicked (tombstone) or unknown. */
  lookup(sdkAppID: number, userID: string, sessionId: string): Promise<SessionLookup>
  /**
   * Moves a live session to `nodeId` (resume), seen now, from `address` when given.
   * Returns the session, or a lookup saying why it cannot be claimed. The previous owner
   * gets a `takeover` notice if it differs or if it is this node.
   */
  claim(
    sdkAppID: number,
    userID: string,
    sessionId: string,
    nodeId: string,
    address?: string,
  ): Promise<SessionLookup>
  /**
   * Removes a session without a kick (logout, grace period over). With `ifNodeId`, only
   * when that node still owns it (a grace timer must not free a session resumed elsewhere).
   */
  release(sdkAppID: number, userID: string, sessionId: string, ifNodeId?: string): Promise<boolean>
  /**
   * Kicks one session (UserSig expiry, or `endSession` with `by`); tombstones it and
   * notifies its owner. Returns whether it was live.
   */
  kickSession(
    sdkAppID: number,
    userID: string,
    sessionId: string,
    type: KickType,
    by?: KickedBy,
  ): Promise<boolean>
  /**
   * Kicks every session of a user (but `options.except`); returns the sessions kicked.
   * With `REST_API_Kick` (the admin REST kick) it also revokes, in the same step, every
   * UserSig of the user issued up to this second, for as long as the longest UserSig
   * accepted lives.
   */
  kickUser(
    sdkAppID: number,
    userID: string,
    type: KickType,
    options?: KickUserOptions,
  ): Promise<SessionRecord[]>
  /**
   * The user's live sessions (in grace ones included), earliest first, each with the
   * latest `lastSeenAt` any node recorded.
   */
  listUser(sdkAppID: number, userID: string): Promise<SessionRecord[]>
  /**
   * Records that a live session was seen at `at` (Unix ms). Callers rate it (at most once
   * a minute per session): it is a write, but no change of the user (no version, no notice).
   */
  touch(sdkAppID: number, userID: string, sessionId: string, at: number): Promise<void>
  /**
   * The Unix second up to which the user's UserSigs are revoked by a REST kick, while that
   * revocation is kept; undefined when there is none. Renewals and resumes check it (their
   * session outlived every kick since its admission, so no atomic step is needed).
   */
  revokedUpTo(sdkAppID: number, userID: string): Promise<number | undefined>
  /** Subscribes to notices about sessions this node owns. Returns an unsubscribe. */
  onOwnerNotice(listener: (notice: OwnerNotice) => void): () => void
  /** Whether an admission would be served now (registry reachable, not rebuilding, open). */
  readiness(): Promise<RegistryReadiness>
  /**
   * Subscribes to sessions this node took over from a node that stopped or died (design.md
   * rule 35): they have no socket here; hold each for its app's grace period from now, then
   * release it. Returns an unsubscribe. Without a subscriber a registry releases such
   * sessions at once. A registry of one process (memory) never has any.
   */
  onAdoptedSession?(listener: (session: SessionRecord) => void): () => void
  /** Subscribes to changes of the link to the store (rule 36). Returns an unsubscribe. */
  onHealthChange?(listener: (change: RegistryHealthChange) => void): () => void
  /** Stops timers and connections; safe to call twice. */
  close(): Promise<void>
}

/** Thrown (rejected) when the backing store cannot be reached; maps to code 90005. */
export class RegistryUnavailableError extends Error {
  override readonly name = 'RegistryUnavailableError'
}

/** An admission the registry refused: `code` is 90013 (too many logins) or 90014 (UserSig revoked). */
export class AdmissionRefusedError extends Error {
  override readonly name = 'AdmissionRefusedError'
  constructor(readonly code: number) {
    super(englishMessage(code))
  }
}
