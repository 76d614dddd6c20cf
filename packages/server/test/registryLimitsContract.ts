import { ERROR_CODES, KICK_TYPES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import {
  AdmissionRefusedError,
  type NewSession,
  type SessionRegistry,
} from '../src/registry/types.js'
import { loginSettings } from './registryContract.js'

const APP = 1400000007

/** What a registry under test is made with: limits, and a clock the test moves. */
export interface LimitedRegistryOptions {
  tombstonesPerUser?: number
  loginsPerUserPerMinute?: number
  revocationTtlMs?: number
  now: () => number
}

let counter = 0

/**
 * Rules 22 and 26 as every `SessionRegistry` enforces them inside its admission step:
 * tombstones capped per user, successful logins per user rate-limited, and UserSigs
 * issued up to a REST kick refused.
 */
export function describeRegistryLimits(
  name: string,
  makeRegistry: (options: LimitedRegistryOptions) => Promise<SessionRegistry>,
): void {
  describe(`${name} registry limits`, () => {
    const made: SessionRegistry[] = []
    let clock = Date.UTC(2026, 0, 1)
    const now = () => clock
    const start = async (options: Omit<LimitedRegistryOptions, 'now'>) => {
      const registry = await makeRegistry({ ...options, now })
      made.push(registry)
      return registry
    }
    afterEach(async () => {
      for (const registry of made.splice(0)) await registry.close()
    })

    const session = (registry: SessionRegistry, userID: string): NewSession => ({
      sessionId: `lim-${++counter}-${Math.random().toString(36).slice(2)}`,
      sdkAppID: APP,
      userID,
      platform: 'web',
      nodeId: registry.nodeId,
      loginAt: clock,
      publicId: `pub-${counter}`,
      device: '',
      address: '127.0.0.1',
      lastSeenAt: clock,
    })
    const refusedWith = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(AdmissionRefusedError)
      return (error as AdmissionRefusedError).code
    }

    it('only the newest tombstonesPerUser tombstones of a user are kept; older displaced sessions are unknown (released) (rule 22)', async () => {
      const registry = await start({ tombstonesPerUser: 3 })
      const logins = Array.from({ length: 8 }, () => session(registry, 'churn'))
      for (const s of logins) await registry.admit(s, loginSettings())
      // Seven were displaced, in order; the newest three displaced keep their kick type.
      const looked = await Promise.all(
        logins.slice(0, 7).map((s) => registry.lookup(APP, 'churn', s.sessionId)),
      )
      expect(looked.map((l) => l.status)).toEqual([
        'unknown',
        'unknown',
        'unknown',
        'unknown',
        'kicked',
        'kicked',
        'kicked',
      ])
      expect(looked[6]).toMatchObject({
        status: 'kicked',
        type: KICK_TYPES.KICKED_OUT_MULT_ACCOUNT,
      })
      expect((await registry.listUser(APP, 'churn')).map((s) => s.sessionId)).toEqual([
        logins[7]!.sessionId,
      ])
    })

    it('one kick of more sessions than the cap keeps only the newest (rule 22)', async () => {
      const registry = await start({ tombstonesPerUser: 2 })
      const settings = loginSettings('all', { web: 5 })
      const logins = Array.from({ length: 5 }, () => session(registry, 'many'))
      for (const s of logins) await registry.admit(s, settings)
      expect(await registry.kickUser(APP, 'many', KICK_TYPES.KICKED_OUT_REST_API)).toHaveLength(5)
      const looked = await Promise.all(logins.map((s) => registry.lookup(APP, 'many', s.sessionId)))
      expect(looked.map((l) => l.status)).toEqual([
        'unknown',
        'unknown',
        'unknown',
        'kicked',
        'kicked',
      ])
    })

    it('successful logins of one user are limited per minute (90013) and refill; a refused login changes nothing (rule 22)', async () => {
      const registry = await start({ loginsPerUserPerMinute: 3 })
      const settings = loginSettings('all', { web: 10 })
      for (let i = 0; i < 3; i++) await registry.admit(session(registry, 'rush'), settings)
      const before = await registry.listUser(APP, 'rush')
      expect(await refusedWith(registry.admit(session(registry, 'rush'), settings))).toBe(
        ERROR_CODES.TOO_MANY_LOGINS,
      )
      expect(await registry.listUser(APP, 'rush')).toEqual(before)
      // Another user has a bucket of their own.
      expect(await registry.admit(session(registry, 'calm'), settings)).toEqual([])
      // Three per minute: one more every 20 s.
      clock += 19_000
      expect(await refusedWith(registry.admit(session(registry, 'rush'), settings))).toBe(
        ERROR_CODES.TOO_MANY_LOGINS,
      )
      clock += 1_000
      expect(await registry.admit(session(registry, 'rush'), settings)).toEqual([])
      expect(await registry.listUser(APP, 'rush')).toHaveLength(4)
    })

    it('after a REST kick, UserSigs issued at or before its second are refused (90014); a later one is admitted (rule 26)', async () => {
      const registry = await start({})
      const kickSecond = Math.floor(clock / 1000)
      const old = session(registry, 'revoked')
      await registry.admit(old, loginSettings(), { userSigIssuedAt: kickSecond - 60 })
      await registry.kickUser(APP, 'revoked', KICK_TYPES.KICKED_OUT_REST_API)
      for (const issuedAt of [kickSecond - 60, kickSecond]) {
        expect(
          await refusedWith(
            registry.admit(session(registry, 'revoked'), loginSettings(), {
              userSigIssuedAt: issuedAt,
            }),
          ),
        ).toBe(ERROR_CODES.USER_SIG_REVOKED)
      }
      expect(await registry.listUser(APP, 'revoked')).toEqual([])
      const fresh = session(registry, 'revoked')
      await registry.admit(fresh, loginSettings(), { userSigIssuedAt: kickSecond + 1 })
      expect((await registry.listUser(APP, 'revoked')).map((s) => s.sessionId)).toEqual([
        fresh.sessionId,
      ])
      // Other users are untouched.
      await registry.admit(session(registry, 'other'), loginSettings(), {
        userSigIssuedAt: kickSecond - 60,
      })
    })

    it('a REST kick revokes even when the user is offline; other kicks revoke nothing (rule 26)', async () => {
      const registry = await start({})
      const second = Math.floor(clock / 1000)
      await registry.kickUser(APP, 'away', KICK_TYPES.KICKED_OUT_REST_API)
      expect(
        await refusedWith(
          registry.admit(session(registry, 'away'), loginSettings(), { userSigIssuedAt: second }),
        ),
      ).toBe(ERROR_CODES.USER_SIG_REVOKED)

      const expiring = session(registry, 'expiring')
      await registry.admit(expiring, loginSettings(), { userSigIssuedAt: second - 5 })
      await registry.kickSession(
        APP,
        'expiring',
        expiring.sessionId,
        KICK_TYPES.KICKED_OUT_USERSIG_EXPIRED,
      )
      await registry.admit(session(registry, 'expiring'), loginSettings(), {
        userSigIssuedAt: second,
      })
    })
  })
}
