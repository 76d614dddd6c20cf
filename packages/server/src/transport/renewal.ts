import { ERROR_CODES } from '@chatgate/protocol'
import { RegistryUnavailableError } from '../registry/types.js'
import type { ServerContext } from '../serverContext.js'
import { verifyAppUserSig } from '../verifyAppUserSig.js'
import { isRevoked } from './login.js'
import type { LocalSession } from './sessionHub.js'

/** How a `renew` ended: the session's new expiry (Unix ms), or an error for the client. */
export type RenewalOutcome =
  | { ok: true; expiresAt: number }
  | { ok: false; code: number; message?: string }

/**
 * Decides a `renew` of a logged-in session: the new UserSig must verify for the session's
 * app and UserID, and must not predate a REST kick of the user (rule 26), or it would
 * extend a session logged in after the kick. The session is unchanged on any refusal.
 * Errors other than the registry being unavailable are thrown.
 */
export async function decideRenewal(
  session: LocalSession,
  userSig: string,
  ctx: ServerContext,
): Promise<RenewalOutcome> {
  const app = ctx.apps.get(session.sdkAppID)!
  const verified = verifyAppUserSig(app, userSig, session.userID, ctx)
  if (!verified.ok) return { ok: false, code: verified.code, message: verified.message }
  try {
    if (await isRevoked(ctx.registry, session.sdkAppID, session.userID, verified.issuedAt)) {
      return { ok: false, code: ERROR_CODES.USER_SIG_REVOKED }
    }
  } catch (error) {
    if (!(error instanceof RegistryUnavailableError)) throw error
    return { ok: false, code: ERROR_CODES.REGISTRY_UNAVAILABLE }
  }
  return { ok: true, expiresAt: verified.expiresAt * 1000 }
}
