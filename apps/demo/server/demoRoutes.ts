import type { IncomingMessage, ServerResponse } from 'node:http'
import { chatError, ERROR_CODES, isValidUserID } from '@chatgate/protocol'
import { createAdminClient, DEV_USERSIG_PATH } from '@chatgate/server'
import {
  isJsonContentType,
  judgeOrigin,
  readJsonObject,
  requestPath,
  sendError,
  sendJson,
} from '@chatgate/server/testing'
import type { DemoApp } from './demoApp.js'

/** What the browser learns about the login server: nothing secret. */
export interface DemoClientConfig {
  SDKAppID: number
  url: string
}

export interface DemoRoutesOptions {
  app: DemoApp
  /** The login server's http base URL, for its dev and admin REST endpoints. */
  loginServerUrl: string
  /** The login server's WebSocket URL, handed to the browser. */
  wsUrl: string
}

/** Connect-style handler: answers its own paths and passes everything else on. */
export type DemoRoutes = (req: IncomingMessage, res: ServerResponse, next: () => void) => void

/**
 * The demo's server-side routes, shared by the Vite dev server and the static server the
 * browser tests use:
 * - `GET /config.json` → `{ SDKAppID, url }` for `Chat.create`;
 * - `POST /dev/usersig {userID, expireSeconds?}` → the login server's dev endpoint;
 * - `POST /admin/kick {userID}` and `POST /admin/online {userIDs}` → the admin REST API,
 *   signed with an admin UserSig made here.
 * The posts act with the app's key, so they answer only the demo's own page: a request
 * from another web origin is refused (403), and so is any body but JSON (415), which a
 * cross-site page could otherwise send unpreflighted (CSRF).
 */
export function createDemoRoutes(options: DemoRoutesOptions): DemoRoutes {
  const { app, loginServerUrl, wsUrl } = options

  // Admin sigs are signed per call in this process; the page only ever sees the answers.
  const admin = createAdminClient({
    url: loginServerUrl,
    sdkAppID: app.SDKAppID,
    identifier: app.admin,
    secretKey: app.secretKey,
  })

  async function relayAdmin(res: ServerResponse, call: Promise<unknown>): Promise<void> {
    try {
      sendJson(res, 200, await call)
    } catch {
      sendError(
        res,
        502,
        chatError(ERROR_CODES.NETWORK_ERROR, 'The login server did not answer the admin call.'),
      )
    }
  }

  // Relays the dev endpoint's answer as is: its status and `{ code, message }` reach the page.
  async function relayDevUserSig(res: ServerResponse, body: unknown): Promise<void> {
    let answer: Response
    try {
      answer = await fetch(new URL(DEV_USERSIG_PATH, loginServerUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    } catch {
      sendError(
        res,
        502,
        chatError(ERROR_CODES.NETWORK_ERROR, 'The login server is not reachable.'),
      )
      return
    }
    const text = await answer.text()
    try {
      sendJson(res, answer.status, JSON.parse(text))
    } catch {
      sendError(
        res,
        502,
        chatError(ERROR_CODES.INTERNAL_ERROR, `The login server answered ${answer.status}.`),
      )
    }
  }

  type Fields = Record<string, unknown>

  async function userSig(fields: Fields, res: ServerResponse): Promise<void> {
    // The login server's dev endpoint checks both fields and answers with a code. The
    // admin's sig would open the admin REST API, so it is never asked for, here either.
    const { userID, expireSeconds } = fields
    if (userID === app.admin) {
      return sendError(
        res,
        403,
        chatError(ERROR_CODES.INVALID_PARAMETERS, 'The demo never signs the app’s admin.'),
      )
    }
    await relayDevUserSig(res, { SDKAppID: app.SDKAppID, userID, expireSeconds })
  }

  async function kick(fields: Fields, res: ServerResponse): Promise<void> {
    const { userID } = fields
    if (!isValidUserID(userID)) return sendError(res, 400, chatError(ERROR_CODES.USER_ID_INVALID))
    await relayAdmin(res, admin.kick(userID))
  }

  async function online(fields: Fields, res: ServerResponse): Promise<void> {
    const { userIDs } = fields
    if (!Array.isArray(userIDs) || userIDs.length === 0 || !userIDs.every(isValidUserID)) {
      return sendError(res, 400, chatError(ERROR_CODES.USER_ID_INVALID))
    }
    await relayAdmin(res, admin.queryOnlineStatus(userIDs))
  }

  const postRoutes: Record<string, (fields: Fields, res: ServerResponse) => Promise<void>> = {
    [DEV_USERSIG_PATH]: userSig,
    '/admin/kick': kick,
    '/admin/online': online,
  }

  async function handlePost(
    route: (fields: Fields, res: ServerResponse) => Promise<void>,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const body = await readJsonObject(req)
    if (!body.ok) return sendError(res, 400, body.error)
    await route(body.value, res)
  }

  return (req, res, next) => {
    const path = requestPath(req)
    if (path === null) return next()
    if (path === '/config.json' && req.method === 'GET') {
      sendJson(res, 200, { SDKAppID: app.SDKAppID, url: wsUrl } satisfies DemoClientConfig)
      return
    }
    const route = postRoutes[path]
    if (!route) return next()
    if (req.method !== 'POST') {
      sendError(res, 405, chatError(ERROR_CODES.INVALID_PARAMETERS, `${path} takes POST.`))
      return
    }
    const origin = judgeOrigin(req, [])
    if (!origin.ok) {
      req.resume()
      sendError(res, 403, chatError(ERROR_CODES.INVALID_PARAMETERS, origin.message))
      return
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      req.resume()
      sendError(
        res,
        415,
        chatError(
          ERROR_CODES.INVALID_PARAMETERS,
          'Send the body as Content-Type: application/json.',
        ),
      )
      return
    }
    handlePost(route, req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, chatError(ERROR_CODES.INTERNAL_ERROR))
      else res.end()
    })
  }
}
