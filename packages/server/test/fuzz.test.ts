import { parseServerMessage } from '@chatgate/protocol'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../src/startServer.js'
import {
  APP_ID,
  cleanup,
  loginClient,
  serverConfig,
  sign,
  startTestServer,
  TestClient,
} from './helpers.js'

let server: RunningServer
let good: TestClient
let goodSeq = 1000

beforeAll(async () => {
  // The steady client pings once per run, faster than the default request rate allows;
  // half the runs log 'fuzz' in, faster than the default per-user login rate (60/min).
  const limits = {
    requestsPerSecond: 100_000,
    requestBurst: 100_000,
    loginsPerUserPerMinute: 100_000,
  }
  server = await startTestServer(serverConfig({ limits }), {
    rateLimit: { maxFailuresPerAddress: 1_000_000, maxFailuresPerUser: 1_000_000 },
  })
  good = (await loginClient(server, 'steady')).client
})
afterAll(cleanup)

const anyValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
)

/** Almost-valid messages: real ops and field names with values of any type. */
const nearMessage = fc
  .record(
    {
      op: fc.oneof(fc.constantFrom('login', 'renew', 'logout', 'ping', 'pong', 'ready'), anyValue),
      seq: fc.oneof(fc.nat(), anyValue),
      sdkAppID: fc.oneof(fc.constant(APP_ID), anyValue),
      userID: fc.oneof(fc.constantFrom('fuzz', 'steady', ''), anyValue),
      userSig: fc.oneof(fc.constant(sign('fuzz')), fc.string({ maxLength: 1100 }), anyValue),
      platform: fc.oneof(fc.constantFrom('web', 'android'), anyValue),
      resume: anyValue,
      __proto__: anyValue,
    },
    { requiredKeys: [] },
  )
  .map((value) => JSON.stringify(value))

const frame = fc.oneof(
  fc.string({ maxLength: 200 }).map((text) => ({ text })),
  fc.json({ maxDepth: 3 }).map((text) => ({ text })),
  nearMessage.map((text) => ({ text })),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes })),
)

async function stillServing(): Promise<void> {
  const seq = goodSeq++
  good.send({ op: 'ping', seq })
  await good.message('pong', seq)
}

describe('frame handler under garbage', () => {
  it('never crashes, answers only valid messages, and keeps serving good clients (rule 18)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(frame, { minLength: 1, maxLength: 5 }),
        async (loggedIn, frames) => {
          const client = loggedIn
            ? (await loginClient(server, 'fuzz')).client
            : await TestClient.connect(server.wsUrl)
          for (const f of frames) {
            if (client.closed || client.ws.readyState !== client.ws.OPEN) break
            if ('bytes' in f) client.ws.send(f.bytes, { binary: true })
            else client.send(f.text)
          }
          await stillServing()
          for (const message of client.messages) {
            expect(parseServerMessage(JSON.stringify(message)).ok).toBe(true)
          }
          client.ws.terminate()
        },
      ),
      { numRuns: 150 },
    )
    // A new client still logs in, and the one steady client was never disturbed.
    await loginClient(server, 'newcomer')
    expect(good.kicks()).toEqual([])
    expect(good.closed).toBeUndefined()
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })
})
