import { randomBytes } from 'node:crypto'
import { CLOSE_CODES, ERROR_CODES, type LoginRequest } from '@chatgate/protocol'
import type { AppConfig } from '../config.js'
import {
  AdmissionRefusedError,
  type KickReason,
  RegistryUnavailableError,
  type SessionRegistry,
} from '../registry/types.js'
import type { ServerContext } from '../serverContext.js'
import { verifyAppUserSig } from '../verifyAppUserSig.js'
import type { LocalSession } from './sessionHub.js'

// One call into the CSPRNG per 256 ids: a call per login costs more than the rest of
// the id's work.
const ID_BYTES = 16
let pool = Buffer.alloc(0)
let poolOffset = 0

/**
 * 128 random bits: the session id doubles as the client's token to resume it. The same
 * makes a session's public id (`sessionID` in the session list), drawn separately.
 */
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
 * How a login ended, for the connection to apply:
 * - `ready`: the registry admitted (or, `resumed`, re-attached) the session; `expiresAt`
 *   is when its UserSig expires, Unix ms.
 * - `refused`: an `error` with `code` (and `message`), then a close with `closeCode`.
 * - `kicked`: the session to resume was displaced while its client was away.
 */
export type LoginOutcome =
  | { kind: 'ready'; session: LocalSession; expiresAt: number; resumed: boolean }
  | LoginRefusal
  | ({ kind: 'kicked' } & KickReason)

export interface LoginRefusal {
  kind: 'refused'
  code: number
  closeCode: number
  message?: string
}

/** Where a login comes from: the client's address, for limits and logs. */
export interface LoginSource {
  readonly address: string
}

/**
 * Decides a connection's login, in the order the protocol promises: app known (70020),
 * address not over its failed-login limit (70050), UserSig valid for this app and UserID
 * (its code, or 70050 while the UserID is over its failed-login limit), then admission or
 * resume. A failed check counts against the address and the UserID. A UserSig that
 * verifies is never refused for its UserID's failures: they may be anyone's (rule 34).
 */
export async function login(
  request: LoginRequest,
  source: LoginSource,
  ctx: ServerContext,
): Promise<LoginOutcome> {
  const { sdkAppID, userID } = request
  const app = ctx.apps.get(sdkAppID)
  if (!app) {
    ctx.limiter.recordFailure(source.address, undefined)
    return refused(ERROR_CODES.SDK_APP_ID_NOT_FOUND, CLOSE_CODES.LOGIN_REFUSED)
  }
  if (ctx.limiter.isAddressBlocked(source.address)) {
    return refused(ERROR_CODES.TOO_MANY_FAILED_LOGINS, CLOSE_CODES.RATE_LIMITED)
  }
  const verified = verifyAppUserSig(app, request.userSig, userID, ctx)
  if (!verified.ok) {
    const userKey = `${sdkAppID}:${userID}`
    // A guesser of this UserID's sigs learns nothing more than "slow down".
    const throttled = ctx.limiter.isUserBlocked(userKey)
    ctx.limiter.recordFailure(source.address, userKey)
    return throttled
      ? refused(ERROR_CODES.TOO_MANY_FAILED_LOGINS, CLOSE_CODES.RATE_LIMITED)
      : refused(verified.code, CLOSE_CODES.LOGIN_REFUSED, verified.message)
  }
  const expiresAt = verified.expiresAt * 1000
  const { issuedAt } = verified
  try {
    return request.resume === undefined
      ? await admit(request, app, expiresAt, issuedAt, source, ctx)
      : await resume(request, request.resume, app, expiresAt, issuedAt, source, ctx)
  } catch (error) {
    if (error instanceof AdmissionRefusedError) {
      // 90013 passes with time (the client comes back later); 90014 needs a new UserSig.
      const retry = error.code === ERROR_CODES.TOO_MANY_LOGINS
      // A revoked sig is a bad credential: tried again and again, its address is limited.
      if (!retry) ctx.limiter.recordFailure(source.address, undefined)
      ctx.logger.debug('login_refused', { sdkAppID, userID, code: error.code })
      return refused(error.code, retry ? CLOSE_CODES.TRY_AGAIN_LATER : CLOSE_CODES.LOGIN_REFUSED)
    }
    if (!(error instanceof RegistryUnavailableError)) throw error
    ctx.logger.warn('registry_unavailable', { userID, error: error.message })
    return refused(ERROR_CODES.REGISTRY_UNAVAILABLE, CLOSE_CODES.TRY_AGAIN_LATER)
  }
}

