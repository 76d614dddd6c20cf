import type { Redis } from 'ioredis'
import { decideRestore } from '../../policy/decideRestore.js'
import type { AppLoginSettings, SessionRecord } from '../../policy/types.js'
import type { OwnerNotice } from '../types.js'
import { asRegistryError } from './connection.js'
import { parseNodeSessionMember, type RedisKeys } from './keys.js'
import type { NoticeMessage, StoredSession } from './records.js'
import type { UserChange, UserPlan, UserState, UserStore } from './userStore.js'

interface Owned {
  session: SessionRecord
  /** User version of the last change this node saw for the session. */
  version: number
}

export interface NodeSessionsOptions {
  redis: Redis
  keys: RedisKeys
  nodeId: string
  store: UserStore
  /** Login settings per app, to check that a re-registered session still fits. */
  appSettings: ReadonlyMap<number, AppLoginSettings>
  /** Hands a notice this node must deliver itself to the registry's listeners. */
  deliver(notice: OwnerNotice): void
  /** A repair failed half-way (Redis went away again): ask for another one later. */
  onRepairFailed(): void
  /** A repair succeeded; this node serves `sessions` sessions. */
  onRepaired(sessions: number): void
  /**
   * Whether this node takes over the sessions of a node that stopped or died (a server
   * holds them for their grace period); if not, they are released.
   */
  adopts(): boolean
  /** A session this node took over: it has no socket here yet. */
  adopted(session: SessionRecord): void
}

const keyOf = (s: { sdkAppID: number; userID: string; sessionId: string }) =>
  `${s.sdkAppID}:${s.userID}:${s.sessionId}`

/**
 * The sessions this node serves (connected or in grace), as this node knows them, and the
 * repair that brings Redis back in line with them. Knowing its own sessions lets the node
 * repair Redis without help from the server: re-register sessions after Redis lost its
 * data, learn kicks whose notices were lost while disconnected, release sessions Redis
 * still lists for it that it no longer serves, and release the sessions of dead nodes.
 */
export class NodeSessions {
  private readonly entries = new Map<string, Owned>()
  private repairing: Promise<void> | undefined
  private repairAgain = false
  private stopped = false

  constructor(private readonly options: NodeSessionsOptions) {}

  /** Forgets a session Redis no longer holds, so the repair does not register it again. */
  forget(sdkAppID: number, userID: string, sessionId: string): void {
    this.entries.delete(keyOf({ sdkAppID, userID, sessionId }))
  }

  /** Follows a change this node committed; delivers the notices addressed to this node. */
  applyCommitted(changes: readonly UserChange[], version: number): void {
    const { nodeId } = this.options
    const notices: OwnerNotice[] = []
    for (const change of changes) {
      switch (change.kind) {
        case 'put':
          if (change.session.nodeId === nodeId) {
            this.entries.set(keyOf(change.session), { session: change.session, version })
          }
          break
        case 'unindex':
        case 'remove':
          if (change.session.nodeId === nodeId) this.entries.delete(keyOf(change.session))
          break
        case 'tombstone':
        case 'untomb':
        case 'revoke':
          break
        case 'notify':
          if (change.nodeId === nodeId) notices.push(change.notice)
          break
        default:
          change satisfies never
      }
    }
    // After the whole change is applied, as listeners may look at the node's sessions.
    for (const notice of notices) this.deliver(notice)
  }

  /**
   * Follows a notice from another node and delivers it, unless it is stale: the session
   * changed here after the notice's change (e.g. it was claimed back), so it no longer applies.
   */
  acceptRemote(message: NoticeMessage): void {
    const { notice } = message
    const owned = this.entries.get(keyOf(notice.session))
    if (owned && owned.version > message.version) return
    if (notice.kind === 'takeover' && notice.nodeId === this.options.nodeId) {
      // Claimed for this node by another one: this node serves it again.
      const session = { ...notice.session, nodeId: notice.nodeId }
      this.entries.set(keyOf(session), { session, version: message.version })
      this.options.deliver(notice)
      return
    }
    this.deliver(notice)
  }

  /** Runs one repair at a time; a request during one runs another right after. */
  requestRepair(): void {
    if (this.stopped) return
    if (this.repairing) {
      this.repairAgain = true
      return
    }
    this.repairing = this.repair()
      .then(
        () => this.options.onRepaired(this.entries.size),
        () => this.options.onRepairFailed(),
      )
      .finally(() => {
        this.repairing = undefined
        if (this.repairAgain) {
          this.repairAgain = false
          this.requestRepair()
        }
      })
  }

  /** Stops asking for repairs and waits for the one running. */
  async stop(): Promise<void> {
    this.stopped = true
    await this.repairing?.catch(() => {})
  }

