import { afterAll, beforeAll } from 'vitest'
import { createRedisRegistry } from '../src/registry/redis/registry.js'
import { FAST_TIMINGS } from './helpers/redisRegistryFixtures.js'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import { describeRegistryContract } from './registryContract.js'
import { describeRegistryLimits } from './registryLimitsContract.js'

let redis: TestRedis
let run = 0

beforeAll(async () => {
  redis = await startTestRedis()
})

afterAll(async () => {
  await redis?.stop()
})

// A key prefix per registry gives every contract test the empty store it expects.
describeRegistryContract('redis', () =>
  createRedisRegistry({
    url: redis.url,
    nodeId: 'contract-node',
    keyPrefix: `contract${++run}:`,
    ...FAST_TIMINGS,
  }),
)

describeRegistryLimits('redis', ({ now, ...limits }) =>
  createRedisRegistry(
    {
      url: redis.url,
      nodeId: 'limits-node',
      keyPrefix: `limits${++run}:`,
      ...FAST_TIMINGS,
      ...limits,
    },
    { now },
  ),
)
