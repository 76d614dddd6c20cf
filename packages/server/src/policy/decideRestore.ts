import type { KickType, Platform } from '@chatgate/protocol'
import { decideAdmission } from './decideAdmission.js'
import type { AppLoginSettings, SessionRecord } from './types.js'

/**
 * Whether a session that must be registered again (its record was lost, e.g. Redis
 * restarted empty) still fits alongside the user's live sessions. Pure, like
 * `decideAdmission`. Returns `undefined` when it fits, or the kick type its client is
 * told when it does not: the sessions admitted meanwhile are kept and the restored one
 * is the one displaced, as if it had been evicted by them.
 */
export function decideRestore(
  live: readonly SessionRecord[],
  restored: { platform: Platform },
  settings: AppLoginSettings,
): KickType | undefined {
  // Anyone the restored session would push out means the two cannot be online together;
  // the kick type depends only on the two platforms, so it is the same either way round.
  return decideAdmission(live, restored, settings)[0]?.type
}
