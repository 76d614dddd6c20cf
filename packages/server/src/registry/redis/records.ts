import { createHash } from 'node:crypto'
import { isKickType, isPlatform, isValidDevice, type KickedBy } from '@chatgate/protocol'
import type { SessionRecord } from '../../policy/types.js'
import type { KickReason, OwnerNotice } from '../types.js'

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

/**
 * The public id of a record written before sessions had one (a node of an earlier
 * version): derived from the session id one way, so it is stable on every node and
 * cannot be turned back into the id that resumes the session.
 */
function derivedPublicId(sessionId: string): string {
  return createHash('sha256')
    .update(`chatgate-public-id:${sessionId}`)
    .digest('base64url')
    .slice(0, 22)
}

const stringOr = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : fallback

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
  // Fields a record of an earlier version lacks get what such a login would have had.
  const session: StoredSession = {
    sessionId,
    sdkAppID,
    userID,
    platform,
    nodeId,
    order,
    loginAt,
    publicId: stringOr(value.publicId, '') || derivedPublicId(sessionId),
    device: isValidDevice(value.device) ? value.device : '',
    address: stringOr(value.address, ''),
    lastSeenAt: typeof value.lastSeenAt === 'number' ? value.lastSeenAt : loginAt,
  }
  if (typeof adoptedFrom === 'string') session.adoptedFrom = adoptedFrom
  return session
}

export function encodeSession(session: StoredSession): string {
  const { sessionId, sdkAppID, userID, platform, nodeId, order, loginAt, adoptedFrom } = session
  const { publicId, device, address, lastSeenAt } = session
  return JSON.stringify({
    sessionId,
    sdkAppID,
    userID,
    platform,
    nodeId,
    order,
    loginAt,
    publicId,
    device,
    address,
    lastSeenAt,
    adoptedFrom,
  })
}

/** A notice's or tombstone's `by`, checked like a login's fields; undefined when not one. */
function asKickedBy(value: unknown): KickedBy | undefined {
  if (!isFields(value) || !isPlatform(value.platform)) return undefined
  const { device } = value
  if (typeof device !== 'string' || (device !== '' && !isValidDevice(device))) return undefined
  return { platform: value.platform, device }
}

/**
 * A tombstone's value: the bare kick type when nobody caused the kick (as earlier versions
 * wrote every tombstone), else JSON with the type and `by`.
 */
export function encodeTombstone(reason: KickReason): string {
  return reason.by ? JSON.stringify({ type: reason.type, by: reason.by }) : reason.type
}

export function decodeTombstone(value: unknown): KickReason | undefined {
  if (isKickType(value)) return { type: value }
  if (typeof value !== 'string') return undefined
  const fields = jsonFields(value)
  if (!fields || !isKickType(fields.type)) return undefined
  const by = asKickedBy(fields.by)
  return by ? { type: fields.type, by } : { type: fields.type }
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
    const notice: OwnerNotice = { kind: 'kick', session, type }
    if (typeof decidedAt === 'number') notice.decidedAt = decidedAt
    const by = asKickedBy(fields.notice.by)
    if (by) notice.by = by
    return { version: fields.version, notice }
  }
  if (kind === 'takeover' && typeof nodeId === 'string') {
    return { version: fields.version, notice: { kind, session, nodeId } }
  }
  return undefined
}
