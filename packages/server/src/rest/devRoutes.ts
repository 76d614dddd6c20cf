import type { IncomingMessage, ServerResponse } from 'node:http'
import { ERROR_CODES, englishMessage, isValidUserID } from '@chatgate/protocol'
import { signUserSig } from '@chatgate/usersig'
import type { AppConfig } from '../config.js'
import { isJsonContentType, judgeOrigin } from './devOrigin.js'
import { readJsonBody, sendJson } from './httpIo.js'

export const DEV_USERSIG_PATH = '/dev/usersig'

/** Default validity of a development UserSig: one day. */
export const DEV_USERSIG_DEFAULT_EXPIRE_SECONDS = 86_400
/** Longest validity it hands out: 180 days, Tencent's default (less if `limits.maxUserSigSeconds` is). */
export const DEV_USERSIG_MAX_EXPIRE_SECONDS = 180 * 86_400

export interface DevUserSigRequest {
  SDKAppID: number
  userID: string
  expireSeconds?: number
}

export interface DevRouteContext {
  apps: ReadonlyMap<number, AppConfig>
  /** Unix ms. */
  now: () => number
  /** Sigs the server would refuse as too long-lived are not handed out either. */
  maxUserSigSeconds: number
  /** The config's `dev` section. */
  dev: { allowOrigins: readonly string[] }
}

function refuse(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  code: number,
  message = englishMessage(code),
) {
  sendJson(res, status, { code, message }, headers)
}

/**
 * `POST /dev/usersig {SDKAppID, userID, expireSeconds?}` → `{userSig}`: signs with the
 * app's key so a demo needs no business backend. Only served when `dev.usersigEndpoint`
 * is true; whoever may call it can log in as any user but the app's admin, whose sig
 * would open the admin REST API. It takes JSON only, so a web page of another origin
 * cannot send it a "simple" (unpreflighted) request, and it answers only the origins of
 * `judgeOrigin`.
 */
export async function handleDevUserSig(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: DevRouteContext,
): Promise<void> {
  const origin = judgeOrigin(req, ctx.dev.allowOrigins)
  const { headers } = origin
  if (!origin.ok) {
    req.resume()
    const hint = origin.reason === 'origin' ? ' List it in dev.allowOrigins to allow it.' : ''
    refuse(res, 403, headers, ERROR_CODES.INVALID_PARAMETERS, origin.message + hint)
    return
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, headers)
    res.end()
    return
  }
  if (req.method !== 'POST') {
    refuse(res, 405, { ...headers, allow: 'POST' }, ERROR_CODES.INVALID_PARAMETERS, 'Use POST.')
    return
  }
  if (!isJsonContentType(req.headers['content-type'])) {
    req.resume()
    refuse(
      res,
      415,
      headers,
      ERROR_CODES.INVALID_PARAMETERS,
      'Send the body as Content-Type: application/json.',
    )
    return
  }
  const body = await readJsonBody(req)
  if (!body.ok) {
    const message =
      body.problem === 'tooLarge' ? 'The body is too large.' : 'The body is not valid JSON.'
    refuse(res, 400, headers, ERROR_CODES.INVALID_PARAMETERS, message)
    return
  }
  const value = body.value
  const field = (name: keyof DevUserSigRequest): unknown =>
    typeof value === 'object' && value !== null && Object.hasOwn(value, name)
      ? (value as Record<string, unknown>)[name]
      : undefined
  const sdkAppID = field('SDKAppID')
  const app = typeof sdkAppID === 'number' ? ctx.apps.get(sdkAppID) : undefined
  if (!app) {
    refuse(res, 404, headers, ERROR_CODES.SDK_APP_ID_NOT_FOUND)
    return
  }
  const userID = field('userID')
  if (!isValidUserID(userID)) {
    refuse(res, 400, headers, ERROR_CODES.USER_ID_INVALID)
    return
  }
  if (userID === app.admin) {
    refuse(
      res,
      403,
      headers,
      ERROR_CODES.INVALID_PARAMETERS,
      'The development endpoint never signs the app’s admin identifier: sign admin sigs where the secret key lives.',
    )
    return
  }
  const maxExpire = Math.min(DEV_USERSIG_MAX_EXPIRE_SECONDS, ctx.maxUserSigSeconds)
  const expireSeconds =
    field('expireSeconds') ?? Math.min(DEV_USERSIG_DEFAULT_EXPIRE_SECONDS, maxExpire)
  if (
    typeof expireSeconds !== 'number' ||
    !Number.isInteger(expireSeconds) ||
    expireSeconds < 1 ||
    expireSeconds > maxExpire
  ) {
    refuse(
      res,
      400,
      headers,
      ERROR_CODES.INVALID_PARAMETERS,
      `expireSeconds must be 1 to ${maxExpire}.`,
    )
    return
  }
  const userSig = signUserSig({
    sdkAppID: app.SDKAppID,
    secretKey: app.secretKey,
    userID,
    expireSeconds,
    now: Math.floor(ctx.now() / 1000),
  })
  sendJson(res, 200, { userSig }, headers)
}
