import type { Redis } from 'ioredis'
import type { RegistryDownReason, RegistryHealthChange } from '../types.js'
import { redisFailureReason } from './failureReason.js'

/**
 * After a connection closes, how long the report waits for ioredis's first reconnect to say
 * why (refused, auth failed, …) before it reports `closed`. Its first retry comes after 50 ms
 * and a closed port refuses at once, but a node whose event loop lags (a busy machine) hears
 * it later: half a second was seen to be too short there. A hung connect fails at its
 * connect timeout (1 s by default), with its own reason (`timeout`).
 */
const REASON_WAIT_MS = 1_500

/**
 * Follows the registry's link to Redis and reports each change once: lost (with why),
 * back, data lost and rebuilt. The link is up while every connection is ready and
 * heartbeats do not time out (a paused Redis keeps its connections open but answers
 * nothing).
 */
export class RedisHealth {
  private readonly listeners = new Set<(change: RegistryHealthChange) => void>()
  private readonly connections = new Map<Redis, boolean>()
  private state: 'up' | 'losing' | 'down' | 'stopped' = 'up'
  private timedOut = false
  private downSince = 0
  private reasonTimer: NodeJS.Timeout | undefined
  private rebuilding = false

  /** Follows one connection; it is ready now (the registry has just connected it). */
  watch(redis: Redis): void {
    this.connections.set(redis, true)
    redis.on('close', () => {
      this.connections.set(redis, false)
      this.closed()
    })
    redis.on('error', (error: unknown) => {
      // While up, ioredis's errors precede a close; the close reports it.
      if (this.state === 'losing') this.lose(redisFailureReason(error), error)
    })
    redis.on('ready', () => {
      this.connections.set(redis, true)
      this.maybeBack()
    })
  }

  get up(): boolean {
    return this.state === 'up'
  }

  onChange(listener: (change: RegistryHealthChange) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  /** A heartbeat failed: a timeout means Redis stopped answering on an open connection. */
  heartbeatFailed(error: unknown): void {
    if (redisFailureReason(error) !== 'timeout' || this.timedOut) return
    this.timedOut = true
    if (this.state === 'up') {
      this.downSince = Date.now()
      this.lose('timeout', error)
    }
  }

  heartbeatSucceeded(): void {
    if (!this.timedOut) return
    this.timedOut = false
    this.maybeBack()
  }

  /** Redis came back empty: the node re-registers its sessions. */
  dataLost(): void {
    if (this.state === 'stopped' || this.rebuilding) return
    this.rebuilding = true
    this.emit({ kind: 'dataLost' })
  }

  /** A repair succeeded; after a data loss it was the rebuild. */
  repaired(sessions: number): void {
    if (!this.rebuilding || this.state === 'stopped') return
    this.rebuilding = false
    this.emit({ kind: 'rebuilt', sessions })
  }

  /** Before the registry closes its connections: their closing is no news. */
  stop(): void {
    this.state = 'stopped'
    clearTimeout(this.reasonTimer)
    this.listeners.clear()
  }

  private closed(): void {
    if (this.state !== 'up') return
    this.state = 'losing'
    this.downSince = Date.now()
    this.reasonTimer = setTimeout(
      () => this.lose('closed', 'The connection was closed.'),
      REASON_WAIT_MS,
    )
    this.reasonTimer.unref()
  }

  private lose(reason: RegistryDownReason, error: unknown): void {
    if (this.state === 'stopped' || this.state === 'down') return
    clearTimeout(this.reasonTimer)
    this.state = 'down'
    this.emit({
      kind: 'lost',
      reason,
      error: error instanceof Error ? error.message : String(error),
    })
  }

  private maybeBack(): void {
    if (this.state === 'up' || this.state === 'stopped' || this.timedOut) return
    for (const ready of this.connections.values()) if (!ready) return
    // Closed and reopened before the first reconnect said why: still one lost, one back.
    if (this.state === 'losing') this.lose('closed', 'The connection was closed.')
    this.state = 'up'
    this.emit({ kind: 'back', downMs: Date.now() - this.downSince })
  }

  private emit(change: RegistryHealthChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change)
      } catch {
        // A failing listener must not stop the others or the registry.
      }
    }
  }
}
