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

/** Everything that can happen to a client's session, network or last failure. */
export type Action =
  | { type: 'loggingIn'; userID: string }
  | { type: 'ready'; userID: string; expiresAt: number }
  | { type: 'renewed'; expiresAt: number }
  /** The UserSig expires soon: USER_SIG_EXPIRING. */
  | { type: 'expiring'; expiresAt: number }
  | { type: 'net'; netState: NetState }
  /** The login was refused; its promise reports why, so no ERROR. */
  | { type: 'refused'; error: ChatError }
  /** The server ended the session (a refused resume, a close that says stop): ERROR. */
  | { type: 'ended'; error: ChatError }
  | { type: 'kicked'; kick: KickInfo }
  | { type: 'loggedOut' }
  /** Renewing the UserSig with `getUserSig` failed; the session goes on: ERROR. */
  | { type: 'renewFailed'; error: ChatError }
  /** The server reported an error no request waits for; what follows (a close) decides. */
  | { type: 'serverError'; error: ChatError }

export interface MachineState {
  snapshot: ChatSnapshot
  /** What a call that needs a ready SDK rejects with now (rule 9). */
  notReadyCode: ClientErrorCode
  /**
   * The last notice: an event that tells of something rather than a change of the
   * snapshot (ERROR for a failure no promise reports, USER_SIG_EXPIRING). Each action
   * that makes one makes a new array, so each is raised exactly once.
   */
  notice: [EventName, unknown] | null
}

const loggedOut = {
  loginStatus: 3,
  userID: '',
  ready: false,
  netState: 'disconnected',
  userSigExpiresAt: null,
} as const

export const initialState: MachineState = {
  snapshot: Object.freeze({ ...loggedOut, kick: null, error: null }),
  notReadyCode: NOT_LOGGED_IN,
  notice: null,
}

const differs = <T extends object>(current: T, next: Partial<T>) =>
  (Object.keys(next) as (keyof T)[]).some((key) => next[key] !== current[key])

function change(
  state: MachineState,
  patch: Partial<ChatSnapshot>,
  notReadyCode = state.notReadyCode,
  notice = state.notice,
): MachineState {
  const snapshot = differs(state.snapshot, patch)
    ? Object.freeze({ ...state.snapshot, ...patch })
    : state.snapshot
  const next = { snapshot, notReadyCode, notice }
  return differs(state, next) ? next : state
}

/**
 * The one place a client's state changes. Returns `state` itself when nothing changed,
 * so the snapshot keeps its identity.
 */
export function transition(state: MachineState, action: Action): MachineState {
  switch (action.type) {
    case 'loggingIn':
      return change(
        state,
        {
          loginStatus: 2,
          userID: action.userID,
          ready: false,
          netState: 'connecting',
          error: null,
        },
        NOT_READY_LOGGING_IN,
      )
    case 'ready':
      return change(state, {
        loginStatus: 1,
        userID: action.userID,
        ready: true,
        netState: 'connected',
        kick: null,
        error: null,
        userSigExpiresAt: action.expiresAt,
      })
    case 'renewed':
      return change(state, { userSigExpiresAt: action.expiresAt })
    case 'expiring':
      return change(state, {}, undefined, [
        EVENT.USER_SIG_EXPIRING,
        { expiresAt: action.expiresAt },
      ])
    case 'net':
      return change(state, { netState: action.netState })
    case 'refused':
    case 'ended':
      return change(
        state,
        { ...loggedOut, error: action.error },
        NOT_READY_LOGIN_FAILED,
        // A refused login's promise reports it; a session the server ended only has ERROR.
        action.type === 'ended' ? [EVENT.ERROR, action.error] : undefined,
      )
    case 'kicked':
      return change(
        state,
        { ...loggedOut, kick: action.kick },
        notReadyCodeForKick(action.kick.type),
      )
    case 'loggedOut':
      return change(state, loggedOut, NOT_READY_LOGGED_OUT)
    case 'renewFailed':
    case 'serverError':
      return change(
        state,
        { error: action.error },
        undefined,
        action.type === 'renewFailed' ? [EVENT.ERROR, action.error] : undefined,
      )
    default:
      return action satisfies never
  }
}

/**
 * The events a change from `prev` to `next` raises, in the order the original SDK raises
 * them: a kick before SDK_NOT_READY, the network state before SDK_READY; then Chatgate's
 * ERROR and USER_SIG_EXPIRING. Every event a client emits, but SDK_DESTROY, comes from here.
 */
export function eventsBetween(prev: MachineState, next: MachineState): [EventName, unknown][] {
  const was = prev.snapshot
  const is = next.snapshot
  const events: [EventName, unknown][] = []
  if (is.kick && is.kick !== was.kick) events.push([EVENT.KICKED_OUT, { type: is.kick.type }])
  if (was.ready && !is.ready) events.push([EVENT.SDK_NOT_READY, undefined])
  if (was.netState !== is.netState) events.push([EVENT.NET_STATE_CHANGE, { state: is.netState }])
  if (!was.ready && is.ready) events.push([EVENT.SDK_READY, undefined])
  if (next.notice && next.notice !== prev.notice) events.push(next.notice)
  return events
}