  /**
   * Brings Redis and this node's view back in line after anything that may have lost
   * writes or notices: start-up, a reconnect, a lapsed heartbeat, Redis losing its data.
   * 1. Sessions Redis lists for this node that it does not serve are released (leftovers
   *    of an earlier process with the same id, or releases that failed during an outage).
   * 2. For each session it serves: moved elsewhere → `takeover`; kicked → `kick` with the
   *    tombstone's type; missing (Redis lost it, or it was swept while this node's
   *    heartbeat lapsed) → registered again with its original order, unless the policy
   *    no longer leaves room for it, in which case it is kicked as if displaced.
   */
  async repair(): Promise<void> {
    const { nodeId, store } = this.options
    await this.releaseNode(nodeId, (entry) => this.entries.has(keyOf(entry)))
    for (const { session } of [...this.entries.values()]) {
      const late = await store.change(
        session.sdkAppID,
        session.userID,
        { tombstonesOf: [session.sessionId], refuseWhileRebuilding: false },
        (state) => this.repairPlan(session, state),
      )
      if (late) this.deliver(late)
    }
  }

  /**
   * Takes over every session Redis lists for a node that stopped or died: each moves to
   * this node (remembering where it came from) and is handed to `adopted`, which holds it
   * for its grace period. Without an adopter they are released. Of several nodes sweeping
   * at once, the first to commit a session gets it.
   */
  async adoptNode(deadNodeId: string): Promise<void> {
    const { redis, keys, store, nodeId } = this.options
    if (!this.options.adopts()) {
      await this.releaseNode(deadNodeId)
      return
    }
    let members: string[]
    try {
      members = await redis.smembers(keys.nodeSessions(deadNodeId))
    } catch (error) {
      throw asRegistryError(error)
    }
    for (const member of members) {
      const entry = parseNodeSessionMember(member)
      const adopted =
        entry &&
        (await store.change(
          entry.sdkAppID,
          entry.userID,
          { refuseWhileRebuilding: false },
          (state): UserPlan<SessionRecord | undefined> => {
            const session = state.sessions.find((s) => s.sessionId === entry.sessionId)
            if (!session || session.nodeId !== deadNodeId) return { result: undefined }
            const moved: StoredSession = { ...session, nodeId, adoptedFrom: deadNodeId }
            return {
              result: moved,
              changes: [
                { kind: 'unindex', session },
                { kind: 'put', session: moved },
              ],
            }
          },
        ))
      if (adopted) this.options.adopted(adopted)
      else {
        await redis.srem(keys.nodeSessions(deadNodeId), member).catch((error: unknown) => {
          throw asRegistryError(error)
        })
      }
    }
  }

  /**
   * Releases every session Redis lists for `nodeId` that it still owns; used for dead
   * nodes that nobody adopts and, with `keep`, for this node's leftovers. Entries that point at nothing (the
   * session moved or is gone) are dropped from the node's set.
   */
  async releaseNode(
    nodeId: string,
    keep: (entry: { sdkAppID: number; userID: string; sessionId: string }) => boolean = () => false,
  ): Promise<void> {
    const { redis, keys, store } = this.options
    const setKey = keys.nodeSessions(nodeId)
    let members: string[]
    try {
      members = await redis.smembers(setKey)
    } catch (error) {
      throw asRegistryError(error)
    }
    for (const member of members) {
      const entry = parseNodeSessionMember(member)
      const kept = () => entry !== undefined && keep(entry)
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

  private repairPlan(session: SessionRecord, state: UserState): UserPlan<OwnerNotice | undefined> {
    const { nodeId, appSettings } = this.options
    if (!this.entries.has(keyOf(session))) return { result: undefined }
    const stored: StoredSession | undefined = state.sessions.find(
      (s) => s.sessionId === session.sessionId,
    )
    if (stored) {
      if (stored.nodeId === nodeId) return { result: undefined }
      if (stored.adoptedFrom === nodeId) return this.takeBack(stored)
      return { result: { kind: 'takeover', session, nodeId: stored.nodeId } }
    }
    const reason = state.tombstones.get(session.sessionId)
    if (reason) return { result: { kind: 'kick', session, ...reason } }
    const settings = appSettings.get(session.sdkAppID)
    const refused = settings ? decideRestore(state.sessions, session, settings) : undefined
    if (refused) {
      return {
        result: undefined,
        changes: [
          { kind: 'tombstone', session, type: refused },
          { kind: 'notify', nodeId, notice: { kind: 'kick', session, type: refused } },
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

  /**
   * This node's heartbeat had only lapsed: another node adopted a session this node still
   * serves. It moves back here, and the adopter lets go of it (a `takeover` from this node).
   */
  private takeBack(stored: StoredSession): UserPlan<OwnerNotice | undefined> {
    const { nodeId } = this.options
    const { adoptedFrom: _, ...session } = stored
    const back: SessionRecord = { ...session, nodeId }
    return {
      result: undefined,
      changes: [
        { kind: 'unindex', session: stored },
        { kind: 'put', session: back },
        { kind: 'notify', nodeId: stored.nodeId, notice: { kind: 'takeover', session, nodeId } },
      ],
    }
  }

  /** A kick ends the session here; a takeover moves it away unless it moved to this node. */
  private deliver(notice: OwnerNotice): void {
    if (!(notice.kind === 'takeover' && notice.nodeId === this.options.nodeId)) {
      this.entries.delete(keyOf(notice.session))
    }
    this.options.deliver(notice)
  }
}
