import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { jsonLines } from './helpers/cliLines.js'
import { killChildren, listening, runCli, writeConfig } from './helpers/cliRun.js'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import { appConfig, cleanup, SECRET, TestClient } from './helpers.js'

const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
).version

afterEach(async () => {
  killChildren()
  await cleanup()
})

describe('the CLI writes one JSON object per line (design.md rule 36)', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startTestRedis()
  })
  afterAll(async () => {
    await redis?.stop()
  })

  it('from start to exit: its own messages, warnings, a dependency’s console output and the signal', async () => {
    const config = writeConfig(
      {
        apps: [appConfig()],
        // A password Redis does not want: ioredis says so with console.warn.
        registry: { kind: 'redis', url: `redis://:unneeded-password@127.0.0.1:${redis.port}` },
        dev: { usersigEndpoint: true },
        shutdown: { drainSeconds: 0 },
      },
      // Readable by everyone with the key inline: a warning.
      0o644,
    )
    const r = runCli(['--config', config, '--port', '0'])
    const url = await listening(r)
    const client = await TestClient.connect(`${url.replace('http', 'ws')}/ws`)
    client.sendLogin({ userID: 'alice' })
    await client.message('ready')
    r.child.kill('SIGTERM')
    expect(await r.exited).toBe(0)

    const stdout = jsonLines(r.stdout())
    const stderr = jsonLines(r.stderr())
    for (const line of [...stdout, ...stderr]) {
      expect(line).toMatchObject({
        time: expect.any(String),
        level: expect.stringMatching(/^(debug|info|warn|error)$/),
        event: expect.any(String),
      })
    }
    // A new Redis: `not_ready` (rebuilding) comes first.
    expect(stdout.map((line) => line.event)).toEqual(['not_ready', 'ready'])
    expect(stdout[1]).toMatchObject({ url, version })
    const events = stderr.map((line) => line.event)
    for (const event of [
      'secret_key_readable',
      'dev_usersig_endpoint_enabled',
      'listening',
      'login',
      'signal',
      'stopped',
    ]) {
      expect(events, event).toContain(event)
    }
    expect(stderr.find((line) => line.event === 'console')?.message).toMatch(/password/)
    expect(r.stderr()).not.toContain(SECRET)
    expect(r.stderr()).not.toContain('unneeded-password')
  }, 30_000)

  it('bad arguments and an invalid config: one JSON line each, exit 2 and 1', async () => {
    const bad = runCli(['--config'])
    expect(await bad.exited).toBe(2)
    expect(jsonLines(bad.stderr())).toEqual([
      expect.objectContaining({
        level: 'error',
        event: 'bad_arguments',
        message: expect.stringContaining('--help'),
      }),
    ])
    const invalid = runCli(['--config', writeConfig({ apps: [appConfig({ secretKey: 'short' })] })])
    expect(await invalid.exited).toBe(1)
    expect(jsonLines(invalid.stderr())).toEqual([
      expect.objectContaining({
        event: 'config_invalid',
        message: expect.stringContaining('apps[0].secretKey'),
      }),
    ])
  }, 30_000)

  it('--version prints the version and --help the usage, exit 0', async () => {
    const [versionRun, help] = [runCli(['--version']), runCli(['--help'])]
    expect(await versionRun.exited).toBe(0)
    expect(versionRun.stdout()).toBe(`${version}\n`)
    expect(await help.exited).toBe(0)
    expect(help.stdout()).toContain('usage: chatgate-server --config FILE')
  }, 30_000)
})
