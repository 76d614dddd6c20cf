import type { KickedBy, Platform } from '@chatgate/protocol'
import type { Logger } from '../logger.js'
import type { Metrics } from '../metrics.js'
import type { KickReason, OwnerNotice, SessionRegistry } from '../registry/types.js'

/** The identity of a session as a node keeps it locally. */
export interface LocalSession {
  sessionId: string
  sdkAppID: number
  userID: string
  /** The session's platform and device label: the `by` of a kick it asks for. */
  platform: Platform
  device: string
}

/** What the hub needs from a connection that serves a session. */
export interface SessionSocket {
  readonly session: LocalSession | undefined
  /** Unix ms when the session's UserSig expires. */
  readonly expiresAt: number
  /** Sends `kicked {type, by}` and closes with KICKED. Called at most once per socket. */
  deliverKick(type: KickReason['type'], by?: KickedBy): void
  /** Closes without a word: the client already moved to another socket. */
  dropSilently(): void
}

interface DetachedSession {
  session: LocalSession
  releaseAt: number
}

/** How long a kick for a session not (yet) attached here is remembered. */
const EARLY_KICK_TTL_MS = 60_000

export interface SessionHubOptions {
  registry: SessionRegistry
  metrics: Metrics
  logger: Logger
  now: () => number
  /** Grace period of a dropped session, per app. */
  graceMsFor: (sdkAppID: number) => number
}

/**
 * The sessions this node serves: attached to a socket, or detached and waiting out their
 * grace period. It turns registry notices into socket actions and runs the periodic sweep
 * (UserSig expiry, grace release). It never decides a kick itself: kicks arrive only as
 * registry notices, so a kick decided on another node reaches sockets here the same way.
 */
export class SessionHub {
  private readonly attached = new Map<string, SessionSocket>()
  private readonly detached = new Map<string, DetachedSession>()
  /** Kicks that arrived before their session was attached here (login still finishing). */
  private readonly earlyKicks = new Map<string, KickReason & { until: number }>()
  /** Sessions whose expiry kick is in flight, so the sweep asks only once. */
  private readonly expiring = new Set<string>()
  private readonly unsubscribe: () => void

  constructor(private readonly options: SessionHubOptions) {
    this.unsubscribe = options.registry.onOwnerNotice((notice) => {
      try {
        this.onNotice(notice)
      } catch (error) {
        options.logger.error('notice_failed', { kind: notice.kind, error: String(error) })
      }
    })
  }

  get attachedCount(): number {
    return this.attached.size
  }

  get detachedCount(): number {
    return this.detached.size
  }

  /**
   * Attaches a socket to a session after `ready` was sent. A stale socket of the same
   * session on this node (the client resumed before we noticed the old one died) is
   * dropped silently. Returns false when the session was kicked meanwhile; the kick has
   * then been delivered.
   */
  attach(socket: SessionSocket): boolean {
    const session = socket.session
    if (!session) return false
    const id = session.sessionId
    const stale = this.attached.get(id)
    this.detached.delete(id)
    const early = this.earlyKicks.get(id)
    if (early) {
      this.earlyKicks.delete(id)
      if (stale && stale !== socket) {
        this.attached.delete(id)
        stale.dropSilently()
      }
      this.options.metrics.kickDelivered(early.type)
      socket.deliverKick(early.type, early.by)
      return false
    }
    this.attached.set(id, socket)
    if (stale && stale !== socket) stale.dropSilently()
    return true
  }

  /** The socket's connection dropped without logout: keep the slot for the grace period. */
  detach(socket: SessionSocket): void {
    const session = socket.session
    if (!session || this.attached.get(session.sessionId) !== socket) return
    this.attached.delete(session.sessionId)
    this.expiring.delete(session.sessionId)
    this.holdDetached(session)
  }

