import type { ChatSnapshot } from '@chatgate/core'
import { ChatError, EVENT, type EventName } from '@chatgate/protocol'

/**
 * The messages tabs exchange over their BroadcastChannel, told apart by `t`. The channel
 * name carries a version, so tabs of two releases of an app never read each other.
 *
 * Structured clone keeps an `Error`'s message but drops its `code`, and unfreezes objects:
 * errors travel as `{ code, message }` and snapshots are frozen again on arrival.
 */
export type TabMessage =
  /** A tab that just opened asks the leader for its state. */
  | { t: 'hello' }
  /** The leader's snapshot after each change, with the event it raised that no snapshot
   * change tells (ERROR, USER_SIG_EXPIRING), and what a successor needs to resume. */
  | { t: 'state'; from: string; snapshot: WireSnapshot; resume?: Resumable; notice?: Notice }
  /** A follower's call, for the leader `to`; `id` matches the reply. `arg`: the login's
   * options, or the sessionID of `endSession`. */
  | { t: 'call'; to: string; id: string; op: CallOp; arg?: WireLogin | string }
  | { t: 'reply'; id: string; data?: unknown; error?: WireError }
  /** The leader needs a fresh UserSig and has no `getUserSig` of its own. */
  | { t: 'sig?'; id: string; userID: string }
  | { t: 'sig'; id: string; userSig?: string; error?: WireError }

/** The calls a follower asks the leader to make on the shared `Chat`. */
export type CallOp = 'login' | 'logout' | 'getSessions' | 'endSession' | 'endOtherSessions'

/** What a tab needs to resume the shared session: kept in memory and on the channel only. */
export interface Resumable {
  sessionId: string
  userSig: string
  /** Whether the login came with a `getUserSig`: the leader renews the UserSig in place. */
  renewable: boolean
  /** The login's own device label, so a new leader's resume names the same device. */
  device?: string | undefined
}

export interface WireLogin {
  userID: string
  userSig: string
  renewable: boolean
  device?: string | undefined
}

export type WireError = Pick<ChatError, 'code' | 'message'>
export type WireSnapshot = Omit<ChatSnapshot, 'error'> & { error: WireError | null }
export type Notice = [EventName, unknown]

export const toWireError = ({ code, message }: ChatError): WireError => ({ code, message })
export const fromWireError = ({ code, message }: WireError) => new ChatError(code, message)

export const toWireSnapshot = (snapshot: ChatSnapshot): WireSnapshot => ({
  ...snapshot,
  error: snapshot.error && toWireError(snapshot.error),
})

export const fromWireSnapshot = (wire: WireSnapshot): ChatSnapshot =>
  Object.freeze({ ...wire, error: wire.error && fromWireError(wire.error) })

/** ERROR's data is a ChatError, the others' plain data. */
export const toWireNotice = ([name, data]: Notice): Notice => [
  name,
  name === EVENT.ERROR ? toWireError(data as ChatError) : data,
]

export const fromWireNotice = ([name, data]: Notice): Notice => [
  name,
  name === EVENT.ERROR ? fromWireError(data as WireError) : data,
]
