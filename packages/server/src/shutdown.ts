import type { ShutdownConfig } from './config.js'
import type { Logger } from './logger.js'
import type { Timers } from './timers.js'

/** `serving`; `draining` from `drain()` on (still serving); `closing` once it stops listening. */
export type ShutdownPhase = 'serving' | 'draining' | 'closing'

export interface ShutdownSteps {
  /** Stops listening and closes every client over `spreadMs`; called again with 0, at once. */
  closeClients(spreadMs: number): Promise<void>
  /** Everything after the clients: timers, the hub, the registry. */
  release(): Promise<void>
  /** For the log lines. */
  connectionCount(): number
}

export interface Shutdown {
  readonly phase: ShutdownPhase
  /** What SIGTERM does (rule 35); resolves once stopped. Safe to call twice. */
  drain(): Promise<void>
  /** Stops now; during a drain or a close spread it cuts them short. Safe to call twice. */
  close(): Promise<void>
}

/**
 * The order of a node's shutdown: drain (readiness says so while the node serves on for
 * `drainSeconds`), then close every client with 1001 spread over `closeSpreadMs`, then
 * release the rest. `close()` skips to the end from wherever it is.
 */
export function createShutdown(
  settings: ShutdownConfig,
  steps: ShutdownSteps,
  { timers, logger }: { timers: Timers; logger: Logger },
): Shutdown {
  let phase: ShutdownPhase = 'serving'
  let drainTimer: unknown
  let stopping: Promise<void> | undefined
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined
  const stopped = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject }
  })
  // Whoever called drain() or close() hears of a failure; the drain timer's own call does not.
  stopped.catch(() => {})

  const stop = (spreadMs: number): Promise<void> => {
    timers.clearTimeout(drainTimer)
    if (stopping) {
      if (spreadMs === 0) void steps.closeClients(0)
      return stopped
    }
    phase = 'closing'
    stopping = (async () => {
      logger.info('shutting_down', { connections: steps.connectionCount(), spreadMs })
      await steps.closeClients(spreadMs)
      await steps.release()
      logger.info('stopped', {})
    })()
    stopping.then(settle?.resolve, settle?.reject)
    return stopped
  }

  return {
    get phase() {
      return phase
    },
    drain() {
      if (phase !== 'serving') return stopped
      phase = 'draining'
      const { drainSeconds, closeSpreadMs } = settings
      logger.info('draining', { seconds: drainSeconds, connections: steps.connectionCount() })
      drainTimer = timers.setTimeout(() => void stop(closeSpreadMs), drainSeconds * 1000)
      return stopped
    },
    close: () => stop(0),
  }
}
