import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CLOSE_CODES } from '@chatgate/protocol'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, cliBinary } from './helpers/buildCli.js'
import { jsonLines } from './helpers/cliLines.js'
import {
  killChildren,
  listening,
  type Run,
  spawnRun,
  untilOutput,
  writeConfig,
} from './helpers/cliRun.js'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import { APP_ID, appConfig, cleanup, SECRET, sign, TestClient } from './helpers.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const tsx = join(root, 'node_modules/.bin/tsx')
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url))

afterEach(async () => {
  killChildren()
  await cleanup()
})

/** The CLI from its sources, as `pnpm server` runs it. */
function run(args: string[]): Run {
  return spawnRun(tsx, ['--conditions=source', cli, ...args])
}

describe('pnpm server (the CLI)', () => {
  it('serves logins; SIGTERM closes sockets with 1001 and exits 0; logs hold no UserSig', async () => {
    const config = writeConfig({
      apps: [appConfig()],
      dev: { usersigEndpoint: true },
      shutdown: { drainSeconds: 0 },
    })
    const r = run(['--config', config, '--port', '0'])
    const url = await listening(r)
    expect(r.stderr()).toContain('dev_usersig_endpoint_enabled')
    const client = await TestClient.connect(`${url.replace('http', 'ws')}/ws`)
    const userSig = sign('alice')
    const seq = client.sendLogin({ userID: 'alice', userSig })
    await client.message('ready', seq)
    r.child.kill('SIGTERM')
    expect((await client.closeEvent(5000)).code).toBe(CLOSE_CODES.GOING_AWAY)
    expect(await r.exited).toBe(0)
    const logs = r.stderr()
    expect(logs).toContain('"event":"login"')
    expect(logs).not.toContain(userSig)
    expect(logs).not.toContain(appConfig().secretKey)
    for (const line of logs.split('\n').filter((l) => l.startsWith('{'))) {
      expect(JSON.parse(line)).toMatchObject({
        time: expect.any(String),
        level: expect.any(String),
        event: expect.any(String),
      })
    }
  }, 20_000)

  it('refuses an invalid config with a message naming the field', async () => {
    const config = writeConfig({ apps: [appConfig({ login: { policy: 'nonsense' as 'all' } })] })
    const r = run(['--config', config, '--port', '0'])
    expect(await r.exited).toBe(1)
    expect(r.stderr()).toContain('apps[0].login.policy')
  }, 20_000)

  it('explains its usage when --config is missing', async () => {
    const r = run([])
    expect(await r.exited).toBe(2)
    expect(r.stderr()).toContain('--config')
  }, 20_000)
})

/**
 * Logs in, trying again while the node answers 90005: a node on an empty Redis rebuilds
 * its view for a moment after it starts listening.
 */
async function loginOnceReady(wsUrl: string, userID: string): Promise<TestClient> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const client = await TestClient.connect(wsUrl)
    const seq = client.sendLogin({ userID })
    await client.until(() => client.messages.some((m) => m.op === 'ready') || client.closed)
    if (client.messages.some((m) => m.op === 'ready' && m.seq === seq)) return client
    const refusal = client.messages.find((m) => m.op === 'error')
    if (!refusal || !('code' in refusal) || refusal.code !== 90005 || Date.now() > deadline) {
      throw new Error(`login failed: ${JSON.stringify(client.messages)}`)
    }
    client.ws.terminate()
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('chatgate-server (the built binary)', () => {
  let bin = cliBinary()
  const KEY_VARIABLE = `CHATGATE_KEY_${APP_ID}`
  // The secret key comes from the environment, not from the config file.
  const withKey = { ...process.env, [KEY_VARIABLE]: SECRET }
  const keyFromEnv = () => appConfig({ secretKey: { env: KEY_VARIABLE } })

  // Built as `pnpm build` builds it; then it runs with Node alone.
  beforeAll(async () => {
    bin = await buildCli()
  }, 150_000)

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '`node dist/cli.js` serves logins with its key from the environment; %s closes sockets with 1001 and exits 0',
    async (signal) => {
      const config = writeConfig({ apps: [keyFromEnv()], shutdown: { drainSeconds: 0 } })
      const r = spawnRun(process.execPath, [bin, '--config', config, '--port', '0'], withKey)
      const url = await listening(r)
      const client = await TestClient.connect(`${url.replace('http', 'ws')}/ws`)
      const seq = client.sendLogin({ userID: 'alice' })
      await client.message('ready', seq)
      r.child.kill(signal)
      expect((await client.closeEvent(5000)).code).toBe(CLOSE_CODES.GOING_AWAY)
      expect(await r.exited).toBe(0)
      expect(r.stderr()).not.toContain(SECRET)
    },
    30_000,
  )

  it("refuses to start when the key's environment variable is not set, naming it", async () => {
    const config = writeConfig({ apps: [keyFromEnv()] })
    const env = { ...process.env }
    delete env[KEY_VARIABLE]
    const r = spawnRun(process.execPath, [bin, '--config', config, '--port', '0'], env)
    expect(await r.exited).toBe(1)
    expect(r.stderr()).toContain(KEY_VARIABLE)
  }, 30_000)

  describe('with a Redis registry', () => {
    let redis: TestRedis
    beforeAll(async () => {
      redis = await startTestRedis()
      return () => redis.stop()
    })

    it('on a fresh Redis says it is not ready yet, and SIGTERM then still exits 0', async () => {
      const config = writeConfig({
        apps: [keyFromEnv()],
        // A prefix nobody used: to this node the dataset is new, so it rebuilds first.
        registry: { kind: 'redis', url: redis.url, keyPrefix: `fresh-${Date.now()}:` },
      })
      const r = spawnRun(process.execPath, [bin, '--config', config, '--port', '0'], withKey)
      await untilOutput(r, r.stdout, /"event":"(not_ready|ready)"/, 15_000)
      expect(jsonLines(r.stdout())[0]).toMatchObject({
        event: 'not_ready',
        reason: 'rebuilding',
        message: expect.stringMatching(/^chatgate server not ready yet on http:\S+ \(rebuilding\)/),
      })
      r.child.kill('SIGTERM')
      expect(await r.exited).toBe(0)
    }, 30_000)

    it('runs as the declared bin and finds the Redis registry it loads on demand', async () => {
      const config = writeConfig({
        apps: [keyFromEnv()],
        registry: { kind: 'redis', url: redis.url, keyPrefix: 'cli-test:' },
        shutdown: { drainSeconds: 0 },
      })
      // Executed directly, as a package manager's bin link does: the shebang picks Node.
      const r = spawnRun(bin, ['--config', config, '--port', '0'], withKey)
      const url = await listening(r)
      const client = await loginOnceReady(`${url.replace('http', 'ws')}/ws`, 'bob').catch(
        (error: Error) => {
          throw new Error(`${error.message}\nserver stderr:\n${r.stderr()}`)
        },
      )
      r.child.kill('SIGTERM')
      expect((await client.closeEvent(5000)).code).toBe(CLOSE_CODES.GOING_AWAY)
      expect(await r.exited).toBe(0)
    }, 30_000)
  })
})
