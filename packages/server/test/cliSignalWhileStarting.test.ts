import { type ChildProcess, spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestRedis, type TestRedis } from './helpers/redisServer.js'
import { APP_ID, SECRET } from './helpers.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
// tsx as a loader in one Node process: the `tsx` command runs a child and relays signals
// to it, and decides on its own exit code when the child is slow to say it handles them.
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url))
const children = new Set<ChildProcess>()
let redis: TestRedis

beforeAll(async () => {
  redis = await startTestRedis()
})
afterEach(() => {
  redis.resume()
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  children.clear()
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
      const args = ['--import', tsxLoader, '--conditions=source', cli, '--config', config]
      const child = spawn(process.execPath, [...args, '--port', '0'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      children.add(child)
      let stderr = ''
      child.stderr!.on('data', (d: Buffer) => {
        stderr += d
      })
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      )
      while (!stderr.includes('dev_usersig_endpoint_enabled')) {
        if (child.exitCode !== null) throw new Error(`exited early: ${stderr}`)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      child.kill(signal)
      expect(await exited).toEqual({ code: 0, signal: null })
    },
    30_000,
  )
})
