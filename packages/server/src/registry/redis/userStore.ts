import { ERROR_CODES } from '@chatgate/protocol'
import type { Redis } from 'ioredis'
import type { Eviction, SessionRecord } from '../../policy/types.js'
import {
  AdmissionRefusedError,
  type AdmitOptions,
  type KickReason,
  type OwnerNotice,
  RegistryUnavailableError,
} from '../types.js'
import { asRegistryError, runScript } from './connection.js'
import { KeyedQueue } from './keyedQueue.js'
import { nodeSessionMember, type RedisKeys } from './keys.js'
import {
  decodeSession,
  decodeTombstone,
  encodeNotice,
  encodeSession,
  encodeTombstone,
} from './records.js'
import { COMMIT_USER, READ_USER } from './scripts.js'

/** One change to a user's sessions, applied by the commit script. */
export type UserChange =
  /** Stores a session (new or moved) and adds it to its node's session set. */
  | { kind: 'put'; session: SessionRecord }
  /** Removes a session from its node's session set (the old owner of a moved session). */
  | { kind: 'unindex'; session: SessionRecord }
  /** Deletes a session and removes it from its node's session set. */
  | { kind: 'remove'; session: SessionRecord }
  /** Records why a session was kicked, so a late resume learns the kick type (and `by`). */
  | ({ kind: 'tombstone'; session: SessionRecord } & KickReason)
  /** Drops a tombstone (the user's oldest, past `tombstonesPerUser`); added by the store. */
  | { kind: 'untomb'; sessionId: string }
  /** Refuses the user's UserSigs issued up to this Unix second (a REST kick). */
  | { kind: 'revoke'; upTo: number }
  /** Tells the session's owner node; published by the script unless it is this node. */
  | { kind: 'notify'; nodeId: string; notice: OwnerNotice }

/** The changes that kick a session: gone, tombstoned, and its owner told once. */
export function kickChanges(eviction: Eviction): UserChange[] {
  const { session, type, by } = eviction
  const reason: KickReason = by ? { type, by } : { type }
  return [
    { kind: 'remove', session },
    { kind: 'tombstone', session, ...reason },
    {
      kind: 'notify',
      nodeId: session.nodeId,
      notice: { kind: 'kick', session, ...reason, decidedAt: Date.now() },
    },
  ]
}

/** A user as read in one atomic step. */
export interface UserState {
  version: number
  /** Live sessions, earliest admission first. */
  sessions: SessionRecord[]
  /** How the sessions of the tombstones asked for were kicked, by session id. */
  tombstones: Map<string, KickReason>
  /** Session ids of every tombstone of the user, oldest first. */
  tombstoneIds: string[]
}

export interface UserPlan<T> {
  result: T
  /** Nothing is written when empty or missing. */
  changes?: UserChange[]
  /** The version to set; defaults to the read version + 1. */
  version?: number
}

export interface ChangeOptions {
  /** Tombstones to read along with the user. */
  tombstonesOf?: readonly string[]
  /** Refuse while the dataset is being rebuilt after Redis lost it (user-facing calls). */
  refuseWhileRebuilding: boolean
  /**
   * This change admits a login: refuse it (`AdmissionRefusedError`) if its UserSig was
   * issued at or before the user's last REST kick, or the user's login bucket is empty.
   */
  admission?: AdmitOptions
}

export interface UserStoreOptions {
  redis: Redis
  keys: RedisKeys
  nodeId: string
  tombstoneMs: number
  tombstonesPerUser: number
  /** Successful logins per user per minute; absent: no limit. */
  loginsPerUserPerMinute: number | undefined
  /** How long a REST kick's revocation is kept. */
  revocationTtlMs: number
  /** Unix ms. */
  now: () => number
  rebuildSettleMs: number
  maxAttempts: number
  /**
   * Called when Redis could not be reached: a timed-out write may still have happened,
   * and a failed one may have left this node's own view ahead of Redis.
   */
  onUnavailable(): void
  /** Called after a commit succeeded, before the change's promise resolves. */
  onCommitted(changes: readonly UserChange[], version: number): void
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Reads and changes one user's sessions in Redis. A change is "read, plan in TypeScript,
 * compare-and-set": the plan (e.g. the policy engine's decision) is computed on exactly
 * what the commit script will find, or the commit is refused and the change retried.
 */
export class UserStore {
  private readonly queue = new KeyedQueue()

  constructor(private readonly options: UserStoreOptions) {}

  async read(sdkAppID: number, userID: string, options: ChangeOptions): Promise<UserState> {
    const { keys, redis, rebuildSettleMs } = this.options
    const tombstoneIds = options.tombstonesOf ?? []
    let reply: unknown
    try {
      reply = await runScript(
        redis,
        READ_USER,
        [
          keys.userSessions(sdkAppID, userID),
          keys.userVersion(sdkAppID, userID),
          keys.epoch,
          keys.userTombstones(sdkAppID, userID),
          ...tombstoneIds.map((id) => keys.tombstone(sdkAppID, userID, id)),
        ],
        [options.refuseWhileRebuilding ? rebuildSettleMs : ''],
      )
    } catch (error) {
      throw this.failed(error)
    }
    if (reply === 'REBUILDING') throw rebuildingError()
    const [, version, flat, tombs, tombIds] = reply as [
      string,
      string,
      string[],
      (string | null)[],
      string[],
    ]
    const sessions: SessionRecord[] = []
    for (let i = 1; i < flat.length; i += 2) {
      const session = decodeSession(flat[i] ?? '')
      if (session) sessions.push(session)
    }
    sessions.sort((a, b) => a.order - b.order)
    const tombstones = new Map<string, KickReason>()
    tombstoneIds.forEach((id, i) => {
      const reason = decodeTombstone(tombs[i])
      if (reason) tombstones.set(id, reason)
    })
    return { version: Number(version), sessions, tombstones, tombstoneIds: tombIds }
  }

