import { isKickType, isPlatform } from '@chatgate/protocol'
import type { SessionRecord } from '../../policy/types.js'
import type { OwnerNotice } from '../types.js'

type Fields = Record<string, unknown>

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function jsonFields(text: string): Fields | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return isFields(value) ? value : undefined
  } catch {
    return undefined
  }
}

/**
 * A session as Redis stores it. `adoptedFrom`: the node that stopped or died while serving
 * it; the owner (`nodeId`) holds it for its grace period. If that node was alive after all
 * (its heartbeat had only lapsed), it takes the session back.
 */
export type StoredSession = SessionRecord & { adoptedFrom?: string }

function asSessionRecord(value: unknown): StoredSession | undefined {
  if (!isFields(value)) return undefined
  const { sessionId, sdkAppID, userID, platform, nodeId, order, loginAt, adoptedFrom } = value
  if (
    typeof sessionId !== 'string' ||
    typeof sdkAppID !== 'number' ||
    typeof userID !== 'string' ||
    !isPlatform(platform) ||
    typeof nodeId !== 'string' ||
    typeof order !== 'number' ||
    typeof loginAt !== 'number'
  ) {
    return undefined
  }
  const session: StoredSession = { sessionId, sdkAppID, userID, platform, nodeId, order, loginAt }
  if (typeof adoptedFrom === 'string') session.adoptedFrom = adoptedFrom
  return session
}

export function encodeSession(session: StoredSession): string {
  const { sessionId, sdkAppID, userID, platform, nodeId, order, loginAt, adoptedFrom } = session
  return JSON.stringify({
    sessionId,
    sdkAppID,
    userID,
    platform,
    nodeId,
    order,
    loginAt,
    adoptedFrom,
  })
}

/** A stored record, or undefined when the value is not one (never trusted blindly). */
export function decodeSession(text: string): StoredSession | undefined {
  return asSessionRecord(jsonFields(text))
}

/**
 * What travels on a node's channel: the notice and the user version at which the change
 * was committed, so a notice that arrives after a newer local change is recognised as
 * stale.
 */
export interface NoticeMessage {
  version: number
  notice: OwnerNotice
}

export function encodeNotice(message: NoticeMessage): string {
  return JSON.stringify(message)
}

export function decodeNotice(text: string): NoticeMessage | undefined {
  const fields = jsonFields(text)
  if (!fields || typeof fields.version !== 'number' || !isFields(fields.notice)) return undefined
  const { kind, type, nodeId, decidedAt } = fields.notice
  const session = asSessionRecord(fields.notice.session)
  if (!session) return undefined
  if (kind === 'kick' && isKickType(type)) {
    const notice: OwnerNotice =
      typeof decidedAt === 'number'
        ? { kind: 'kick', session, type, decidedAt }
        : { kind: 'kick', session, type }
    return { version: fields.version, notice }
  }
  if (kind === 'takeover' && typeof nodeId === 'string') {
    return { version: fields.version, notice: { kind, session, nodeId } }
  }
  return undefined
}
