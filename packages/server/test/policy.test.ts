import { LOGIN_POLICIES, type LoginPolicy, PLATFORMS, type Platform } from '@chatgate/protocol'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decideAdmission } from '../src/policy/decideAdmission.js'
import type { AppLoginSettings, SessionRecord } from '../src/policy/types.js'

function settings(
  policy: LoginPolicy,
  limits: Partial<Record<Platform, number>> = {},
): AppLoginSettings {
  const maxInstances = Object.fromEntries(PLATFORMS.map((p) => [p, limits[p] ?? 1])) as Record<
    Platform,
    number
  >
  return { policy, maxInstances }
}

function sessions(...platforms: Platform[]): SessionRecord[] {
  return platforms.map((platform, i) => ({
    sessionId: `s${i + 1}`,
    sdkAppID: 1,
    userID: 'u',
    platform,
    nodeId: 'n',
    order: i + 1,
    loginAt: i,
    publicId: `p${i + 1}`,
    device: '',
    address: '',
    lastSeenAt: i,
  }))
}

/** `s2:multipleDevice` per eviction, earliest first. */
function decide(policy: LoginPolicy, existing: Platform[], incoming: Platform, limits = {}) {
  return decideAdmission(
    sessions(...existing),
    { platform: incoming },
    settings(policy, limits),
  ).map((e) => `${e.session.sessionId}:${e.type}`)
}

