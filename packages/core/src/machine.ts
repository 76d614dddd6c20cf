import {
  type ChatError,
  type ClientErrorCode,
  EVENT,
  type EventName,
  type NetState,
  NOT_LOGGED_IN,
  NOT_READY_LOGGED_OUT,
  NOT_READY_LOGGING_IN,
  NOT_READY_LOGIN_FAILED,
  notReadyCodeForKick,
} from '@chatgate/protocol'
import type { ChatSnapshot, KickInfo } from './snapshot.js'

export interface MachineState {
  snapshot: ChatSnapshot
  /** What a call that needs a ready SDK rejects with now (rule 9). */
  notReadyCode: ClientErrorCode
  /**
   * The notice of the last change: an event that tells of something rather than a change
   * of the snapshot (ERROR for a failure no promise reports, USER_SIG_EXPIRING). Only the
   * change that makes it carries it, so each is raised exactly once.
   */
  notice: [EventName, unknown] | null
}

const LOGGED_OUT = {
  loginStatus: 3,
  userID: '',
  ready: false,
  netState: 'disconnected',
  userSigExpiresAt: null,
} as const

export const initialState: MachineState = {
  snapshot: Object.freeze({ ...LOGGED_OUT, kick: null, error: null }),
  notReadyCode: NOT_LOGGED_IN,
  notice: null,
}

/**
 * The one place a client's state changes. The snapshot keeps its identity when the patch
 * changes nothing in it; a notice is raised by the change that makes it, never again.
 */
function change(
  state: MachineState,
  patch: Partial<ChatSnapshot>,
  notReadyCode = state.notReadyCode,
  notice: MachineState['notice'] = null,
): MachineState {
  const { snapshot } = state
  const changed = (Object.keys(patch) as (keyof ChatSnapshot)[]).some(
    (key) => patch[key] !== snapshot[key],
  )
  return {
    snapshot: changed ? Object.freeze({ ...snapshot, ...patch }) : snapshot,
    notReadyCode,
    notice,
  }
}

/**
 * Something that happened to a client's session, network or last failure, as a function
 * from one state to the next; the functions below make them, and the client applies each
 * to its state. None reads the state but through `change`, so the snapshot keeps its
 * identity whenever nothing changed.
 */
export type Action = (state: MachineState) => MachineState

export const loginStarted =
  (userID: string): Action =>
  (state) =>
    change(
      state,
      { loginStatus: 2, userID, ready: false, netState: 'connecting', error: null },
      NOT_READY_LOGGING_IN,
    )

export const loggedIn =
  (userID: string, expiresAt: number): Action =>
  (state) =>
    change(state, {
      loginStatus: 1,
      userID,
      ready: true,
      netState: 'connected',
      kick: null,
      error: null,
      userSigExpiresAt: expiresAt,
    })

export const userSigRenewed =
  (expiresAt: number): Action =>
  (state) =>
    change(state, { userSigExpiresAt: expiresAt })

/** The UserSig expires soon: USER_SIG_EXPIRING. */
export const userSigExpiring =
  (expiresAt: number): Action =>
  (state) =>
    change(state, {}, undefined, [EVENT.USER_SIG_EXPIRING, { expiresAt }])

export const netStateChanged =
  (netState: NetState): Action =>
  (state) =>
    change(state, { netState })

/** The login was refused; its promise reports why, so no ERROR. */
export const loginRefused =
  (error: ChatError): Action =>
  (state) =>
    change(state, { ...LOGGED_OUT, error }, NOT_READY_LOGIN_FAILED)

/** The server ended the session (a refused resume, a close that says stop): ERROR. */
export const endedByServer =
  (error: ChatError): Action =>
  (state) =>
    change(state, { ...LOGGED_OUT, error }, NOT_READY_LOGIN_FAILED, [EVENT.ERROR, error])

export const kickedOut =
  (kick: KickInfo): Action =>
  (state) =>
    change(state, { ...LOGGED_OUT, kick }, notReadyCodeForKick(kick.type))

export const loggedOut: Action = (state) => change(state, LOGGED_OUT, NOT_READY_LOGGED_OUT)

/** Renewing the UserSig with `getUserSig` failed; the session goes on: ERROR. */
export const renewFailed =
  (error: ChatError): Action =>
  (state) =>
    change(state, { error }, undefined, [EVENT.ERROR, error])

/** The server reported an error no request waits for; what follows (a close) decides. */
export const serverError =
  (error: ChatError): Action =>
  (state) =>
    change(state, { error })

/**
 * Raises the events a change from `prev` to `next` makes, in the order the original SDK
 * raises them: a kick before SDK_NOT_READY, the network state before SDK_READY; then
 * Chatgate's ERROR and USER_SIG_EXPIRING. Every event a client emits, but SDK_DESTROY,
 * comes from here.
 */
export function emitEventsBetween(
  prev: MachineState,
  next: MachineState,
  emit: (name: EventName, data?: unknown) => void,
): void {
  const was = prev.snapshot
  const is = next.snapshot
  if (is.kick && is.kick !== was.kick) {
    // Tencent's `{ type }`, and `by` when the kick has one.
    const { type, by } = is.kick
    emit(EVENT.KICKED_OUT, by ? { type, by } : { type })
  }
  if (was.ready && !is.ready) emit(EVENT.SDK_NOT_READY)
  if (was.netState !== is.netState) emit(EVENT.NET_STATE_CHANGE, { state: is.netState })
  if (!was.ready && is.ready) emit(EVENT.SDK_READY)
  if (next.notice) emit(...next.notice)
}