  /** A session admitted or claimed for a socket that closed before it could attach. */
  holdDetached(session: LocalSession): void {
    // Kicked while its login was finishing: the tombstone already covers it.
    if (this.earlyKicks.delete(session.sessionId)) return
    const graceMs = this.options.graceMsFor(session.sdkAppID)
    if (graceMs <= 0) {
      this.releaseDetached(session)
      return
    }
    this.detached.set(session.sessionId, { session, releaseAt: this.options.now() + graceMs })
  }

  /** The socket ended its session itself (logout): forget it without a grace period. */
  forget(socket: SessionSocket): void {
    const session = socket.session
    if (!session || this.attached.get(session.sessionId) !== socket) return
    this.attached.delete(session.sessionId)
    this.expiring.delete(session.sessionId)
  }

  /** The UserSig of an attached session was renewed: it may expire again later. */
  renewed(socket: SessionSocket): void {
    if (socket.session) this.expiring.delete(socket.session.sessionId)
  }

  /** Expiry kicks, grace releases and table pruning; called from one shared interval. */
  sweep(): void {
    const time = this.options.now()
    for (const [id, socket] of this.attached) {
      if (socket.expiresAt > time || this.expiring.has(id) || !socket.session) continue
      this.expiring.add(id)
      this.kickExpired(socket.session)
    }
    for (const [id, entry] of this.detached) {
      if (entry.releaseAt > time) continue
      this.detached.delete(id)
      this.releaseDetached(entry.session)
    }
    for (const [id, early] of this.earlyKicks) if (early.until <= time) this.earlyKicks.delete(id)
  }

  close(): void {
    this.unsubscribe()
    this.attached.clear()
    this.detached.clear()
    this.earlyKicks.clear()
    this.expiring.clear()
  }

  private kickExpired(session: LocalSession): void {
    const { registry, logger } = this.options
    registry
      .kickSession(session.sdkAppID, session.userID, session.sessionId, 'userSigExpired')
      .catch((error: unknown) => {
        // Try again on a later sweep: the session must not outlive its UserSig for good.
        this.expiring.delete(session.sessionId)
        logger.warn('expiry_kick_failed', { userID: session.userID, error: String(error) })
      })
  }

  private releaseDetached(session: LocalSession): void {
    const { registry, logger, now } = this.options
    // ifNodeId: a session resumed on another node meanwhile is no longer ours to free.
    registry
      .release(session.sdkAppID, session.userID, session.sessionId, registry.nodeId)
      .then((released) => {
        if (released)
          logger.info('grace_release', { sdkAppID: session.sdkAppID, userID: session.userID })
      })
      .catch((error: unknown) => {
        this.detached.set(session.sessionId, { session, releaseAt: now() + 1000 })
        logger.warn('grace_release_failed', { userID: session.userID, error: String(error) })
      })
  }

  private onNotice(notice: OwnerNotice): void {
    const id = notice.session.sessionId
    switch (notice.kind) {
      case 'kick': {
        this.expiring.delete(id)
        const { sdkAppID, userID, platform } = notice.session
        this.options.logger.info('kick', { sdkAppID, userID, platform, type: notice.type })
        const socket = this.attached.get(id)
        if (socket) {
          this.attached.delete(id)
          this.options.metrics.kickDelivered(notice.type)
          socket.deliverKick(notice.type, notice.by)
          return
        }
        // A detached session needs nothing more: its tombstone tells the client on resume.
        if (this.detached.delete(id)) return
        const until = this.options.now() + EARLY_KICK_TTL_MS
        this.earlyKicks.set(
          id,
          notice.by ? { type: notice.type, by: notice.by, until } : { type: notice.type, until },
        )
        return
      }
      case 'takeover': {
        // Resumed on this node: `attach` already swapped the sockets.
        if (notice.nodeId === this.options.registry.nodeId) return
        this.detached.delete(id)
        const socket = this.attached.get(id)
        if (!socket) return
        this.attached.delete(id)
        socket.dropSilently()
        return
      }
      default:
        notice satisfies never
    }
  }
}
