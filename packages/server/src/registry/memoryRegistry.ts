import { randomBytes } from 'node:crypto'
import type { KickType } from '@chatgate/protocol'
import type * as v from 'valibot'
import { parseWith } from '../config/configError.js'
import { memoryRegistryOptionsSchema } from '../config/registryOptionsSchema.js'
import { decideAdmission } from '../policy/decideAdmission.js'
import type { AppLoginSettings, Eviction, SessionRecord } from '../policy/types.js'
import {
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

interface Tombstone {
  type: KickType
  expiresAt: number
}

/**
 * The embedded registry for one process. Every method runs to completion without
 * awaiting, so each step is atomic with respect to every other call.
 */
export function createMemoryRegistry(options: MemoryRegistryOptions = {}): SessionRegistry {
  const { now = Date.now, ...rest } = options
  const settings = parseWith(memoryRegistryOptionsSchema, rest, 'memoryRegistry')
  const nodeId = settings.nodeId ?? `node-${randomBytes(6).toString('hex')}`
  const { tombstoneTtlMs } = settings
  /** Live sessions per `sdkAppID:userID`, in admission order. */
  const users = new Map<string, SessionRecord[]>()
  /** Keyed by `sdkAppID:userID:sessionId`. The TTL is fixed, so insertion order is expiry order. */
  const tombstones = new Map<string, Tombstone>()
  const listeners = new Set<(notice: OwnerNotice) => void>()
  let nextOrder = 1
  let closed = false

  const userKey = (sdkAppID: number, userID: string) => `${sdkAppID}:${userID}`
  const tombstoneKey = (sdkAppID: number, userID: string, sessionId: string) =>
    `${sdkAppID}:${userID}:${sessionId}`

  function ensureOpen(): void {
    if (closed) throw new RegistryUnavailableError('The session registry is closed.')
  }

  function pruneTombstones(): void {
    const time = now()
    for (const [key, tombstone] of tombstones) {
      if (tombstone.expiresAt > time) break
      tombstones.delete(key)
    }
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
  function kick(sessions: readonly SessionRecord[], types: readonly KickType[]): void {
    const first = sessions[0]
    if (!first) return
    removeSessions(userKey(first.sdkAppID, first.userID), sessions)
    pruneTombstones()
    const expiresAt = now() + tombstoneTtlMs
    sessions.forEach((session, i) => {
      const key = tombstoneKey(session.sdkAppID, session.userID, session.sessionId)
      tombstones.delete(key)
      tombstones.set(key, { type: types[i]!, expiresAt })
    })
    sessions.forEach((session, i) => {
      notify({ kind: 'kick', session, type: types[i]! })
    })
  }

  function find(sdkAppID: number, userID: string, sessionId: string): SessionRecord | undefined {
    return users.get(userKey(sdkAppID, userID))?.find((s) => s.sessionId === sessionId)
  }

  function lookupNow(sdkAppID: number, userID: string, sessionId: string): SessionLookup {
    const session = find(sdkAppID, userID, sessionId)
    if (session) return { status: 'live', session: { ...session } }
    pruneTombstones()
    const tombstone = tombstones.get(tombstoneKey(sdkAppID, userID, sessionId))
    return tombstone ? { status: 'kicked', type: tombstone.type } : { status: 'unknown' }
  }

  return {
    nodeId,

    async admit(session: NewSession, settings: AppLoginSettings): Promise<Eviction[]> {
      ensureOpen()
      const key = userKey(session.sdkAppID, session.userID)
      const existing = users.get(key) ?? []
      const evictions = decideAdmission(existing, session, settings)
      const admitted: SessionRecord = { ...session, order: nextOrder++ }
      users.set(key, [...existing, admitted])
      kick(
        evictions.map((e) => e.session),
        evictions.map((e) => e.type),
      )
      return evictions.map((e) => ({ session: { ...e.session }, type: e.type }))
    },

    async lookup(sdkAppID, userID, sessionId) {
      ensureOpen()
      return lookupNow(sdkAppID, userID, sessionId)
    },

    async claim(sdkAppID, userID, sessionId, newNodeId) {
      ensureOpen()
      const session = find(sdkAppID, userID, sessionId)
      if (!session) return lookupNow(sdkAppID, userID, sessionId)
      const previous = { ...session }
      session.nodeId = newNodeId
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

    async kickSession(sdkAppID, userID, sessionId, type) {
      ensureOpen()
      const session = find(sdkAppID, userID, sessionId)
      if (!session) return false
      kick([session], [type])
      return true
    },

    async kickUser(sdkAppID, userID, type) {
      ensureOpen()
      const sessions = [...(users.get(userKey(sdkAppID, userID)) ?? [])]
      kick(
        sessions,
        sessions.map(() => type),
      )
      return sessions.map((s) => ({ ...s }))
    },

    async listUser(sdkAppID, userID) {
      ensureOpen()
      const sessions = users.get(userKey(sdkAppID, userID)) ?? []
      return sessions.map((s) => ({ ...s })).sort((a, b) => a.order - b.order)
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
    },
  }
}
