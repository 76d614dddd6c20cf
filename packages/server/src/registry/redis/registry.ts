import { randomBytes } from 'node:crypto'
import { KICK_TYPES, type KickedBy, type KickType } from '@chatgate/protocol'
import type { Redis } from 'ioredis'
import { decideAdmission } from '../../policy/decideAdmission.js'
import type { AppLoginSettings, Eviction, SessionRecord } from '../../policy/types.js'
import {
  type AdmitOptions,
  type KickUserOptions,
  type NewSession,
  type OwnerNotice,
  type RegistryHealthChange,
  type RegistryReadiness,
  RegistryUnavailableError,
  type SessionLookup,
  type SessionRegistry,
} from '../types.js'
import { asRegistryError, connectRedis, quit, runScript } from './connection.js'
import { RedisHealth } from './health.js'
import { type RedisKeys, redisKeys } from './keys.js'
import { Liveness } from './liveness.js'
import { NodeSessions } from './nodeSessions.js'
import {
  type RedisRegistryOptions,
  type RedisRegistrySettings,
  redisRegistrySettings,
} from './options.js'
import { decodeNotice, type StoredSession } from './records.js'
import { CHECK_READY, TOUCH_SESSION } from './scripts.js'
import { kickChanges, type UserChange, type UserPlan, UserStore } from './userStore.js'

export { REDIS_REGISTRY_DEFAULTS, type RedisRegistryOptions } from './options.js'

/** What the Redis registry needs besides its settings. */
export interface RedisRegistryContext {
  /**
   * Login settings per SDKAppID, so that a session re-registered after Redis lost its data
   * is checked against the policy. Without them such a session is registered unchecked.
   */
  appSettings?: ReadonlyMap<number, AppLoginSettings>
  /** Clock in Unix ms, for revocations and login buckets (tests). @default Date.now */
  now?: () => number
}

/**
 * The session registry shared by several nodes through Redis. Connects, subscribes to
 * this node's channel, registers its heartbeat and releases sessions an earlier process
 * with the same node id left behind. Rejects with `RegistryUnavailableError` when Redis
 * cannot be reached.
 */
export async function createRedisRegistry(
  options: RedisRegistryOptions,
  context: RedisRegistryContext = {},
): Promise<SessionRegistry> {
  const settings = redisRegistrySettings(options)
  const command = await connectRedis(settings.url, settings.commandTimeoutMs)
  let subscriber: Redis
  try {
    subscriber = await connectRedis(settings.url, settings.commandTimeoutMs)
  } catch (error) {
    command.disconnect()
    throw error
  }
  const registry = new RedisRegistry(settings, context, command, subscriber)
  try {
    await registry.start()
  } catch (error) {
    await registry.close()
    throw asRegistryError(error)
  }
  return registry
}

class RedisRegistry implements SessionRegistry {
  readonly nodeId: string
  private readonly keys: RedisKeys
  private readonly store: UserStore
  private readonly sessions: NodeSessions
  private readonly liveness: Liveness
  private readonly listeners = new Set<(notice: OwnerNotice) => void>()
  private readonly adopters = new Set<(session: SessionRecord) => void>()
  private readonly health = new RedisHealth()
  private readonly now: () => number
  private readonly rebuildSettleMs: number
  private closed = false

  constructor(
    settings: RedisRegistrySettings,
    context: RedisRegistryContext,
    private readonly command: Redis,
    private readonly subscriber: Redis,
  ) {
    this.nodeId = settings.nodeId
    this.now = context.now ?? Date.now
    this.rebuildSettleMs = settings.rebuildSettleMs
    this.keys = redisKeys(settings.keyPrefix)
    this.store = new UserStore({
      redis: command,
      keys: this.keys,
      nodeId: this.nodeId,
      tombstoneMs: settings.tombstoneTtlMs,
      tombstonesPerUser: settings.tombstonesPerUser,
      loginsPerUserPerMinute: settings.loginsPerUserPerMinute,
      revocationTtlMs: settings.revocationTtlMs,
      now: this.now,
      rebuildSettleMs: settings.rebuildSettleMs,
      maxAttempts: settings.maxAttempts,
      onCommitted: (changes, version) => this.sessions.applyCommitted(changes, version),
      onUnavailable: () => this.liveness.retryLater(),
    })
    this.sessions = new NodeSessions({
      redis: command,
      keys: this.keys,
      nodeId: this.nodeId,
      store: this.store,
      appSettings: context.appSettings ?? new Map(),
      deliver: (notice) => this.deliver(notice),
      onRepairFailed: () => this.liveness.retryLater(),
      onRepaired: (sessions) => this.health.repaired(sessions),
      adopts: () => this.adopters.size > 0,
      adopted: (session) => {
        for (const adopter of this.adopters) adopter(session)
      },
    })
    this.liveness = new Liveness({
      redis: command,
      keys: this.keys,
      nodeId: this.nodeId,
      token: randomBytes(8).toString('hex'),
      nodeTtlMs: settings.nodeTtlMs,
      heartbeatMs: settings.heartbeatMs,
      onLapse: (dataLost) => {
        if (dataLost) this.health.dataLost()
        this.sessions.requestRepair()
      },
      adoptNode: (nodeId) => this.sessions.adoptNode(nodeId),
      onBeat: (error) =>
        error === undefined ? this.health.heartbeatSucceeded() : this.health.heartbeatFailed(error),
    })
  }

