import { randomBytes } from 'node:crypto'
import { CLOSE_CODES, ERROR_CODES, type LoginRequest } from '@chatgate/protocol'
import { verifyUserSig } from '@chatgate/usersig'
import type { AppConfig } from '../config.js'
import { RegistryUnavailableError } from '../registry/types.js'
import type { Connection } from './connection.js'
import type { ServerContext } from './context.js'
import type { LocalSession } from './sessionHub.js'

// One call into the CSPRNG per 256 ids: a call per login costs more than the rest of
// the id's work.
const ID_BYTES = 16
let pool = Buffer.alloc(0)
let poolOffset = 0

/** 128 random bits: the session id doubles as the client's token to resume it. */
export function newSessionId(): string {
  if (poolOffset + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * 256)
    poolOffset = 0
  }
  const id = pool.toString('base64url', poolOffset, poolOffset + ID_BYTES)
  poolOffset += ID_BYTES
  return id
}

/**
 * A connection's login, in the order the protocol promises: app known (70020), not
 * rate-limited (70050), UserSig valid for this app and UserID (its code), then admission
 * or resume. A failure replies with its code and closes; a failed check counts against
 * the address and the UserID.
 */
export async function login(
  conn: Connection,
  request: LoginRequest,
  ctx: ServerContext,
): Promise<void> {
  const { seq, sdkAppID, userID } = request
  const app = ctx.apps.get(sdkAppID)
  if (!app) {
    ctx.limiter.recordFailure(conn.address, undefined)
    conn.refuseLogin(seq, ERROR_CODES.SDK_APP_ID_NOT_FOUND, CLOSE_CODES.LOGIN_REFUSED)
    return
  }
  const userKey = `${sdkAppID}:${userID}`
  if (ctx.limiter.isBlocked(conn.address, userKey)) {
    conn.refuseLogin(seq, ERROR_CODES.TOO_MANY_FAILED_LOGINS, CLOSE_CODES.RATE_LIMITED)
    return
  }
  const verified = verifyUserSig(request.userSig, {
    sdkAppID,
    secretKey: app.secretKey,
    userID,
    now: Math.floor(ctx.now() / 1000),
    clockSkewSeconds: ctx.clockSkewSeconds,
  })
  if (!verified.ok) {
    ctx.limiter.recordFailure(conn.address, userKey)
    conn.refuseLogin(seq, verified.code, CLOSE_CODES.LOGIN_REFUSED, verified.message)
    return
  }
  const expiresAt = verified.expiresAt * 1000
  try {
    if (request.resume !== undefined) await resume(conn, request, app, expiresAt, ctx)
    else await admit(conn, request, app, expiresAt, ctx)
  } catch (error) {
    if (!(error instanceof RegistryUnavailableError)) throw error
    ctx.logger.warn('registry_unavailable', { userID, error: error.message })
    conn.refuseLogin(seq, ERROR_CODES.REGISTRY_UNAVAILABLE, CLOSE_CODES.TRY_AGAIN_LATER)
  }
}

async function admit(
  conn: Connection,
  request: LoginRequest,
  app: AppConfig,
  expiresAt: number,
  ctx: ServerContext,
): Promise<void> {
  const session: LocalSession = {
    sessionId: newSessionId(),
    sdkAppID: app.SDKAppID,
    userID: request.userID,
  }
  const evictions = await ctx.registry.admit(
    { ...session, platform: request.platform, nodeId: ctx.registry.nodeId, loginAt: ctx.now() },
    app.login,
  )
  ctx.metrics.loginSucceeded(false)
  ctx.logger.info('login', {
    sdkAppID: app.SDKAppID,
    userID: request.userID,
    platform: request.platform,
    address: conn.address,
    evicted: evictions.length,
  })
  finish(conn, request.seq, session, expiresAt, false, ctx)
}

async function resume(
  conn: Connection,
  request: LoginRequest,
  app: AppConfig,
  expiresAt: number,
  ctx: ServerContext,
): Promise<void> {
  const sessionId = request.resume!
  const found = await ctx.registry.claim(
    app.SDKAppID,
    request.userID,
    sessionId,
    ctx.registry.nodeId,
  )
  switch (found.status) {
    case 'live': {
      ctx.metrics.loginSucceeded(true)
      ctx.logger.info('resume', {
        sdkAppID: app.SDKAppID,
        userID: request.userID,
        address: conn.address,
      })
      const session: LocalSession = { sessionId, sdkAppID: app.SDKAppID, userID: request.userID }
      finish(conn, request.seq, session, expiresAt, true, ctx)
      return
    }
    case 'kicked':
      // Displaced while offline: tell the client how, and never resurrect the session.
      ctx.metrics.kickDelivered(found.type)
      conn.deliverKick(found.type)
      return
    case 'unknown':
      // Released after its grace period: this is simply a new login.
      await admit(conn, request, app, expiresAt, ctx)
      return
    default:
      found satisfies never
  }
}

/** Attaches the session, or, when the socket closed while the registry worked, holds it for grace. */
function finish(
  conn: Connection,
  seq: number,
  session: LocalSession,
  expiresAt: number,
  resumed: boolean,
  ctx: ServerContext,
): void {
  if (!conn.isOpen) {
    ctx.hub.holdDetached(session)
    return
  }
  conn.becomeReady(seq, session, expiresAt, resumed)
}
