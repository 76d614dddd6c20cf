import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LOGIN_DEADLINE_MS } from '@chatgate/protocol'
import { DEFAULT_CLOCK_SKEW_SECONDS } from '@chatgate/usersig'
import { type AppConfig, parseConfig, type ServerConfig, type ServerConfigInput } from './config.js'
import { descriptorLimitWarning, watchDescriptors } from './descriptors.js'
import { logLimitHits } from './limitLog.js'
import { createLogger, type Logger, type LogLevel } from './logger.js'
import { createMetrics } from './metrics.js'
import { createLoginRateLimiter, type RateLimitOptions } from './rateLimiter.js'
import { type NodeReadiness, nodeReadiness, untilReady } from './readiness.js'
import { createRegistry } from './registry/createRegistry.js'
import type { SessionRegistry } from './registry/types.js'
import { observeRegistry } from './registryEvents.js'
import { checkDevEndpointHost } from './rest/devEndpointHost.js'
import { createHttpHandler } from './rest/httpHandler.js'
import type { ServerContext } from './serverContext.js'
import { createShutdown } from './shutdown.js'
import { realTimers, repeatEvery, type Timers } from './timers.js'
import { SessionHub } from './transport/sessionHub.js'
import { WsEndpoint } from './transport/wsEndpoint.js'

/** Longest an HTTP request (headers and body) may take; admin bodies are at most 64 KiB. */
const REQUEST_TIMEOUT_MS = 30_000

/** Knobs beside the config file, mostly for tests and embedding. */
export interface StartServerOptions {
  /** Where logs go. @default JSON lines on stderr at `logLevel` */
  logger?: Logger
  /** @default 'info' */
  logLevel?: LogLevel
  /** Use this registry instead of the configured one; the caller closes it. */
  registry?: SessionRegistry
  /** This node's id (registry notices are addressed to it). @default host-pid-random */
  nodeId?: string
  /** WebSocket ping interval; a peer missing one pong is dropped. @default 30_000 */
  heartbeatIntervalMs?: number
  /** Time a new socket has to send its request headers, then (as a WebSocket) its login. @default 10_000 */
  loginDeadlineMs?: number
  /** Interval of the sweep for UserSig expiry and grace periods. @default 1_000 */
  sweepIntervalMs?: number
  /** Overrides every app's `sessionGraceSeconds`, in ms (tests). */
  sessionGraceMs?: number
  /** Seconds a UserSig's issue time may lie ahead of this clock. @default 60 */
  clockSkewSeconds?: number
  /** Failed-login limits (code 70050), over the config's `limits.maxFailuresPer…`. */
  rateLimit?: RateLimitOptions
  /** How long shutdown waits for clients to acknowledge the close. @default limits.closeTimeoutMs */
  closeTimeoutMs?: number
  /** Clock in Unix ms, for UserSig validity, expiry and grace periods (tests). @default Date.now */
  now?: () => number
  /**
   * Timers of the sweep, the drain and the close spread (tests advance them by hand, with
   * `now` for the clock the sweep reads). @default real ones
   */
  timers?: Timers
  /** How often the node checks that it can still open a file descriptor. @default 2_000 */
  descriptorCheckIntervalMs?: number
}

