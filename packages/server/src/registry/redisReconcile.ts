import type { Redis } from 'ioredis'
import { decideAdmission } from '../policy/decideAdmission.js'
import type { AppLoginSettings, SessionRecord } from '../policy/types.js'
import { asRegistryError } from './redisConnection.js'
import { parseNodeSessionMember, type RedisKeys } from './redisKeys.js'
import type { RedisOwnedSessions } from './redisOwnedSessions.js'
import type { RedisUserStore, UserPlan, UserState } from './redisUserStore.js'
import type { OwnerNotice } from './types.js'

export interface RepairContext {
  redis: Redis
  keys: RedisKeys
  nodeId: string
  store: RedisUserStore
  owned: RedisOwnedSessions
  appSettings: ReadonlyMap<number, AppLoginSettings>
  /** Delivers a notice this node learned late (its message was lost) to its listeners. */
  deliver(notice: OwnerNotice): void
}

async function members(redis: Redis, key: string): Promise<string[]> {
  try {
    return await redis.smembers(key)
  } catch (error) {
    throw asRegistryError(error)
  }
}

/**
 * Releases every session Redis lists for `nodeId` that it still owns; used for dead
 * nodes and, with `keep`, for this node's leftovers. Entries that point at nothing (the
 * session moved or is gone) are dropped from the node's set.
 */
export async function releaseNodeSessions(
  context: RepairContext,
  nodeId: string,
  keep: (sdkAppID: number, userID: string, sessionId: string) => boolean = () => false,
): Promise<void> {
  const { redis, keys, store } = context
  const setKey = keys.nodeSessions(nodeId)
  for (const member of await members(redis, setKey)) {
    const entry = parseNodeSessionMember(member)
    const kept = () => entry !== undefined && keep(entry.sdkAppID, entry.userID, entry.sessionId)
    if (kept()) continue
    const released =
      entry !== undefined &&
      (await store.change(
        entry.sdkAppID,
        entry.userID,
        { refuseWhileRebuilding: false },
        (state) => {
          const session = state.sessions.find((s) => s.sessionId === entry.sessionId)
          // `kept` again, inside the user's queue: a login on this node may just have
          // committed it.
          if (!session || session.nodeId !== nodeId || kept()) return { result: false }
          return { result: true, changes: [{ kind: 'remove', session }] }
        },
      ))
    if (!released && !kept()) {
      await redis.srem(setKey, member).catch((error: unknown) => {
        throw asRegistryError(error)
      })
    }
  }
}

/**
 * Brings Redis and this node's own view back in line after anything that may have lost
 * writes or notices: start-up, a reconnect, a lapsed heartbeat, Redis losing its data.
 * 1. Sessions Redis lists for this node that it does not serve are released (leftovers
 *    of an earlier process with the same id, or releases that failed during an outage).
 * 2. For each session it serves: moved elsewhere → `takeover`; kicked → `kick` with the
 *    tombstone's type; missing (Redis lost it, or it was swept while this node's
 *    heartbeat lapsed) → registered again with its original order, unless the policy
 *    no longer leaves room for it, in which case it is kicked as if displaced.
 */
export async function reconcileNode(context: RepairContext): Promise<void> {
  const { owned, nodeId } = context
  await releaseNodeSessions(context, nodeId, (sdkAppID, userID, sessionId) =>
    owned.has(sdkAppID, userID, sessionId),
  )
  for (const session of owned.list()) {
    const late = await context.store.change(
      session.sdkAppID,
      session.userID,
      { tombstonesOf: [session.sessionId], refuseWhileRebuilding: false },
      (state) => repairPlan(context, session, state),
    )
    if (late) context.deliver(late)
  }
}

function repairPlan(
  context: RepairContext,
  session: SessionRecord,
  state: UserState,
): UserPlan<OwnerNotice | undefined> {
  const { owned, nodeId } = context
  if (!owned.has(session.sdkAppID, session.userID, session.sessionId)) return { result: undefined }
  const stored = state.sessions.find((s) => s.sessionId === session.sessionId)
  if (stored) {
    if (stored.nodeId === nodeId) return { result: undefined }
    return { result: { kind: 'takeover', session, nodeId: stored.nodeId } }
  }
  const type = state.tombstones.get(session.sessionId)
  if (type) return { result: { kind: 'kick', session, type } }
  const settings = context.appSettings.get(session.sdkAppID)
  const conflict = settings ? decideAdmission(state.sessions, session, settings)[0] : undefined
  if (conflict) {
    return {
      result: undefined,
      changes: [
        { kind: 'tombstone', session, type: conflict.type },
        { kind: 'notify', nodeId, notice: { kind: 'kick', session, type: conflict.type } },
      ],
    }
  }
  return {
    result: undefined,
    changes: [{ kind: 'put', session }],
    // Orders come from the version: keep it above every order, restored ones included.
    version: Math.max(state.version, session.order) + 1,
  }
}
