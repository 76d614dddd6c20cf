import { LOGIN_POLICIES, type LoginPolicy, PLATFORMS, type Platform } from '@chatgate/protocol'
import { describe, expect, it } from 'vitest'
import { decideRestore } from '../src/policy/decideRestore.js'
import type { AppLoginSettings, SessionRecord } from '../src/policy/types.js'

function settings(policy: LoginPolicy, limits: Partial<Record<Platform, number>> = {}) {
  const maxInstances = Object.fromEntries(PLATFORMS.map((p) => [p, limits[p] ?? 1]))
  return { policy, maxInstances } as AppLoginSettings
}

function live(...platforms: Platform[]): SessionRecord[] {
  return platforms.map((platform, i) => ({
    sessionId: `s${i + 1}`,
    sdkAppID: 1,
    userID: 'u',
    platform,
    nodeId: 'n',
    order: i + 10,
    loginAt: i,
    publicId: `p${i + 1}`,
    device: '',
    address: '',
    lastSeenAt: i,
  }))
}

describe('decideRestore', () => {
  // [policy, live platforms, restored platform, limits, kick type of the restored or undefined]
  it.each<
    [LoginPolicy, Platform[], Platform, Partial<Record<Platform, number>>, string | undefined]
  >([
    ['all', [], 'web', {}, undefined],
    ['all', ['android', 'windows'], 'web', {}, undefined],
    ['all', ['web'], 'web', {}, 'multipleAccount'],
    ['all', ['web'], 'web', { web: 2 }, undefined],
    ['all', ['web', 'web'], 'web', { web: 2 }, 'multipleAccount'],
    ['single', ['android'], 'web', {}, 'multipleDevice'],
    ['single', ['web'], 'android', {}, 'multipleDevice'],
    ['mobile-or-desktop+web', ['web'], 'android', {}, undefined],
    ['mobile-or-desktop+web', ['windows'], 'android', {}, 'multipleDevice'],
    ['mobile+desktop+web', ['windows', 'web'], 'iphone', {}, undefined],
    ['mobile+desktop+web', ['android'], 'iphone', {}, 'multipleDevice'],
  ])(
    'under %s with %j live, a restored %s session gets %s (rule 31)',
    (policy, platforms, restored, limits, expected) => {
      expect(
        decideRestore(live(...platforms), { platform: restored }, settings(policy, limits)),
      ).toBe(expected)
    },
  )

  it('a restored session always fits a user with nothing live, under every policy', () => {
    for (const policy of LOGIN_POLICIES) {
      for (const platform of PLATFORMS) {
        expect(decideRestore([], { platform }, settings(policy))).toBeUndefined()
      }
    }
  })

  it('is pure: the live sessions are not changed', () => {
    const sessions = live('web', 'android')
    const copy = structuredClone(sessions)
    decideRestore(sessions, { platform: 'web' }, settings('single'))
    expect(sessions).toEqual(copy)
  })
})
