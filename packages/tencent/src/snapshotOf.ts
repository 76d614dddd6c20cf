import type { ChatSnapshot } from '@chatgate/core'

/** The logged-out part of a snapshot (as core's state machine has it). */
export const LOGGED_OUT = {
  loginStatus: 3,
  userID: '',
  ready: false,
  netState: 'disconnected',
  userSigExpiresAt: null,
} as const satisfies Partial<ChatSnapshot>

/**
 * `current` with `patch` applied, as a new frozen object only when a field differs, so a
 * snapshot keeps its identity when an event changes nothing (useSyncExternalStore).
 */
export function patchSnapshot(current: ChatSnapshot, patch: Partial<ChatSnapshot>): ChatSnapshot {
  for (const key in patch) {
    if (patch[key as keyof ChatSnapshot] !== current[key as keyof ChatSnapshot]) {
      return Object.freeze({ ...current, ...patch })
    }
  }
  return current
}