describe('decideAdmission', () => {
  // [policy, existing platforms (earliest first), incoming, limits, expected evictions]
  const table: [LoginPolicy, Platform[], Platform, Partial<Record<Platform, number>>, string[]][] =
    [
      // single: one platform at a time
      ['single', [], 'web', {}, []],
      ['single', ['web'], 'web', {}, ['s1:multipleAccount']],
      ['single', ['web'], 'android', {}, ['s1:multipleDevice']],
      [
        'single',
        ['android', 'android'],
        'web',
        { android: 2 },
        ['s1:multipleDevice', 's2:multipleDevice'],
      ],
      ['single', ['web', 'web'], 'web', { web: 3 }, []],
      ['single', ['iphone'], 'ipad', {}, ['s1:multipleDevice']],
      // mobile-or-desktop+web: web plus one other platform
      ['mobile-or-desktop+web', ['web'], 'android', {}, []],
      ['mobile-or-desktop+web', ['android'], 'web', {}, []],
      ['mobile-or-desktop+web', ['web', 'android'], 'windows', {}, ['s2:multipleDevice']],
      ['mobile-or-desktop+web', ['iphone', 'web'], 'ipad', {}, ['s1:multipleDevice']],
      ['mobile-or-desktop+web', ['android', 'web'], 'web', {}, ['s2:multipleAccount']],
      ['mobile-or-desktop+web', ['android'], 'android', {}, ['s1:multipleDevice']],
      // mobile+desktop+web: web, one mobile and one desktop platform
      ['mobile+desktop+web', ['web', 'android'], 'macos', {}, []],
      ['mobile+desktop+web', ['web', 'android', 'macos'], 'iphone', {}, ['s2:multipleDevice']],
      ['mobile+desktop+web', ['linux', 'iphone'], 'windows', {}, ['s1:multipleDevice']],
      ['mobile+desktop+web', ['ipad', 'ipad'], 'ipad', { ipad: 2 }, ['s1:multipleDevice']],
      // all: only the per-platform limits
      ['all', ['web', 'android', 'iphone', 'ipad', 'windows', 'macos'], 'linux', {}, []],
      ['all', ['web', 'android'], 'android', {}, ['s2:multipleDevice']],
      ['all', ['web', 'web', 'web'], 'web', { web: 3 }, ['s1:multipleAccount']],
      ['all', ['web', 'android', 'web'], 'web', { web: 2 }, ['s1:multipleAccount']],
      ['all', ['windows', 'windows', 'windows'], 'windows', { windows: 3 }, ['s1:multipleDevice']],
      // a user over a lowered limit is brought back within it, earliest first
      [
        'all',
        ['web', 'web', 'web'],
        'web',
        { web: 1 },
        ['s1:multipleAccount', 's2:multipleAccount', 's3:multipleAccount'],
      ],
    ]

  it.each(table)(
    '%s, %j then %s (limits %j) evicts %j (rules 10–12)',
    (policy, existing, incoming, limits, expected) => {
      expect(decide(policy, existing, incoming, limits)).toEqual(expected)
    },
  )

  it('evictions come earliest login first, whatever order the sessions are given in (rule 12)', () => {
    const existing = sessions('web', 'web', 'web').reverse()
    const evictions = decideAdmission(existing, { platform: 'web' }, settings('all', { web: 1 }))
    expect(evictions.map((e) => e.session.order)).toEqual([1, 2, 3])
  })

  it('after any admission the kept sessions fit the policy and limits, and the newest are kept (rules 10–12)', () => {
    const platform = fc.constantFrom(...PLATFORMS)
    fc.assert(
      fc.property(
        fc.constantFrom(...LOGIN_POLICIES),
        fc.record({
          web: fc.integer({ min: 1, max: 10 }),
          android: fc.integer({ min: 1, max: 3 }),
          macos: fc.integer({ min: 1, max: 3 }),
        }),
        fc.array(platform, { maxLength: 12 }),
        fc.array(platform, { minLength: 1, maxLength: 12 }),
        (policy, limits, history, logins) => {
          const config = settings(policy, limits)
          // Replays a login history through the engine, as the registry would.
          let live = sessions(...history).slice(0, 0)
          let order = 0
          for (const incoming of [...history, ...logins]) {
            const evicted = decideAdmission(live, { platform: incoming }, config)
            const gone = new Set(evicted.map((e) => e.session.sessionId))
            const kept = live.filter((s) => !gone.has(s.sessionId))
            // Earliest first: an evicted session could not stay beside the newcomer and the
            // kept sessions newer than it.
            for (const e of evicted) {
              const newer = kept.filter((s) => s.order > e.session.order).map((s) => s.platform)
              expect(fitsPolicy([incoming, ...newer, e.session.platform], config)).toBe(false)
            }
            order++
            live = [
              ...live.filter((s) => !gone.has(s.sessionId)),
              {
                sessionId: `x${order}`,
                sdkAppID: 1,
                userID: 'u',
                platform: incoming,
                nodeId: 'n',
                order,
                loginAt: order,
                publicId: `px${order}`,
                device: '',
                address: '',
                lastSeenAt: order,
              },
            ]
            expect(
              fitsPolicy(
                live.map((s) => s.platform),
                config,
              ),
            ).toBe(true)
            expect(live.at(-1)!.platform).toBe(incoming)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('is pure: the sessions it is given are not changed', () => {
    const existing = sessions('web', 'android')
    const copy = structuredClone(existing)
    decideAdmission(existing, { platform: 'iphone' }, settings('single'))
    expect(existing).toEqual(copy)
  })
})

/** An independent statement of rules 10–11, to check the engine against. */
function fitsPolicy(platforms: Platform[], config: AppLoginSettings): boolean {
  for (const p of PLATFORMS) {
    if (platforms.filter((x) => x === p).length > config.maxInstances[p]) return false
  }
  const distinct = new Set(platforms)
  const nonWeb = [...distinct].filter((p) => p !== 'web')
  const mobile = nonWeb.filter((p) => ['android', 'iphone', 'ipad'].includes(p))
  const desktop = nonWeb.filter((p) => ['windows', 'macos', 'linux'].includes(p))
  switch (config.policy) {
    case 'single':
      return distinct.size <= 1
    case 'mobile-or-desktop+web':
      return nonWeb.length <= 1
    case 'mobile+desktop+web':
      return mobile.length <= 1 && desktop.length <= 1
    case 'all':
      return true
    default:
      return config.policy satisfies never
  }
}
