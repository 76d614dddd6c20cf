import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisRegistry } from '../src/registry/redis/registry.js'
import { jsonLines } from './helpers/cliLines.js'
import { killChildren, runCli, writeConfig } from './helpers/cliRun.js'
import { type NodeProcess, spawnNode } from './helpers/redisClusterNodes.js'
import { waitFor } from './helpers/redisRegistryFixtures.js'
import { freePort, startTestRedis, type TestRedis } from './helpers/redisServer.js'
import { scrapeMetrics } from './helpers/scrapeMetrics.js'
import { appConfig, cleanup, loginClient } from './helpers.js'

// An operator sees the registry's trouble (design.md rule 36): each change of the link to
// Redis is one JSON line with its reason, and `chatgate_registry_up` follows it.
describe('a node whose Redis goes away and comes back', () => {
  let redis: TestRedis
  let node: NodeProcess
  beforeAll(async () => {
    redis = await startTestRedis()
    node = await spawnNode(
      {
        apps: [appConfig()],
        registry: { kind: 'redis', url: redis.url, nodeTtlSeconds: 1 },
      },
      { logLevel: 'info' },
    )
  }, 30_000)
  afterAll(async () => {
    await cleanup()
    await node?.stop()
    await redis?.stop()
  })

  const lines = (event: string) => jsonLines(node.stderr()).filter((line) => line.event === event)
  const counts = () => ({
    lost: lines('registry_lost').length,
    back: lines('registry_back').length,
  })
  // The gauge follows the link; a heartbeat slower than its timeout on a busy machine
  // takes it to 0 for a moment, so each phase starts once it reads 1.
  const untilRegistryUp = () =>
    waitFor(async () => (await registryUp()) === 1, 10_000, 'chatgate_registry_up 1')
  const registryUp = async () => (await scrapeMetrics(node)).get('chatgate_registry_up')

  it('logs registry_lost with its reason within 2 s of redis-server being killed, then back, data lost and rebuilt, each once', async () => {
    await loginClient(node, 'alice')
    await untilRegistryUp()
    // A heartbeat slower than its timeout on a busy machine is a loss of its own (reason
    // timeout, then back): what the kill brings is counted from here.
    const before = counts()
    const killedAt = Date.now()
    await redis.kill()
    await waitFor(() => lines('registry_lost').length > before.lost, 10_000, 'registry_lost')
    const lost = lines('registry_lost')[before.lost]
    // Compared as values, so that a failure says which reason it was.
    expect([lost?.level, lost?.reason, lost?.error]).toEqual([
      'warn',
      'refused',
      expect.any(String),
    ])
    expect(Date.parse(lost!.time as string) - killedAt).toBeLessThan(2_000)
    expect(await registryUp()).toBe(0)

    await redis.start()
    await waitFor(() => lines('registry_rebuilt').length > 0, 10_000, 'registry_rebuilt')
    await untilRegistryUp()
    expect(lines('registry_back')).toHaveLength(before.back + 1)
    expect(lines('registry_data_lost')).toHaveLength(1)
    // alice's session, re-registered.
    expect(lines('registry_rebuilt')[0]).toMatchObject({ level: 'info', sessions: 1 })
    expect(lines('registry_lost')).toHaveLength(before.lost + 1)
  }, 30_000)

  it('logs registry_lost with reason timeout while Redis is paused, and registry_back once it answers', async () => {
    const before = counts()
    redis.pause()
    try {
      await waitFor(
        () => lines('registry_lost').length > before.lost,
        10_000,
        'the next registry_lost',
      )
    } finally {
      redis.resume()
    }
    expect(lines('registry_lost')[before.lost]).toMatchObject({ reason: 'timeout' })
    await waitFor(
      () => lines('registry_back').length > before.back,
      10_000,
      'the next registry_back',
    )
    await untilRegistryUp()
  }, 30_000)
})

describe('a Redis that cannot be used at start-up: the error says why', () => {
  const PASSWORD = 'test-redis-password'
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startTestRedis({ password: PASSWORD })
  })
  afterAll(async () => {
    killChildren()
    await redis?.stop()
  })

  const startWith = (url: string) => createRedisRegistry({ url, nodeId: 'start-errors' })

  it.each([
    [
      'a wrong password',
      () => `redis://:wrong-password@127.0.0.1:${redis.port}`,
      /\(auth_failed\): WRONGPASS/,
    ],
    ['no password', () => `redis://127.0.0.1:${redis.port}`, /\(no_password\): NOAUTH/],
    [
      'a database it does not have',
      () => `redis://:${PASSWORD}@127.0.0.1:${redis.port}/99`,
      /\(database\): ERR DB index/,
    ],
    ['an unknown host', () => 'redis://no-such-host.invalid:6379', /\(unknown_host\):/],
  ])('%s', async (_, url, reason) => {
    await expect(startWith(url())).rejects.toThrow(reason)
  })

  it('a port nobody listens on', async () => {
    await expect(startWith(`redis://127.0.0.1:${await freePort()}`)).rejects.toThrow(
      /\(refused\): connect ECONNREFUSED/,
    )
  })

  it('uses the database the URL names', async () => {
    const registry = await startWith(`redis://:${PASSWORD}@127.0.0.1:${redis.port}/3`)
    await registry.close()
  })

  it('the CLI exits 1 with one JSON line naming the reason, never the password', async () => {
    const config = writeConfig({
      apps: [appConfig()],
      registry: { kind: 'redis', url: `redis://:wrong-password@127.0.0.1:${redis.port}` },
    })
    const r = runCli(['--config', config, '--port', '0'])
    expect(await r.exited).toBe(1)
    const failure = jsonLines(r.stderr()).find((line) => line.event === 'start_failed')
    expect(failure?.message).toMatch(/Redis refused the password of the URL \(auth_failed\)/)
    expect(r.stderr()).not.toContain('wrong-password')
  }, 30_000)
})