export interface RunningServer {
  /** `http://host:port` */
  url: string
  /** `ws://host:port/ws` */
  wsUrl: string
  port: number
  /** This node's id in the registry. */
  nodeId: string
  /**
   * Whether this node would admit a login now (what `/readyz` answers). `startServer`
   * resolves once the node listens; with Redis it may not be ready yet (a new or emptied
   * Redis is rebuilt for `rebuildSettleMs` first).
   */
  readiness(): Promise<NodeReadiness>
  /** Resolves once the node is ready; rejects if it is closed first. */
  whenReady(): Promise<void>
  /**
   * What SIGTERM does (design.md rule 35): `/readyz` answers 503 `draining` at once while
   * the node keeps serving for `shutdown.drainSeconds`; then it stops listening, closes
   * every client with 1001 spread over `shutdown.closeSpreadMs`, and stops. Resolves once
   * stopped; safe to call twice.
   */
  drain(): Promise<void>
  /**
   * Stops now: stops listening, closes every socket with 1001 (going away), stops timers;
   * during a drain it cuts it short. Safe to call twice.
   */
  close(): Promise<void>
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/** Starts a login server. `config` has the config file's shape; it is validated first. */
export async function startServer(
  config: ServerConfigInput | ServerConfig,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const parsed = parseConfig(config)
  const now = options.now ?? Date.now
  const timers = options.timers ?? realTimers
  const logger = options.logger ?? createLogger({ level: options.logLevel ?? 'info' })
  // Before anything starts: the dev endpoint may refuse this host (rule 24).
  checkDevEndpointHost(parsed.host, parsed.dev, logger)
  const descriptorWarning = descriptorLimitWarning(parsed.limits.maxConnections)
  if (descriptorWarning) logger.warn('descriptor_limit_low', descriptorWarning)
  const ownsRegistry = !options.registry
  const registry =
    options.registry ??
    (await createRegistry(parsed.registry, {
      ...(options.nodeId ? { nodeId: options.nodeId } : {}),
      ...(options.now ? { now: options.now } : {}),
      appSettings: new Map(parsed.apps.map((app) => [app.SDKAppID, app.login])),
      limits: parsed.limits,
    }))
  const apps = new Map<number, AppConfig>(parsed.apps.map((app) => [app.SDKAppID, app]))
  const metrics = logLimitHits(createMetrics(), logger, now)
  const { maxFailuresPerAddress, maxFailuresPerUser } = parsed.limits
  const limiter = createLoginRateLimiter(
    { maxFailuresPerAddress, maxFailuresPerUser, ...options.rateLimit },
    now,
  )
  const hub = new SessionHub({
    registry,
    metrics,
    logger,
    now,
    graceMsFor: (sdkAppID) =>
      options.sessionGraceMs ?? (apps.get(sdkAppID)?.sessionGraceSeconds ?? 0) * 1000,
  })
  const stopObserving = observeRegistry(registry, { hub, metrics, logger })
  let endpoint: WsEndpoint | undefined
  // Its steps run only once the node listens, when everything they name exists.
  const shutdown = createShutdown(
    parsed.shutdown,
    {
      closeClients(spreadMs) {
        httpServer.close()
        return endpoint?.close(spreadMs) ?? Promise.resolve()
      },
      async release() {
        stopSweep()
        stopWatchingDescriptors()
        hub.close()
        stopObserving()
        httpServer.closeAllConnections()
        if (ownsRegistry) await registry.close()
      },
      connectionCount: () => endpoint?.connectionCount ?? 0,
    },
    { timers, logger },
  )
  const ctx: ServerContext = {
    apps,
    registry,
    hub,
    limiter,
    metrics,
    logger,
    now,
    loginDeadlineMs: options.loginDeadlineMs ?? LOGIN_DEADLINE_MS,
    clockSkewSeconds: options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS,
    maxUserSigSeconds: parsed.limits.maxUserSigSeconds,
    limits: parsed.limits,
    trustProxy: parsed.trustProxy,
    dev: parsed.dev,
    refreshGauges: () => {
      metrics.setSessions(hub.attachedCount, hub.detachedCount)
      metrics.setConnections(endpoint?.connectionCount ?? 0)
    },
    isServing: () => shutdown.phase !== 'closing',
    isDraining: () => shutdown.phase !== 'serving',
  }
  // A socket gets the login deadline to send its request headers too: one that trickles
  // them (slowloris) is answered 408 then, not after Node's 60 s (rule 23).
  const httpServer = createServer(
    {
      headersTimeout: ctx.loginDeadlineMs,
      requestTimeout: Math.max(REQUEST_TIMEOUT_MS, ctx.loginDeadlineMs),
      connectionsCheckingInterval: Math.max(5, Math.min(1_000, ctx.loginDeadlineMs / 10)),
    },
    createHttpHandler(ctx),
  )
  endpoint = new WsEndpoint(httpServer, ctx, {
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 30_000,
    closeTimeoutMs: options.closeTimeoutMs ?? parsed.limits.closeTimeoutMs,
    timers,
  })
  const stopSweep = repeatEvery(timers, options.sweepIntervalMs ?? 1_000, () => {
    try {
      hub.sweep()
      limiter.prune()
    } catch (error) {
      logger.error('sweep_failed', { error: String(error) })
    }
  })
  const stopWatchingDescriptors = watchDescriptors(httpServer, {
    logger,
    intervalMs: options.descriptorCheckIntervalMs ?? 2_000,
  })

  let port: number
  try {
    port = await listen(httpServer, parsed.host, parsed.port)
  } catch (error) {
    stopSweep()
    stopWatchingDescriptors()
    await endpoint.close()
    hub.close()
    stopObserving()
    if (ownsRegistry) await registry.close()
    throw error
  }
  logger.info('listening', { host: parsed.host, port, nodeId: registry.nodeId, apps: apps.size })

  const readiness = () => nodeReadiness({ ...ctx, registry })
  const base = `${urlHost(parsed.host)}:${port}`
  return {
    url: `http://${base}`,
    wsUrl: `ws://${base}/ws`,
    port,
    nodeId: registry.nodeId,
    readiness,
    whenReady: () => untilReady(readiness, () => shutdown.phase !== 'serving'),
    drain: shutdown.drain,
    close: shutdown.close,
  }
}
