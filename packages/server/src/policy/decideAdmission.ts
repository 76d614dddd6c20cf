import { KICK_TYPES, PLATFORM_CATEGORY, type Platform } from '@chatgate/protocol'
import type { AppLoginSettings, Eviction, SessionRecord } from './types.js'

/**
 * Decides whom a new login pushes out. Pure: no clock, no I/O, no mutation.
 *
 * The newcomer is always admitted. Existing sessions are then kept newest first while
 * the kept set still fits the app's policy and per-platform limits; the rest are
 * evicted. Walking newest first means the earliest logins are the ones evicted, and it
 * also repairs a user who holds too much already (limits lowered since they logged in).
 * Evictions come back earliest login first.
 */
export function decideAdmission(
  existing: readonly SessionRecord[],
  incoming: { platform: Platform },
  settings: AppLoginSettings,
): Eviction[] {
  const kept: Platform[] = [incoming.platform]
  const evicted: SessionRecord[] = []
  const newestFirst = [...existing].sort((a, b) => b.order - a.order)
  for (const session of newestFirst) {
    if (fits(kept, session.platform, settings)) kept.push(session.platform)
    else evicted.push(session)
  }
  return evicted.reverse().map((session) => ({
    session,
    type: kickTypeFor(session.platform, incoming.platform),
  }))
}

/** Web displaced by web is `multipleAccount` (several pages); anything else `multipleDevice`. */
function kickTypeFor(evicted: Platform, incoming: Platform) {
  return evicted === 'web' && incoming === 'web'
    ? KICK_TYPES.KICKED_OUT_MULT_ACCOUNT
    : KICK_TYPES.KICKED_OUT_MULT_DEVICE
}

/** Whether one more instance on `platform` may join the platforms already kept. */
function fits(kept: readonly Platform[], platform: Platform, settings: AppLoginSettings): boolean {
  const samePlatform = kept.filter((p) => p === platform).length
  if (samePlatform >= settings.maxInstances[platform]) return false
  return kept.every((other) => mayCoexist(settings.policy, other, platform))
}

function mayCoexist(policy: AppLoginSettings['policy'], a: Platform, b: Platform): boolean {
  if (a === b) return true
  switch (policy) {
    case 'all':
      return true
    case 'single':
      return false
    case 'mobile-or-desktop+web':
      return a === 'web' || b === 'web'
    case 'mobile+desktop+web':
      return PLATFORM_CATEGORY[a] === 'web' || PLATFORM_CATEGORY[a] !== PLATFORM_CATEGORY[b]
    default:
      return policy satisfies never
  }
}