  /**
   * Plans and commits a change of one user, retrying on a version conflict (bounded, with
   * jitter). Changes of one user on this node run one at a time.
   */
  change<T>(
    sdkAppID: number,
    userID: string,
    options: ChangeOptions,
    plan: (state: UserState) => UserPlan<T>,
  ): Promise<T> {
    return this.queue.run(`${sdkAppID}:${userID}`, async () => {
      for (let attempt = 0; attempt < this.options.maxAttempts; attempt++) {
        const state = await this.read(sdkAppID, userID, options)
        const planned = plan(state)
        if (!planned.changes?.length) return planned.result
        const changes = capTombstones(planned.changes, state, this.options.tombstonesPerUser)
        const version = planned.version ?? state.version + 1
        const outcome = await this.commit(
          sdkAppID,
          userID,
          state.version,
          version,
          options,
          changes,
        )
        if (outcome === 'OK') {
          this.options.onCommitted(changes, version)
          return planned.result
        }
        if (outcome === 'REBUILDING') throw rebuildingError()
        if (outcome === 'REVOKED') throw new AdmissionRefusedError(ERROR_CODES.USER_SIG_REVOKED)
        if (outcome === 'TOO_MANY_LOGINS') {
          throw new AdmissionRefusedError(ERROR_CODES.TOO_MANY_LOGINS)
        }
        await sleep(Math.random() * Math.min(2 ** attempt, 20))
      }
      throw new RegistryUnavailableError(
        `Too much contention on user ${userID}; gave up after ${this.options.maxAttempts} attempts.`,
      )
    })
  }

  private async commit(
    sdkAppID: number,
    userID: string,
    expected: number,
    version: number,
    options: ChangeOptions,
    changes: readonly UserChange[],
  ): Promise<string> {
    const { keys, nodeId, tombstoneMs, rebuildSettleMs, redis, revocationTtlMs } = this.options
    const scriptKeys = [
      keys.userSessions(sdkAppID, userID),
      keys.userVersion(sdkAppID, userID),
      keys.epoch,
      keys.userTombstones(sdkAppID, userID),
      keys.userRevocation(sdkAppID, userID),
      keys.userLogins(sdkAppID, userID),
      keys.userSeen(sdkAppID, userID),
    ]
    const { admission } = options
    const args: (string | number)[] = [
      expected,
      version,
      options.refuseWhileRebuilding ? rebuildSettleMs : '',
      tombstoneMs,
      this.options.now(),
      admission?.userSigIssuedAt ?? '',
      (admission && this.options.loginsPerUserPerMinute) ?? '',
    ]
    const member = (s: SessionRecord) => nodeSessionMember(s.sdkAppID, s.userID, s.sessionId)
    for (const change of changes) {
      switch (change.kind) {
        case 'put':
          args.push('hset', change.session.sessionId, encodeSession(change.session))
          args.push('sadd', member(change.session))
          scriptKeys.push(keys.nodeSessions(change.session.nodeId))
          break
        case 'unindex':
          args.push('srem', member(change.session))
          scriptKeys.push(keys.nodeSessions(change.session.nodeId))
          break
        case 'remove':
          args.push('hdel', change.session.sessionId, 'srem', member(change.session))
          scriptKeys.push(keys.nodeSessions(change.session.nodeId))
          break
        case 'tombstone':
          args.push('tomb', encodeTombstone(change), tombstoneMs, change.session.sessionId)
          scriptKeys.push(keys.tombstone(sdkAppID, userID, change.session.sessionId))
          break
        case 'untomb':
          args.push('untomb', change.sessionId)
          scriptKeys.push(keys.tombstone(sdkAppID, userID, change.sessionId))
          break
        case 'revoke':
          args.push('revoke', change.upTo, revocationTtlMs)
          break
        case 'notify':
          // This node's own notices are delivered in-process by `onCommitted`: one path
          // per notice, so each reaches its owner exactly once.
          if (change.nodeId !== nodeId) {
            args.push('pub', keys.nodeChannel(change.nodeId))
            args.push(encodeNotice({ version, notice: change.notice }))
          }
          break
        default:
          change satisfies never
      }
    }
    try {
      return String(await runScript(redis, COMMIT_USER, scriptKeys, args))
    } catch (error) {
      throw this.failed(error)
    }
  }

  private failed(error: unknown): unknown {
    const mapped = asRegistryError(error)
    if (mapped instanceof RegistryUnavailableError) this.options.onUnavailable()
    return mapped
  }
}

/**
 * Adds the drops that keep the user's newest `cap` tombstones. The list read with the
 * state is still the list at commit: every change of the user bumps its version.
 */
function capTombstones(
  changes: readonly UserChange[],
  state: UserState,
  cap: number,
): UserChange[] {
  const added = changes.flatMap((c) => (c.kind === 'tombstone' ? [c.session.sessionId] : []))
  const ids = [...state.tombstoneIds, ...added]
  const dropped = ids.slice(0, Math.max(0, ids.length - cap))
  return [...changes, ...dropped.map((sessionId): UserChange => ({ kind: 'untomb', sessionId }))]
}

function rebuildingError(): RegistryUnavailableError {
  return new RegistryUnavailableError(
    'Redis lost its data and the nodes are re-registering their sessions; try again shortly.',
  )
}