  async start(): Promise<void> {
    this.subscriber.on('message', (_channel: string, text: string) => this.received(text))
    await this.subscriber.subscribe(this.keys.nodeChannel(this.nodeId))
    await this.liveness.beat()
    await this.sessions.repair()
    // Notices published while either connection was down are lost: after each reconnect
    // beat at once (recreating the epoch if Redis lost its data, which starts the rebuild
    // window now rather than a heartbeat later), then repair. The first `ready` has
    // already fired.
    const reconnected = () => {
      this.liveness.retryLater()
      void this.liveness.tick()
    }
    this.command.on('ready', reconnected)
    this.subscriber.on('ready', reconnected)
    this.health.watch(this.command)
    this.health.watch(this.subscriber)
    this.liveness.start()
  }

  async admit(
    session: NewSession,
    settings: AppLoginSettings,
    options: AdmitOptions = {},
  ): Promise<Eviction[]> {
    this.ensureOpen()
    return this.store.change(
      session.sdkAppID,
      session.userID,
      { refuseWhileRebuilding: true, admission: options },
      (state) => {
        if (state.sessions.some((s) => s.sessionId === session.sessionId)) {
          throw new Error(`Session ${session.sessionId} is already registered.`)
        }
        // The newcomer is who pushed the evicted out: their kicks and tombstones say so.
        const by: KickedBy = { platform: session.platform, device: session.device }
        const evictions = decideAdmission(state.sessions, session, settings).map((e) => ({
          ...e,
          by,
        }))
        const admitted: SessionRecord = { ...session, order: state.version + 1 }
        return {
          result: evictions,
          changes: [{ kind: 'put', session: admitted }, ...evictions.flatMap(kickChanges)],
        }
      },
    )
  }

  async lookup(sdkAppID: number, userID: string, sessionId: string): Promise<SessionLookup> {
    this.ensureOpen()
    const state = await this.store.read(sdkAppID, userID, {
      tombstonesOf: [sessionId],
      refuseWhileRebuilding: true,
    })
    const session = state.sessions.find((s) => s.sessionId === sessionId)
    if (session) return { status: 'live', session }
    const reason = state.tombstones.get(sessionId)
    return reason ? { status: 'kicked', ...reason } : { status: 'unknown' }
  }

  async claim(
    sdkAppID: number,
    userID: string,
    sessionId: string,
    nodeId: string,
    address?: string,
  ): Promise<SessionLookup> {
    this.ensureOpen()
    return this.store.change(
      sdkAppID,
      userID,
      { tombstonesOf: [sessionId], refuseWhileRebuilding: true },
      (state): UserPlan<SessionLookup> => {
        const previous = state.sessions.find((s) => s.sessionId === sessionId)
        if (!previous) {
          const reason = state.tombstones.get(sessionId)
          return { result: reason ? { status: 'kicked', ...reason } : { status: 'unknown' } }
        }
        // A resume ends an adoption: the session is this client's again, wherever it is.
        const { adoptedFrom: _, ...session }: StoredSession = previous
        // A resume is a sighting: the record carries it from now on.
        const lastSeenAt = Math.max(session.lastSeenAt, this.now())
        const moved: SessionRecord = { ...session, nodeId, lastSeenAt }
        if (address !== undefined) moved.address = address
        const changes: UserChange[] = [
          { kind: 'unindex', session: previous },
          { kind: 'put', session: moved },
          {
            kind: 'notify',
            nodeId: previous.nodeId,
            notice: { kind: 'takeover', session: previous, nodeId },
          },
        ]
        return { result: { status: 'live', session: moved }, changes }
      },
    )
  }

  async release(
    sdkAppID: number,
    userID: string,
    sessionId: string,
    ifNodeId?: string,
  ): Promise<boolean> {
    this.ensureOpen()
    const released = await this.store.change(
      sdkAppID,
      userID,
      { refuseWhileRebuilding: false },
      (state) => {
        const session = state.sessions.find((s) => s.sessionId === sessionId)
        if (!session || (ifNodeId !== undefined && session.nodeId !== ifNodeId)) {
          return { result: false }
        }
        return { result: true, changes: [{ kind: 'remove', session }] }
      },
    )
    // Gone from Redis (e.g. lost with its data): the repair must not register it again.
    // A release that failed is left as it was; the caller retries it.
    if (!released && (ifNodeId === undefined || ifNodeId === this.nodeId)) {
      this.sessions.forget(sdkAppID, userID, sessionId)
    }
    return released
  }

