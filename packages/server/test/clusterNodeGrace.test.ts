import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerConfigInput } from '../src/config.js'
import type { RunningServer } from '../src/startServer.js'
import { type NodeProcess, spawnNode } from './helpers/redisClusterNodes.js'
import { waitFor } from './helpers/redisRegistryFixtures.js'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import {
  appConfig,
  cleanup,
  loginClient,
  onlineStatus,
  startTestServer,
  TestClient,
} from './helpers.js'

// A node that dies (kill -9) or stops leaves its sessions to the others, which hold each
// for the app's grace period from then on (design.md rule 35): a client back after 20 s
// resumes, on another node. Node B runs in this process on a clock the test moves, so the
// 20 s (and the 60 s grace) pass without being waited for; node A is a real process.
const GRACE_SECONDS = 60

let redis: TestRedis
let plain: Redis
let b: RunningServer
let skewMs = 0

function nodeConfig(nodeId: string): ServerConfigInput {
  return {
    host: '127.0.0.1',
    port: 0,
    apps: [appConfig({ sessionGraceSeconds: GRACE_SECONDS })],
    // A dead node's heartbeat lapses after 1 s (the default is 10 s).
    registry: { kind: 'redis', url: redis.url, nodeId, nodeTtlSeconds: 1 },
  }
}

/** Until every survivor's sweep has taken the node's sessions and forgotten the node. */
const forgotten = (nodeId: string) =>
  waitFor(async () => (await plain.sismember('chatgate:nodes', nodeId)) === 0, 10_000, nodeId)

const online = async (userID: string) => (await onlineStatus(b, userID)).Detail?.length ?? 0

async function resumeOnB(userID: string, sessionId: string) {
  const client = await TestClient.connect(b.wsUrl)
  const seq = client.sendLogin({ userID, resume: sessionId })
  return client.message('ready', seq, 5_000)
}

beforeAll(async () => {
  redis = await startTestRedis()
  plain = new Redis(redis.url)
  b = await startTestServer(nodeConfig('grace-b'), { now: () => Date.now() + skewMs })
}, 30_000)

afterAll(async () => {
  await cleanup()
  plain?.disconnect()
  await redis?.stop()
})

describe('the sessions of a node that is gone keep their grace period (rule 35)', () => {
  it.each([
    ['killed with kill -9', (node: NodeProcess) => node.kill9()],
    ['stopped with SIGTERM', (node: NodeProcess) => node.stop()],
  ])(
    '%s: a client back 20 s later resumes on another node; one that never comes back is released when the grace period ends',
    async (how, end) => {
      const suffix = how.startsWith('killed') ? 'k' : 's'
      const a = await spawnNode(nodeConfig(`grace-a-${suffix}`))
      const { ready } = await loginClient(a, `rita${suffix}`)
      await loginClient(a, `sara${suffix}`)
      await end(a)
      await forgotten(`grace-a-${suffix}`)

      skewMs += 20_000
      expect(await resumeOnB(`rita${suffix}`, ready.sessionId)).toMatchObject({
        sessionId: ready.sessionId,
        resumed: true,
      })
      // 20 s on, the other session still holds its slot.
      expect(await online(`sara${suffix}`)).toBe(1)

      skewMs += GRACE_SECONDS * 1000 - 20_000 + 1_000
      await waitFor(async () => (await online(`sara${suffix}`)) === 0, 5_000, 'the release')
      expect(await online(`rita${suffix}`)).toBe(1)
    },
    40_000,
  )
})
