import type { IncomingMessage, ServerResponse } from 'node:http'
import { ERROR_CODES, isValidUserID, KICK_TYPES, REST_PLATFORM_NAME } from '@chatgate/protocol'
import type { AppConfig } from '../config.js'
import type { Logger } from '../logger.js'
import type { SessionRegistry } from '../registry/types.js'
import { RegistryUnavailableError } from '../registry/types.js'
import { type UserSigRules, verifyAppUserSig } from '../verifyAppUserSig.js'
import { readKickBody, readQueryBody } from './adminBodies.js'
import type { OnlineStatusResult, QueryOnlineStatusResponse, RestEnvelope } from './adminTypes.js'
import { readJsonBody, sendJson } from './httpIo.js'
import { failEnvelope, RestFailure } from './restFailure.js'

export type {
  KickRequestBody,
  OnlineStatusResult,
  QueryOnlineStatusBody,
  QueryOnlineStatusResponse,
  RestEnvelope,
} from './adminTypes.js'

export const KICK_PATH = '/v4/im_open_login_svc/kick'
export const QUERY_ONLINE_STATUS_PATH = '/v4/openim/query_online_status'
export const ADMIN_PATHS: readonly string[] = [KICK_PATH, QUERY_ONLINE_STATUS_PATH]

export interface AdminRouteContext extends UserSigRules {
  apps: ReadonlyMap<number, AppConfig>
  registry: SessionRegistry
  logger: Logger
}

const OK: RestEnvelope = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' }

/** Checks `sdkappid`, `identifier` (the app's admin) and `usersig` (valid for the admin). */
function authenticate(query: URLSearchParams, ctx: AdminRouteContext): AppConfig {
  const sdkAppID = Number(query.get('sdkappid'))
  const app = Number.isSafeInteger(sdkAppID) ? ctx.apps.get(sdkAppID) : undefined
  if (!app) throw new RestFailure(ERROR_CODES.SDK_APP_ID_NOT_FOUND)
  if (query.get('identifier') !== app.admin) throw new RestFailure(ERROR_CODES.NOT_ADMIN)
  const verified = verifyAppUserSig(app, query.get('usersig') ?? '', app.admin, ctx)
  if (!verified.ok) throw new RestFailure(verified.code, verified.message)
  return app
}

async function kick(
  app: AppConfig,
  body: unknown,
  ctx: AdminRouteContext,
  address: string,
): Promise<RestEnvelope> {
  const { UserID } = readKickBody(body)
  const kicked = await ctx.registry.kickUser(app.SDKAppID, UserID, KICK_TYPES.KICKED_OUT_REST_API)
  // Who kicked whom, for the operator (rule 36): the admin's identity, the caller's address.
  ctx.logger.info('rest_kick', {
    sdkAppID: app.SDKAppID,
    admin: app.admin,
    address,
    userID: UserID,
    sessions: kicked.length,
  })
  return OK
}

async function queryOnlineStatus(
  app: AppConfig,
  body: unknown,
  ctx: AdminRouteContext,
): Promise<QueryOnlineStatusResponse> {
  const { accounts, withDetail } = readQueryBody(body)
  const response: QueryOnlineStatusResponse = { ...OK, QueryResult: [], ErrorList: [] }
  for (const account of accounts) {
    if (!isValidUserID(account)) {
      response.ErrorList.push({ To_Account: account, ErrorCode: ERROR_CODES.USER_ID_INVALID })
      continue
    }
    const sessions = await ctx.registry.listUser(app.SDKAppID, account)
    const status = sessions.length > 0 ? 'Online' : 'Offline'
    const result: OnlineStatusResult = { To_Account: account, Status: status, State: status }
    if (withDetail) {
      result.Detail = sessions.map((s) => ({
        Platform: REST_PLATFORM_NAME[s.platform],
        Status: 'Online',
      }))
    }
    response.QueryResult.push(result)
  }
  return response
}

/**
 * Serves the admin REST calls with Tencent's paths, query parameters and envelope.
 * Like Tencent's, failures answer HTTP 200 with `ActionStatus: "FAIL"` and a code.
 * Returns whether the call succeeded, for metrics.
 */
export async function handleAdminRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: AdminRouteContext,
  /** The caller's address (behind `trustProxy`, from `X-Forwarded-For`), for the log. */
  address: string,
): Promise<boolean> {
  try {
    const app = authenticate(url.searchParams, ctx)
    const body = await readJsonBody(req)
    if (!body.ok) {
      throw new RestFailure(
        ERROR_CODES.INVALID_PARAMETERS,
        body.problem === 'tooLarge'
          ? 'The body is larger than 64 KiB.'
          : 'The body is not valid JSON.',
      )
    }
    const answer =
      url.pathname === KICK_PATH
        ? await kick(app, body.value, ctx, address)
        : await queryOnlineStatus(app, body.value, ctx)
    sendJson(res, 200, answer)
    return true
  } catch (error) {
    const failure =
      error instanceof RestFailure
        ? error
        : error instanceof RegistryUnavailableError
          ? new RestFailure(ERROR_CODES.REGISTRY_UNAVAILABLE)
          : undefined
    if (!failure) throw error
    req.resume()
    sendJson(res, 200, failEnvelope(failure.code, failure.message))
    return false
  }
}
