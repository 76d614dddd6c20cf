import type { IncomingMessage, ServerResponse } from 'node:http'
import { ERROR_CODES } from '@chatgate/protocol'
import type { AppConfig, ServerConfig } from '../config.js'
import type { Logger } from '../logger.js'
import type { Metrics } from '../metrics.js'
import { nodeReadiness } from '../readiness.js'
import type { SessionRegistry } from '../registry/types.js'
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
  /** Refreshes the gauges just before `/metrics` renders them. */
  refreshGauges: () => void
  /** False once shutdown began: `/healthz` answers 503 so balancers drain this node. */
  isServing: () => boolean
}

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8'

/**
 * Routes plain HTTP requests: liveness (`/healthz`), readiness (`/readyz`), metrics, admin
 * REST, and the dev UserSig endpoint.
 */
export function createHttpHandler(ctx: HttpHandlerContext) {
  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req)
    if (!url) {
      // Anyone can send this; it is their mistake, not the server's, so no error log.
      ctx.logger.debug('http_bad_target', { method: req.method })
      sendJson(res, 400, fail(ERROR_CODES.INVALID_PARAMETERS, 'The request target is malformed.'))
      return
    }
    const path = url.pathname
    if (path === '/healthz' && req.method === 'GET') {
      const serving = ctx.isServing()
      sendJson(res, serving ? 200 : 503, { status: serving ? 'ok' : 'shutting-down' })
      return
    }
    if (path === '/readyz' && req.method === 'GET') {
      const readiness = await nodeReadiness(ctx)
      if (readiness.ready) sendJson(res, 200, { status: 'ready' })
      else sendJson(res, 503, { status: 'not-ready', reason: readiness.reason })
      return
    }
    if (path === '/metrics' && req.method === 'GET') {
      ctx.refreshGauges()
      sendText(res, 200, ctx.metrics.render(), PROMETHEUS_TEXT)
      return
    }
    if (ADMIN_PATHS.includes(path)) {
      if (req.method !== 'POST') {
        sendJson(res, 405, fail(ERROR_CODES.INVALID_PARAMETERS, 'Use POST.'), { allow: 'POST' })
        return
      }
      const ok = await handleAdminRoute(req, res, url, ctx)
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
