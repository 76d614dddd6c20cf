import type { IncomingMessage, ServerResponse } from 'node:http'
import { ERROR_CODES } from '@chatgate/protocol'
import type { AppConfig, ServerConfig } from '../config.js'
import type { Logger } from '../logger.js'
import type { Metrics } from '../metrics.js'
import { type NodeReadiness, nodeReadiness } from '../readiness.js'
import type { SessionRegistry } from '../registry/types.js'
import { clientAddressResolver } from '../transport/clientAddress.js'
import { ADMIN_PATHS, handleAdminRoute } from './adminRoutes.js'
import { DEV_USERSIG_PATH, handleDevUserSig } from './devRoutes.js'
import { sendJson, sendText } from './httpIo.js'
import { failEnvelope as fail } from './restFailure.js'

export interface HttpHandlerContext {
  apps: ReadonlyMap<number, AppConfig>
  registry: SessionRegistry
  metrics: Metrics
  logger: Logger
  now: () => number
  clockSkewSeconds: number
  maxUserSigSeconds: number
  /** The validated `dev` section of the config. */
  dev: ServerConfig['dev']
  /** Proxies whose `X-Forwarded-For` names the client (addresses or CIDRs). */
  trustProxy: readonly string[]
  /** Refreshes the gauges just before `/metrics` renders them. */
  refreshGauges: () => void
  /** False once the node stops listening (after its drain): `/healthz` answers 503. */
  isServing: () => boolean
  /** True from SIGTERM (`drain()`) on: `/readyz` answers 503 while the node still serves. */
  isDraining: () => boolean
}

/** How long one readiness check answers `/readyz` (a balancer probes every few seconds). */
const READINESS_REUSE_MS = 250

/**
 * Routes plain HTTP requests: liveness (`/healthz`), readiness (`/readyz`), metrics, admin
 * REST, and the dev UserSig endpoint.
 */
export function createHttpHandler(ctx: HttpHandlerContext) {
  const addressOf = clientAddressResolver(ctx.trustProxy)
  // Anyone may ask /readyz, thousands of times a second; with Redis each check is a round
  // trip to the store every node shares. One check answers every ask for a short while;
  // draining is still said at once (it needs no check).
  let lastCheck: { at: number; answer: Promise<NodeReadiness> } | undefined
  function readiness(): Promise<NodeReadiness> {
    if (ctx.isDraining() || !ctx.isServing()) return nodeReadiness(ctx)
    const now = performance.now()
    if (!lastCheck || now - lastCheck.at >= READINESS_REUSE_MS) {
      lastCheck = { at: now, answer: nodeReadiness(ctx) }
    }
    return lastCheck.answer
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req)
    if (!url) {
      // Anyone can send this; it is their mistake, not the server's, so no error log.
      ctx.logger.debug('http_bad_target', { method: req.method })
      sendJson(res, 400, fail(ERROR_CODES.INVALID_PARAMETERS, 'The request target is malformed.'))
      return
    }
    const path = url.pathname
    // HEAD as GET: Node sends the headers of the same answer without its body.
    const reads = req.method === 'GET' || req.method === 'HEAD'
    if (path === '/healthz' && reads) {
      const serving = ctx.isServing()
      sendJson(res, serving ? 200 : 503, { status: serving ? 'ok' : 'shutting-down' })
      return
    }
    if (path === '/readyz' && reads) {
      const ready = await readiness()
      if (ready.ready) sendJson(res, 200, { status: 'ready' })
      else sendJson(res, 503, { status: 'not-ready', reason: ready.reason })
      return
    }
    if (path === '/metrics' && reads) {
      ctx.refreshGauges()
      ctx.metrics.setReady((await readiness()).ready)
      sendText(res, 200, await ctx.metrics.render(), ctx.metrics.contentType)
      return
    }
    if (ADMIN_PATHS.includes(path)) {
      if (req.method !== 'POST') {
        sendJson(res, 405, fail(ERROR_CODES.INVALID_PARAMETERS, 'Use POST.'), { allow: 'POST' })
        return
      }
      const ok = await handleAdminRoute(req, res, url, ctx, addressOf(req))
      ctx.metrics.restRequest(path, ok)
      return
    }
    if (path === DEV_USERSIG_PATH && ctx.dev.usersigEndpoint) {
      await handleDevUserSig(req, res, ctx)
      return
    }
    sendJson(res, 404, fail(ERROR_CODES.INVALID_PARAMETERS, `No route for ${req.method} ${path}.`))
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((error: unknown) => {
      ctx.logger.error('http_error', { path: req.url?.split('?', 1)[0], error: String(error) })
      if (!res.headersSent) sendJson(res, 500, fail(ERROR_CODES.INTERNAL_ERROR))
      else res.destroy()
    })
  }
}

/** The request's URL, or undefined when its target does not parse (`GET http://[`). */
function requestUrl(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://localhost')
  } catch {
    return undefined
  }
}
