import type { Redis } from 'ioredis'
import { asRegistryError, runScript } from './connection.js'
import type { RedisKeys } from './keys.js'
import { FORGET_NODE, HEARTBEAT, RETIRE_NODE } from './scripts.js'

export interface LivenessOptions {
  redis: Redis
  keys: RedisKeys
  nodeId: string
  /** Random per process: a heartbeat that finds another token knows its key had lapsed. */
  token: string
  nodeTtlMs: number
  heartbeatMs: number
  /**
   * Called when this node may have lost sessions in Redis (key lapsed, data lost, outage);
   * `dataLost` when Redis came back without its data.
   */
  onLapse(dataLost: boolean): void
  /** Takes over (or releases) every session Redis lists for a node that stopped or died. */
  adoptNode(nodeId: string): Promise<void>
  /** Each heartbeat's outcome: a timeout says Redis stopped answering. */
  onBeat(error: unknown): void
}

/**
 * Keeps this node's heartbeat key alive and takes over the sessions of nodes whose key
 * expired. A node killed with -9 stops beating: its key expires after `nodeTtlMs`, and
 * the next sweep of any surviving node (every `heartbeatMs`) adopts its sessions, which
 * then wait out their grace period there — so they start it within `nodeTtlMs +
 * heartbeatMs` (+ one sweep's duration). A node that stops deletes its key itself, so its
 * sessions are adopted by the next sweep.
 */
export class Liveness {
  private timer: NodeJS.Timeout | undefined
  private running = false
  private beaten = false
  private failed = false

  constructor(private readonly options: LivenessOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.heartbeatMs)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  /** Makes the next successful heartbeat report a lapse (a repair failed half-way). */
  retryLater(): void {
    this.failed = true
  }

  /** Refreshes the heartbeat; rejects with `RegistryUnavailableError` when Redis is down. */
  async beat(): Promise<void> {
    const { redis, keys, nodeId, token, nodeTtlMs } = this.options
    let reply: unknown
    try {
      reply = await runScript(
        redis,
        HEARTBEAT,
        [keys.nodeAlive(nodeId), keys.nodes, keys.epoch],
        [token, nodeTtlMs, nodeId],
      )
    } catch (error) {
      this.failed = true
      this.options.onBeat(error)
      throw asRegistryError(error)
    }
    this.options.onBeat(undefined)
    const [previous, epochCreated] = reply as [string | null, number]
    const dataLost = this.beaten && epochCreated === 1
    const lapsed = this.beaten && (previous !== token || dataLost)
    const recovered = this.failed
    this.beaten = true
    this.failed = false
    if (lapsed || recovered) this.options.onLapse(dataLost)
  }

  /** A clean stop: deletes this node's key (if still ours) so others adopt its sessions now. */
  async retire(): Promise<void> {
    const { redis, keys, nodeId, token } = this.options
    await runScript(redis, RETIRE_NODE, [keys.nodeAlive(nodeId)], [token])
  }

  /** One heartbeat plus one sweep; errors only mean Redis is down, and the next tick retries. */
  async tick(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      await this.beat()
      await this.sweep()
    } catch {
      // Redis unreachable: `beat` remembered it and reports a lapse once it is back.
    } finally {
      this.running = false
    }
  }

  private async sweep(): Promise<void> {
    const { redis, keys, nodeId } = this.options
    try {
      const others = (await redis.smembers(keys.nodes)).filter((id) => id !== nodeId)
      if (others.length === 0) return
      const alive = await redis.mget(others.map((id) => keys.nodeAlive(id)))
      for (const [i, other] of others.entries()) {
        if (alive[i] !== null) continue
        await this.options.adoptNode(other)
        await runScript(
          redis,
          FORGET_NODE,
          [keys.nodeAlive(other), keys.nodeSessions(other), keys.nodes],
          [other],
        )
      }
    } catch (error) {
      throw asRegistryError(error)
    }
  }
}
