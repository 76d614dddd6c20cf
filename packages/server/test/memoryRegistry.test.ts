import { ERROR_CODES, KICK_TYPES } from '@chatgate/protocol'
import { describe, expect, it } from 'vitest'
import { createMemoryRegistry } from '../src/registry/memoryRegistry.js'
import { RegistryUnavailableError } from '../src/registry/types.js'
import { describeRegistryContract, loginSettings } from './registryContract.js'
import { describeRegistryLimits } from './registryLimitsContract.js'

describeRegistryContract('memory', async () => createMemoryRegistry({ nodeId: 'node-a' }))
describeRegistryLimits('memory', async (options) =>
  createMemoryRegistry({ nodeId: 'node-a', ...options }),
)

describe('memory registry', () => {
  const session = (sessionId: string) => ({
    sessionId,
    sdkAppID: 1,
    userID: 'u',
    platform: 'web' as const,
    nodeId: 'node-a',
    loginAt: 0,
    publicId: `${sessionId}-public`,
    device: '',
    address: '127.0.0.1',
    lastSeenAt: 0,
  })

  it('tombstones expire after their TTL, so the table returns to empty (rule 20)', async () => {
    let now = 1_000
    const registry = createMemoryRegistry({ nodeId: 'node-a', tombstoneTtlMs: 500, now: () => now })
    await registry.admit(session('a'), loginSettings())
    await registry.admit(session('b'), loginSettings())
    expect(await registry.lookup(1, 'u', 'a')).toEqual({
      status: 'kicked',
      type: 'multipleAccount',
      by: { platform: 'web', device: '' },
    })
    now += 499
    expect(await registry.lookup(1, 'u', 'a')).toMatchObject({ status: 'kicked' })
    now += 1
    expect(await registry.lookup(1, 'u', 'a')).toEqual({ status: 'unknown' })
  })

  it('a REST kick revokes older UserSigs for revocationTtlMs, then forgets it (rule 26)', async () => {
    let now = 1_700_000_000_000
    const registry = createMemoryRegistry({ revocationTtlMs: 5_000, now: () => now })
    const second = Math.floor(now / 1000)
    await registry.kickUser(1, 'u', 'REST_API_Kick')
    await expect(
      registry.admit(session('a'), loginSettings(), { userSigIssuedAt: second }),
    ).rejects.toMatchObject({ code: ERROR_CODES.USER_SIG_REVOKED })
    now += 4_999
    await expect(
      registry.admit(session('b'), loginSettings(), { userSigIssuedAt: second }),
    ).rejects.toMatchObject({ code: ERROR_CODES.USER_SIG_REVOKED })
    now += 1
    expect(
      await registry.admit(session('c'), loginSettings(), { userSigIssuedAt: second }),
    ).toEqual([])
  })

  it('under sustained churn of one user only its newest tombstones are kept (rule 22)', async () => {
    let now = 0
    const registry = createMemoryRegistry({
      tombstonesPerUser: 4,
      loginsPerUserPerMinute: 60,
      now: () => now,
    })
    const ids: string[] = []
    for (let i = 0; i < 600; i++) {
      now += 1_000
      const id = `churn-${i}`
      ids.push(id)
      await registry.admit(session(id), loginSettings())
    }
    const kicked = []
    for (const id of ids) {
      if ((await registry.lookup(1, 'u', id)).status === 'kicked') kicked.push(id)
    }
    expect(kicked).toEqual(ids.slice(-5, -1))
  })

  it('rejects with RegistryUnavailableError once closed, and says it is not ready', async () => {
    const registry = createMemoryRegistry()
    expect(await registry.readiness()).toEqual({ ready: true })
    await registry.close()
    await registry.close()
    await expect(registry.admit(session('a'), loginSettings())).rejects.toBeInstanceOf(
      RegistryUnavailableError,
    )
    // The message is what the server's `registry_unavailable` log line carries.
    await expect(registry.lookup(1, 'u', 'a')).rejects.toThrow('The session registry is closed.')
    expect(await registry.readiness()).toEqual({ ready: false, reason: 'closed' })
  })

  it('names itself node-<12 hex digits> unless given a nodeId, each registry its own', () => {
    const one = createMemoryRegistry()
    const other = createMemoryRegistry()
    expect(one.nodeId).toMatch(/^node-[0-9a-f]{12}$/)
    expect(other.nodeId).not.toBe(one.nodeId)
  })

  it('names the memoryRegistry option at fault in a config error', () => {
    expect(() => createMemoryRegistry({ tombstonesPerUser: -1 })).toThrow(
      'Invalid config: memoryRegistry.tombstonesPerUser',
    )
  })

  it('an expired tombstone leaves the others counted against the cap (rule 22)', async () => {
    let now = 0
    const registry = createMemoryRegistry({
      nodeId: 'node-a',
      tombstonesPerUser: 2,
      tombstoneTtlMs: 1_000,
      now: () => now,
    })
    // One web session at a time: each login kicks the one before and tombstones it.
    await registry.admit(session('a'), loginSettings())
    await registry.admit(session('b'), loginSettings())
    now = 500
    await registry.admit(session('c'), loginSettings())
    // a's tombstone expires as d's login tombstones c; b and c are left.
    now = 1_000
    await registry.admit(session('d'), loginSettings())
    await registry.admit(session('e'), loginSettings())
    await registry.admit(session('f'), loginSettings())
    const statuses = async (ids: string[]) =>
      Promise.all(ids.map(async (id) => (await registry.lookup(1, 'u', id)).status))
    expect(await statuses(['a', 'b', 'c', 'd', 'e', 'f'])).toEqual([
      'unknown',
      'unknown',
      'unknown',
      'kicked',
      'kicked',
      'live',
    ])
  })

  it('only a REST kick revokes UserSigs; a kick of another type leaves them valid (rule 26)', async () => {
    const now = 1_700_000_000_000
    const registry = createMemoryRegistry({ now: () => now })
    const second = Math.floor(now / 1000)
    await registry.admit(session('a'), loginSettings(), { userSigIssuedAt: second })
    await registry.kickUser(1, 'u', KICK_TYPES.KICKED_OUT_USERSIG_EXPIRED)
    expect(await registry.revokedUpTo(1, 'u')).toBeUndefined()
    expect(
      await registry.admit(session('b'), loginSettings(), { userSigIssuedAt: second }),
    ).toEqual([])
  })
})
