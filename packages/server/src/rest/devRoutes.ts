import type { IncomingMessage, ServerResponse } from 'node:http'
import { ERROR_CODES, englishMessage, isValidUserID } from '@chatgate/protocol'
import { signUserSig } from '@chatgate/usersig'
import type { AppConfig } from '../config.js'
import { readJsonBody, sendJson } from './httpIo.js'

export const DEV_USERSIG_PATH = '/dev/usersig'

/** Default validity of a development UserSig: one day. */
export const DEV_USERSIG_DEFAULT_EXPIRE_SECONDS = 86_400
/** Longest validity it hands out: 180 days, Tencent's default. */
export const DEV_USERSIG_MAX_EXPIRE_SECONDS = 180 * 86_400

export interface DevUserSigRequest {
  SDKAppID: number
  userID: string
  expireSeconds?: number
}

// The demo page runs on another origin (the Vite dev server), so it needs CORS.
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
}

function refuse(res: ServerResponse, status: number, code: number, message = englishMessage(code)) {
  sendJson(res, status, { code, message }, CORS)
}

/**
 * `POST /dev/usersig {SDKAppID, userID, expireSeconds?}` → `{userSig}`: signs with the
 * app's key so a demo needs no business backend. Only served when
 * `dev.usersigEndpoint` is true; anyone who can reach it can log in as anyone.
 */
export async function handleDevUserSig(
  req: IncomingMessage,
  res: ServerResponse,
  apps: ReadonlyMap<number, AppConfig>,
  now: () => number,
): Promise<void> {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS)
    res.end()
    return
  }
  if (req.method !== 'POST') {
    refuse(res, 405, ERROR_CODES.INVALID_PARAMETERS, 'Use POST.')
    return
  }
  const body = await readJsonBody(req)
  if (!body.ok) {
    const message =
      body.problem === 'tooLarge' ? 'The body is too large.' : 'The body is not valid JSON.'
    refuse(res, 400, ERROR_CODES.INVALID_PARAMETERS, message)
    return
  }
  const fields = (body.value ?? {}) as Partial<Record<keyof DevUserSigRequest, unknown>>
  const app = typeof fields.SDKAppID === 'number' ? apps.get(fields.SDKAppID) : undefined
  if (!app) {
    refuse(res, 404, ERROR_CODES.SDK_APP_ID_NOT_FOUND)
    return
  }
  if (!isValidUserID(fields.userID)) {
    refuse(res, 400, ERROR_CODES.USER_ID_INVALID)
    return
  }
  const expireSeconds = fields.expireSeconds ?? DEV_USERSIG_DEFAULT_EXPIRE_SECONDS
  if (
    typeof expireSeconds !== 'number' ||
    !Number.isInteger(expireSeconds) ||
    expireSeconds < 1 ||
    expireSeconds > DEV_USERSIG_MAX_EXPIRE_SECONDS
  ) {
    refuse(
      res,
      400,
      ERROR_CODES.INVALID_PARAMETERS,
      `expireSeconds must be 1 to ${DEV_USERSIG_MAX_EXPIRE_SECONDS}.`,
    )
    return
  }
  const userSig = signUserSig({
    sdkAppID: app.SDKAppID,
    secretKey: app.secretKey,
    userID: fields.userID,
    expireSeconds,
    now: Math.floor(now() / 1000),
  })
  sendJson(res, 200, { userSig }, CORS)
}
