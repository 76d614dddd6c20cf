import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CLOSE_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { appConfig, cleanup, sign, TestClient } from './helpers.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const tsx = join(root, 'node_modules/.bin/tsx')
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url))
const children = new Set<ChildProcess>()

afterEach(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  children.clear()
  await cleanup()
})

function writeConfig(config: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'chatgate-cli-')), 'config.json')
  writeFileSync(file, JSON.stringify(config))
  return file
}

interface Run {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<number | null>
}

function run(args: string[]): Run {
  const child = spawn(tsx, ['--conditions=source', cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d
  })
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d
  })
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  return { child, stdout: () => stdout, stderr: () => stderr, exited }
}

async function listening(r: Run): Promise<string> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const match = /listening on (http:\/\/\S+) /.exec(r.stdout())
    if (match) return match[1]!
    if (r.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`server did not start: ${r.stderr()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('pnpm server (the CLI)', () => {
  it('serves logins; SIGTERM closes sockets with 1001 and exits 0; logs hold no UserSig', async () => {
    const config = writeConfig({ apps: [appConfig()], dev: { usersigEndpoint: true } })
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
