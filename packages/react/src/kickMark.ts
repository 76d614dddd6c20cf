import type { ChatClient, KickInfo } from '@chatgate/core'
import {
  type ChatError,
  clientError,
  isKickType,
  isValidUserID,
  type KickType,
  notReadyCodeForKick,
} from '@chatgate/protocol'
import { sameKick } from './kickAcknowledgement.js'
import { withStorage } from './storage.js'

/**
 * The kick this tab received last, kept in `sessionStorage` (per tab, per SDKAppID) so that
 * a reload does not log the kicked account in again by itself: while it is there, neither
 * the provider's `autoLogin` nor the gate's remembered UserID runs (rules 17 and 30).
 * A login that succeeds clears it, and so does a logout.
 */
export type KickMark = Pick<KickInfo, 'type' | 'userID'>

export const kickMarkKey = (SDKAppID: number): string => `chatgate:kicked:${SDKAppID}`

export function readKickMark(key: string): KickMark | null {
  const mark = withStorage('sessionStorage', (storage) =>
    JSON.parse(storage.getItem(key) ?? 'null'),
  ) as Partial<KickMark> | null
  return mark && isKickType(mark.type) && isValidUserID(mark.userID)
    ? { type: mark.type, userID: mark.userID }
    : null
}

export function writeKickMark(key: string, mark: KickMark | null): void {
  withStorage('sessionStorage', (storage) =>
    mark
      ? storage.setItem(key, JSON.stringify({ type: mark.type, userID: mark.userID }))
      : storage.removeItem(key),
  )
}

/** Keeps the mark in step with the client: a kick sets it, a login that succeeds clears it. */
export function markKicks(client: ChatClient, key: string): () => void {
  let previous = client.getSnapshot()
  return client.subscribe(() => {
    const next = client.getSnapshot()
    const was = previous
    previous = next
    if (next.ready && !was.ready) writeKickMark(key, null)
    else if (next.kick && !sameKick(next.kick, was.kick)) writeKickMark(key, next.kick)
  })
}

/** Why a silent login did not run after a reload: the tab's last kick, as a not-ready error. */
interface KickedBeforeReload extends ChatError {
  kickType: KickType
}

export const kickMarkError = (mark: KickMark): ChatError =>
  Object.assign(clientError(notReadyCodeForKick(mark.type)), { kickType: mark.type })

/** The kick type when `error` says a silent login was held back by a kick, else undefined. */
export const kickTypeOf = (error: ChatError): KickType | undefined =>
  (error as Partial<KickedBeforeReload>).kickType
