import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { killChildren, runCli, untilOutput } from './helpers/cliRun.js'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import { APP_ID, SECRET } from './helpers.js'

// The CLI runs with tsx as a loader in one Node process (`runCli`), so the signal reaches
// the server itself.
let redis: TestRedis

beforeAll(async () => {
  redis = await startTestRedis()
})
afterEach(() => {
  redis.resume()
  killChildren()
})
afterAll(async () => {
  await redis?.stop()
})

describe('the CLI stopped while it is still starting', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'exits 0 on %s while its Redis does not answer yet',
    async (signal) => {
      const dir = mkdtempSync(join(tmpdir(), 'chatgate-starting-'))
      const config = join(dir, 'config.json')
      writeFileSync(
        config,
        JSON.stringify({
          apps: [{ SDKAppID: APP_ID, secretKey: SECRET }],
          registry: { kind: 'redis', url: redis.url },
          // Its warning is written just before the registry connects: the sign to signal.
          dev: { usersigEndpoint: true },
        }),
      )
      chmodSync(config, 0o600)
      // Frozen: the registry's connection waits for an answer that does not come.
      redis.pause()
      const r = runCli(['--config', config, '--port', '0'])
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        r.child.once('exit', (code, signal) => resolve({ code, signal })),
      )
      await untilOutput(r, r.stderr, /dev_usersig_endpoint_enabled/)
      r.child.kill(signal)
      expect(await exited).toEqual({ code: 0, signal: null })
    },
    30_000,
  )
})
