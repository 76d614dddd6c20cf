import { randomBytes } from 'node:crypto'
import { ERROR_CODES, KICK_TYPES, type KickedBy } from '@chatgate/protocol'
import type * as v from 'valibot'
import { parseWith } from '../config/configError.js'
import { memoryRegistryOptionsSchema } from '../config/registryOptionsSchema.js'
import { decideAdmission } from '../policy/decideAdmission.js'
import type { AppLoginSettings, Eviction, SessionRecord } from '../policy/types.js'
import { ExpiringMap } from './expiringMap.js'
import { LOGIN_BUCKET_REFILL_MS, type LoginBucket, takeLoginToken } from './loginRate.js'
import {
  AdmissionRefusedError,
  type AdmitOptions,
  type KickReason,
  type NewSession,
  type OwnerNotice,
  RegistryUnavailableError,
  type SessionLookup,
  type SessionRegistry,
} from './types.js'

export type MemoryRegistryOptions = v.InferInput<typeof memoryRegistryOptionsSchema> & {
  /** Clock in Unix ms (tests). @default Date.now */
  now?: () => number
}

interface Tombstone extends KickReason {
  userKey: string
  sessionId: string
}

/**
 * The embedded registry for one process. Every method runs to completion without
 * awaiting, so each step is atomic with respect to every other call.
 */