/** A first frame that claimed to be a login but had a bad field (UserID, oversize sig, …). */
export function refuseInvalidLogin(
  code: number,
  message: string,
  source: LoginSource,
  ctx: ServerContext,
): LoginRefusal {
  ctx.limiter.recordFailure(source.address, undefined)
  return refused(code, CLOSE_CODES.LOGIN_REFUSED, message)
}

/** Whether a UserSig issued at `issuedAt` (Unix seconds) was revoked by a REST kick of the user. */
export async function isRevoked(
  registry: SessionRegistry,
  sdkAppID: number,
  userID: string,
  issuedAt: number,
): Promise<boolean> {
  const revokedUpTo = await registry.revokedUpTo(sdkAppID, userID)
  return revokedUpTo !== undefined && issuedAt <= revokedUpTo
}

function refused(code: number, closeCode: number, message?: string): LoginRefusal {
  return message === undefined
    ? { kind: 'refused', code, closeCode }
    : { kind: 'refused', code, closeCode, message }
}

async function admit(
  request: LoginRequest,
  app: AppConfig,
  expiresAt: number,
  issuedAt: number,
  source: LoginSource,
  ctx: ServerContext,
): Promise<LoginOutcome> {
  const session: LocalSession = {
    sessionId: newSessionId(),
    sdkAppID: app.SDKAppID,
    userID: request.userID,
    platform: request.platform,
    device: request.device ?? '',
  }
  const loginAt = ctx.now()
  const evictions = await ctx.registry.admit(
    {
      ...session,
      nodeId: ctx.registry.nodeId,
      loginAt,
      publicId: newSessionId(),
      // The connection's own string: the session keeps no copy of its own.
      address: source.address,
      lastSeenAt: loginAt,
    },
    app.login,
    { userSigIssuedAt: issuedAt },
  )
  ctx.metrics.loginSucceeded(false)
  ctx.logger.info('login', {
    sdkAppID: app.SDKAppID,
    userID: request.userID,
    platform: request.platform,
    address: source.address,
    evicted: evictions.length,
  })
  return { kind: 'ready', session, expiresAt, resumed: false }
}

async function resume(
  request: LoginRequest,
  sessionId: string,
  app: AppConfig,
  expiresAt: number,
  issuedAt: number,
  source: LoginSource,
  ctx: ServerContext,
): Promise<LoginOutcome> {
  const { userID } = request
  // A live session survived every REST kick since its admission, but the sig presented
  // now may predate one of them (rule 26): then the session is only looked at, not claimed.
  const revoked = await isRevoked(ctx.registry, app.SDKAppID, userID, issuedAt)
  const found = revoked
    ? await ctx.registry.lookup(app.SDKAppID, userID, sessionId)
    : await ctx.registry.claim(app.SDKAppID, userID, sessionId, ctx.registry.nodeId, source.address)
  switch (found.status) {
    case 'live': {
      if (revoked) {
        ctx.limiter.recordFailure(source.address, undefined)
        return refused(ERROR_CODES.USER_SIG_REVOKED, CLOSE_CODES.LOGIN_REFUSED)
      }
      ctx.metrics.loginSucceeded(true)
      ctx.logger.info('resume', { sdkAppID: app.SDKAppID, userID, address: source.address })
      // Platform and device as the session's login named them, whatever the resume says.
      const { platform, device } = found.session
      const session: LocalSession = { sessionId, sdkAppID: app.SDKAppID, userID, platform, device }
      return { kind: 'ready', session, expiresAt, resumed: true }
    }
    case 'kicked': {
      // Displaced while offline: tell the client how, and never resurrect the session.
      ctx.metrics.kickDelivered(found.type)
      const { type, by } = found
      return by ? { kind: 'kicked', type, by } : { kind: 'kicked', type }
    }
    case 'unknown':
      // Released after its grace period: this is simply a new login.
      return admit(request, app, expiresAt, issuedAt, source, ctx)
    default:
      return found satisfies never
  }
}
