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
  | { type: 'net'; netState: NetState }
  | { type: 'failed'; error: ChatError }
  | { type: 'kicked'; kick: KickInfo }
  | { type: 'loggedOut' }
  | { type: 'error'; error: ChatError }

export interface MachineState {
  snapshot: ChatSnapshot
  /** What a call that needs a ready SDK rejects with now (rule 9). */
  notReadyCode: ClientErrorCode
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
}

function change(
  state: MachineState,
  patch: Partial<ChatSnapshot>,
  notReadyCode = state.notReadyCode,
) {
  const current = state.snapshot
  const changed = (Object.keys(patch) as (keyof ChatSnapshot)[]).some(
    (k) => patch[k] !== current[k],
  )
  if (!changed && notReadyCode === state.notReadyCode) return state
  return { snapshot: changed ? Object.freeze({ ...current, ...patch }) : current, notReadyCode }
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
    case 'net':
      return change(state, { netState: action.netState })
    case 'failed':
      return change(state, { ...loggedOut, error: action.error }, NOT_READY_LOGIN_FAILED)
    case 'kicked':
      return change(
        state,
        { ...loggedOut, kick: action.kick },
        notReadyCodeForKick(action.kick.type),
      )
    case 'loggedOut':
      return change(state, loggedOut, NOT_READY_LOGGED_OUT)
    case 'error':
      return change(state, { error: action.error })
    default:
      return action satisfies never
  }
}

/**
 * The SDK events a change from `prev` to `next` raises, in the order the original SDK
 * raises them: a kick before SDK_NOT_READY, the network state before SDK_READY.
 */
export function eventsBetween(prev: ChatSnapshot, next: ChatSnapshot): [EventName, unknown][] {
  const events: [EventName, unknown][] = []
  if (next.kick && next.kick !== prev.kick) {
    events.push([EVENT.KICKED_OUT, { type: next.kick.type }])
  }
  if (prev.ready && !next.ready) events.push([EVENT.SDK_NOT_READY, undefined])
  if (prev.netState !== next.netState) {
    events.push([EVENT.NET_STATE_CHANGE, { state: next.netState }])
  }
  if (!prev.ready && next.ready) events.push([EVENT.SDK_READY, undefined])
  return events
}