  async kickSession(
    sdkAppID: number,
    userID: string,
    sessionId: string,
    type: KickType,
    by?: KickedBy,
  ): Promise<boolean> {
    this.ensureOpen()
    return this.store.change(sdkAppID, userID, { refuseWhileRebuilding: true }, (state) => {
      const session = state.sessions.find((s) => s.sessionId === sessionId)
      if (!session) return { result: false }
      return { result: true, changes: kickChanges(by ? { session, type, by } : { session, type }) }
    })
  }

  async kickUser(
    sdkAppID: number,
    userID: string,
    type: KickType,
    options: KickUserOptions = {},
  ): Promise<SessionRecord[]> {
    this.ensureOpen()
    // The admin REST kick also revokes the user's UserSigs issued up to this second.
    const revoke: UserChange[] =
      type === KICK_TYPES.KICKED_OUT_REST_API
        ? [{ kind: 'revoke', upTo: Math.floor(this.now() / 1000) }]
        : []
    const { except, by } = options
    return this.store.change(sdkAppID, userID, { refuseWhileRebuilding: true }, (state) => {
      const kicked = state.sessions.filter((s) => s.sessionId !== except)
      const kicks = kicked.flatMap((session) =>
        kickChanges(by ? { session, type, by } : { session, type }),
      )
      return { result: kicked, changes: [...revoke, ...kicks] }
    })
  }

  async touch(sdkAppID: number, userID: string, sessionId: string, at: number): Promise<void> {
    this.ensureOpen()
    const keys = [this.keys.userSessions(sdkAppID, userID), this.keys.userSeen(sdkAppID, userID)]
    try {
      await runScript(this.command, TOUCH_SESSION, keys, [sessionId, at])
    } catch (error) {
      throw asRegistryError(error)
    }
  }

  async readiness(): Promise<RegistryReadiness> {
    if (this.closed) return { ready: false, reason: 'closed' }
    // A connection that is not up fails every command at once (no offline queue).
    if (this.command.status !== 'ready') return { ready: false, reason: 'unavailable' }
    try {
      const reply = await runScript(
        this.command,
        CHECK_READY,
        [this.keys.epoch],
        [this.rebuildSettleMs],
      )
      return reply === 'OK' ? { ready: true } : { ready: false, reason: 'rebuilding' }
    } catch {
      return { ready: false, reason: 'unavailable' }
    }
  }

  async listUser(sdkAppID: number, userID: string): Promise<SessionRecord[]> {
    this.ensureOpen()
    const [state, seen] = await Promise.all([
      this.store.read(sdkAppID, userID, { refuseWhileRebuilding: true }),
      this.command.hgetall(this.keys.userSeen(sdkAppID, userID)).catch((error: unknown) => {
        throw asRegistryError(error)
      }),
    ])
    for (const session of state.sessions) {
      const at = Number(seen[session.sessionId])
      if (at > session.lastSeenAt) session.lastSeenAt = at
    }
    return state.sessions
  }

  async revokedUpTo(sdkAppID: number, userID: string): Promise<number | undefined> {
    this.ensureOpen()
    let second: string | null
    try {
      second = await this.command.get(this.keys.userRevocation(sdkAppID, userID))
    } catch (error) {
      throw asRegistryError(error)
    }
    return second === null ? undefined : Number(second)
  }

  onAdoptedSession(listener: (session: SessionRecord) => void): () => void {
    this.adopters.add(listener)
    return () => {
      this.adopters.delete(listener)
    }
  }

  onHealthChange(listener: (change: RegistryHealthChange) => void): () => void {
    return this.health.onChange(listener)
  }

  onOwnerNotice(listener: (notice: OwnerNotice) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.liveness.stop()
    this.listeners.clear()
    this.adopters.clear()
    this.health.stop()
    // Sessions stay in Redis on purpose: clients of a node that shuts down reconnect to
    // another node and resume; another node adopts what nobody resumes at its next sweep
    // (the key is deleted here) and holds it for its grace period.
    await this.sessions.stop()
    await this.liveness.retire().catch(() => {})
    await Promise.all([quit(this.subscriber), quit(this.command)])
  }

  private ensureOpen(): void {
    if (this.closed) throw new RegistryUnavailableError('The session registry is closed.')
  }

  private received(text: string): void {
    const message = decodeNotice(text)
    if (!message || this.closed) return
    this.sessions.acceptRemote(message)
  }

  private deliver(notice: OwnerNotice): void {
    for (const listener of this.listeners) {
      try {
        listener(notice)
      } catch {
        // A failing listener must not undo a change that has already been committed.
      }
    }
  }
}