export function createMemoryRegistry(options: MemoryRegistryOptions = {}): SessionRegistry {
  const { now = Date.now, ...rest } = options
  const settings = parseWith(memoryRegistryOptionsSchema, rest, 'memoryRegistry')
  const nodeId = settings.nodeId ?? `node-${randomBytes(6).toString('hex')}`
  const { tombstonesPerUser, loginsPerUserPerMinute } = settings
  /** Live sessions per `sdkAppID:userID`, in admission order. */
  const users = new Map<string, SessionRecord[]>()
  /** Session ids of each user's tombstones, oldest first: at most `tombstonesPerUser`. */
  const userTombstones = new Map<string, Set<string>>()
  /** Keyed by `sdkAppID:userID:sessionId`. */
  const tombstones = new ExpiringMap<Tombstone>(settings.tombstoneTtlMs, now, (_key, tomb) =>
    forgetTombstone(tomb),
  )
  /** Per user, the Unix second of the last REST kick: sigs issued up to it are refused. */
  const revocations = new ExpiringMap<number>(settings.revocationTtlMs, now)
  /** Per user, the successful-login bucket; a bucket untouched for a minute is full. */
  const loginBuckets = new ExpiringMap<LoginBucket>(LOGIN_BUCKET_REFILL_MS, now)
  const listeners = new Set<(notice: OwnerNotice) => void>()
  let nextOrder = 1
  let closed = false

  const userKey = (sdkAppID: number, userID: string) => `${sdkAppID}:${userID}`

  function ensureOpen(): void {
    if (closed) throw new RegistryUnavailableError('The session registry is closed.')
  }

  function forgetTombstone(tomb: Tombstone): void {
    const ids = userTombstones.get(tomb.userKey)
    ids?.delete(tomb.sessionId)
    if (ids?.size === 0) userTombstones.delete(tomb.userKey)
  }

  /** Records a kick; past `tombstonesPerUser` the user's oldest tombstone is dropped. */
  function addTombstone(session: SessionRecord, reason: KickReason): void {
    const key = userKey(session.sdkAppID, session.userID)
    const ids = userTombstones.get(key) ?? new Set()
    userTombstones.set(key, ids)
    ids.delete(session.sessionId)
    ids.add(session.sessionId)
    const tomb: Tombstone = { userKey: key, sessionId: session.sessionId, type: reason.type }
    if (reason.by) tomb.by = reason.by
    tombstones.set(`${key}:${session.sessionId}`, tomb)
    for (const oldest of ids) {
      if (ids.size <= tombstonesPerUser) break
      ids.delete(oldest)
      tombstones.delete(`${key}:${oldest}`)
    }
  }

  /** The admission's own checks, before anything changes: revoked sig, then login rate. */
  function refusal(key: string, options: AdmitOptions): number | undefined {
    const revokedUpTo = revocations.get(key)
    if (
      revokedUpTo !== undefined &&
      options.userSigIssuedAt !== undefined &&
      options.userSigIssuedAt <= revokedUpTo
    ) {
      return ERROR_CODES.USER_SIG_REVOKED
    }
    if (loginsPerUserPerMinute === undefined) return undefined
    const bucket = takeLoginToken(loginBuckets.get(key), now(), loginsPerUserPerMinute)
    if (!bucket) return ERROR_CODES.TOO_MANY_LOGINS
    loginBuckets.set(key, bucket)
    return undefined
  }

  /** Notices go to the node that owns the session, as they would across processes. */
  function notify(notice: OwnerNotice): void {
    if (notice.session.nodeId !== nodeId) return
    for (const listener of listeners) {
      try {
        listener(notice)
      } catch {
        // A failing listener must not undo a step that has already happened.
      }
    }
  }

  function removeSessions(key: string, removed: readonly SessionRecord[]): void {
    const sessions = users.get(key)
    if (!sessions) return
    const remaining = sessions.filter((s) => !removed.includes(s))
    if (remaining.length === 0) users.delete(key)
    else users.set(key, remaining)
  }

  /** Removes, tombstones, then notifies: the store is consistent before anyone hears of it. */
  function kick(evictions: readonly Eviction[]): void {
    const first = evictions[0]
    if (!first) return
    const { sdkAppID, userID } = first.session
    removeSessions(
      userKey(sdkAppID, userID),
      evictions.map((e) => e.session),
    )
    for (const eviction of evictions) addTombstone(eviction.session, eviction)
    for (const { session, type, by } of evictions) {
      const notice: OwnerNotice = { kind: 'kick', session, type, decidedAt: Date.now() }
      if (by) notice.by = by
      notify(notice)
    }
  }

  /** The kicks of `sessions`, each with `type` and, when given, `by`. */
  function evictionsOf(
    sessions: readonly SessionRecord[],
    type: KickReason['type'],
    by: KickedBy | undefined,
  ): Eviction[] {
    return sessions.map((session) => (by ? { session, type, by } : { session, type }))
  }

  function find(sdkAppID: number, userID: string, sessionId: string): SessionRecord | undefined {
    return users.get(userKey(sdkAppID, userID))?.find((s) => s.sessionId === sessionId)
  }

  function lookupNow(sdkAppID: number, userID: string, sessionId: string): SessionLookup {
    const session = find(sdkAppID, userID, sessionId)
    if (session) return { status: 'live', session: { ...session } }
    const tombstone = tombstones.get(`${userKey(sdkAppID, userID)}:${sessionId}`)
    if (!tombstone) return { status: 'unknown' }
    const { type, by } = tombstone
    return by ? { status: 'kicked', type, by } : { status: 'kicked', type }
  }

  return {
    nodeId,

    async admit(
      session: NewSession,
      settings: AppLoginSettings,
      options: AdmitOptions = {},
    ): Promise<Eviction[]> {
      ensureOpen()
      const key = userKey(session.sdkAppID, session.userID)
      const refused = refusal(key, options)
      if (refused !== undefined) throw new AdmissionRefusedError(refused)
      const existing = users.get(key)
      const admitted: SessionRecord = { ...session, order: nextOrder++ }
      // A user's first session displaces nobody: no policy to run, nothing to kick.
      if (existing === undefined) {
        users.set(key, [admitted])
        return []
      }
      // One `by` object for every eviction of this admission, shared by their tombstones.
      const by: KickedBy = { platform: session.platform, device: session.device }
      const evictions = decideAdmission(existing, session, settings).map((e) => ({ ...e, by }))
      users.set(key, [...existing, admitted])
      kick(evictions)
      return evictions.map((e) => ({ ...e, session: { ...e.session } }))
    },

    async lookup(sdkAppID, userID, sessionId) {
      ensureOpen()
      return lookupNow(sdkAppID, userID, sessionId)
    },

    async claim(sdkAppID, userID, sessionId, newNodeId, address) {
      ensureOpen()
      const session = find(sdkAppID, userID, sessionId)
      if (!session) return lookupNow(sdkAppID, userID, sessionId)
      const previous = { ...session }
      session.nodeId = newNodeId
      session.lastSeenAt = Math.max(session.lastSeenAt, now())
      if (address !== undefined) session.address = address
      notify({ kind: 'takeover', session: previous, nodeId: newNodeId })
      return { status: 'live', session: { ...session } }
    },

    async release(sdkAppID, userID, sessionId, ifNodeId) {
      ensureOpen()
      const session = find(sdkAppID, userID, sessionId)
      if (!session || (ifNodeId !== undefined && session.nodeId !== ifNodeId)) return false
      removeSessions(userKey(sdkAppID, userID), [session])
      return true
    },

    async kickSession(sdkAppID, userID, sessionId, type, by) {
      ensureOpen()
      const session = find(sdkAppID, userID, sessionId)
      if (!session) return false
      kick(evictionsOf([session], type, by))
      return true
    },

    async kickUser(sdkAppID, userID, type, options = {}) {
      ensureOpen()
      const key = userKey(sdkAppID, userID)
      if (type === KICK_TYPES.KICKED_OUT_REST_API) {
        revocations.set(key, Math.floor(now() / 1000))
      }
      const sessions = (users.get(key) ?? []).filter((s) => s.sessionId !== options.except)
      kick(evictionsOf(sessions, type, options.by))
      return sessions.map((s) => ({ ...s }))
    },

    async touch(sdkAppID, userID, sessionId, at) {
      ensureOpen()
      const session = find(sdkAppID, userID, sessionId)
      if (session && at > session.lastSeenAt) session.lastSeenAt = at
    },

    async listUser(sdkAppID, userID) {
      ensureOpen()
      const sessions = users.get(userKey(sdkAppID, userID)) ?? []
      return sessions.map((s) => ({ ...s })).sort((a, b) => a.order - b.order)
    },

    async revokedUpTo(sdkAppID, userID) {
      ensureOpen()
      return revocations.get(userKey(sdkAppID, userID))
    },

    async readiness() {
      return closed ? { ready: false, reason: 'closed' } : { ready: true }
    },

    onOwnerNotice(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },

    async close() {
      closed = true
      listeners.clear()
      users.clear()
      tombstones.clear()
      userTombstones.clear()
      revocations.clear()
      loginBuckets.clear()
    },
  }
}
