import { describe, expect, it } from 'vitest'
import { createMemoryRegistry } from '../src/registry/memoryRegistry.js'
import { RegistryUnavailableError } from '../src/registry/types.js'
import { describeRegistryContract, loginSettings } from './registryContract.js'

describeRegistryContract('memory', async () => createMemoryRegistry({ nodeId: 'node-a' }))

describe('memory registry', () => {
  const session = (sessionId: string) => ({
    sessionId,
    sdkAppID: 1,
    userID: 'u',
    platform: 'web' as const,
    nodeId: 'node-a',
    loginAt: 0,
  })

  it('rule 20: tombstones expire after their TTL, so the table returns to empty', async () => {
    let now = 1_000
    const registry = createMemoryRegistry({ nodeId: 'node-a', tombstoneTtlMs: 500, now: () => now })
    await registry.admit(session('a'), loginSettings())
    await registry.admit(session('b'), loginSettings())
    expect(await registry.lookup(1, 'u', 'a')).toEqual({
      status: 'kicked',
      type: 'multipleAccount',
    })
    now += 499
    expect(await registry.lookup(1, 'u', 'a')).toMatchObject({ status: 'kicked' })
    now += 1
    expect(await registry.lookup(1, 'u', 'a')).toEqual({ status: 'unknown' })
  })

  it('rejects with RegistryUnavailableError once closed', async () => {
    const registry = createMemoryRegistry()
    await registry.close()
    await registry.close()
    await expect(registry.admit(session('a'), loginSettings())).rejects.toBeInstanceOf(
      RegistryUnavailableError,
    )
  })
})
