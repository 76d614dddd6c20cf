import {
  type EndOtherSessionsRequest,
  type EndSessionRequest,
  ERROR_CODES,
  englishMessage,
  type GetSessionsRequest,
  KICK_TYPES,
  type KickedBy,
  type ServerMessage,
  type SessionInfo,
} from '@chatgate/protocol'
import type { SessionRecord } from '../policy/types.js'
import { RegistryUnavailableError } from '../registry/types.js'
import type { ServerContext } from '../serverContext.js'
import type { LocalSession } from './sessionHub.js'

/** The requests about the user's own sessions (design.md rule 33). */
export type SessionRequest = GetSessionsRequest | EndSessionRequest | EndOtherSessionsRequest

/**
 * Answers a logged-in connection's request about its user's sessions: the list, or the
 * end of one or all others. Everything is scoped to `session`'s own user: another user's
 * sessions are never read, so a foreign or forged sessionID is simply not found (90019),
 * the same answer as an unknown one. Ended sessions are kicked through the registry like
 * any kick (wherever they are, in grace included), with type `sessionEnded` and `by`
 * the asking session.
 */
export async function answerSessionRequest(
  request: SessionRequest,
  session: LocalSession,
  ctx: ServerContext,
): Promise<ServerMessage> {
  const { seq } = request
  try {
    switch (request.op) {
      case 'getSessions': {
        const records = await ctx.registry.listUser(session.sdkAppID, session.userID)
        return { op: 'sessions', seq, sessions: records.map((r) => sessionInfo(r, session)) }
      }
      case 'endSession':
        return await endSession(request, session, ctx)
      case 'endOtherSessions': {
        const { sdkAppID, userID, sessionId } = session
        const ended = await ctx.registry.kickUser(
          sdkAppID,
          userID,
          KICK_TYPES.KICKED_OUT_SESSION_ENDED,
          {
            except: sessionId,
            by: kickedBy(session),
          },
        )
        logEnded(session, ended.length, ctx)
        return { op: 'sessionsEnded', seq, ended: ended.length }
      }
      default:
        return request satisfies never
    }
  } catch (error) {
    if (!(error instanceof RegistryUnavailableError)) throw error
    return errorReply(seq, ERROR_CODES.REGISTRY_UNAVAILABLE)
  }
}

async function endSession(
  request: EndSessionRequest,
  session: LocalSession,
  ctx: ServerContext,
): Promise<ServerMessage> {
  const { seq, sessionID } = request
  const { sdkAppID, userID } = session
  const target = (await ctx.registry.listUser(sdkAppID, userID)).find(
    (r) => r.publicId === sessionID,
  )
  if (!target) return errorReply(seq, ERROR_CODES.NO_SUCH_SESSION)
  if (target.sessionId === session.sessionId) return errorReply(seq, ERROR_CODES.CURRENT_SESSION)
  const ended = await ctx.registry.kickSession(
    sdkAppID,
    userID,
    target.sessionId,
    KICK_TYPES.KICKED_OUT_SESSION_ENDED,
    kickedBy(session),
  )
  // Gone between the lookup and the kick (logged out, kicked): there is no such session now.
  if (!ended) return errorReply(seq, ERROR_CODES.NO_SUCH_SESSION)
  logEnded(session, 1, ctx)
  return { op: 'sessionsEnded', seq, ended: 1 }
}

function sessionInfo(record: SessionRecord, asker: LocalSession): SessionInfo {
  return {
    sessionID: record.publicId,
    platform: record.platform,
    device: record.device,
    loginTime: record.loginAt,
    lastActiveTime: record.lastSeenAt,
    address: record.address,
    current: record.sessionId === asker.sessionId,
  }
}

const kickedBy = (session: LocalSession): KickedBy => ({
  platform: session.platform,
  device: session.device,
})

function logEnded(session: LocalSession, ended: number, ctx: ServerContext): void {
  const { sdkAppID, userID, platform } = session
  ctx.logger.info('sessions_ended', { sdkAppID, userID, platform, ended })
}

function errorReply(seq: number, code: number): ServerMessage {
  return { op: 'error', seq, code, message: englishMessage(code) }
}
