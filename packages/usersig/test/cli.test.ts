import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Api } from 'tls-sig-api-v2'
import { describe, expect, it } from 'vitest'
import { verifyUserSig } from '../src/index.js'
import { APP, KEY, sign } from './fixtures.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const tsx = `${root}node_modules/.bin/tsx`
const cli = `${root}packages/usersig/src/cli.ts`

interface Run {
  code: number
  stdout: string
  stderr: string
}

function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: root, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
      resolve({ code, stdout, stderr })
    })
  })
}

const usersig = (...args: string[]) => run(tsx, ['--conditions=source', cli, ...args])
const app = ['--sdkappid', String(APP), '--key', KEY]

// Each case starts a process (tsx compiles the CLI), which is slow on a busy machine.
describe('usersig CLI', { timeout: 60_000 }, () => {
  it('sign prints the sig alone, and it verifies (also through `pnpm usersig`) (rule 2)', async () => {
    const [direct, viaPnpm] = await Promise.all([
      usersig('sign', ...app, '--user', 'alice', '--expire', '120'),
      run('pnpm', ['-s', 'usersig', 'sign', ...app, '--user', 'bob']),
    ])
    expect(direct.code).toBe(0)
    expect(direct.stdout).toMatch(/^[A-Za-z0-9*\-_]+\n$/)
    const verified = verifyUserSig(direct.stdout.trim(), { sdkAppID: APP, secretKey: KEY })
    expect(verified).toMatchObject({ ok: true, userID: 'alice' })
    expect(verified.ok && verified.expiresAt - verified.issuedAt).toBe(120)

    expect(viaPnpm.code).toBe(0)
    expect(viaPnpm.stdout).toMatch(/^[A-Za-z0-9*\-_]+\n$/)
    const defaulted = verifyUserSig(viaPnpm.stdout.trim(), { sdkAppID: APP, secretKey: KEY })
    expect(defaulted.ok && defaulted.expiresAt - defaulted.issuedAt).toBe(180 * 86400)
  })

  it('verify prints one JSON line; exit 0 when valid, 1 when not (rule 2)', async () => {
    const theirs = new Api(APP, KEY).genUserSig('carol', 600)
    const [valid, withBuffer, wrongUser, garbage] = await Promise.all([
      usersig('verify', ...app, '--user', 'carol', theirs),
      usersig('verify', ...app, sign({ userBuf: 'room-9', now: Math.floor(Date.now() / 1000) })),
      usersig('verify', ...app, '--user', 'dave', theirs),
      usersig('verify', ...app, 'not-a-sig'),
    ])
    expect(valid.code).toBe(0)
    expect(valid.stdout.split('\n')).toHaveLength(2)
    expect(JSON.parse(valid.stdout)).toMatchObject({ ok: true, userID: 'carol', sdkAppID: APP })
    expect(withBuffer.code).toBe(0)
    expect(JSON.parse(withBuffer.stdout).userBuf).toBe(Buffer.from('room-9').toString('base64'))
    expect(wrongUser.code).toBe(1)
    expect(JSON.parse(wrongUser.stdout)).toMatchObject({ ok: false, code: 70013 })
    expect(garbage.code).toBe(1)
    expect(JSON.parse(garbage.stdout)).toMatchObject({ ok: false, code: 70052 })
  })

  it('--help prints the usage and exits 0 (also after a command); --version prints the version', async () => {
    const version = (
      JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
        version: string
      }
    ).version
    const [help, short, afterCommand, versionRun] = await Promise.all([
      usersig('--help'),
      usersig('-h'),
      usersig('sign', '--help'),
      usersig('--version'),
    ])
    for (const result of [help, short, afterCommand]) {
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain('usage:')
      expect(result.stderr).toBe('')
    }
    expect(versionRun.code).toBe(0)
    expect(versionRun.stdout).toBe(`${version}\n`)
  })

  it('refuses a key the login server would refuse (under 8 characters, a space) with exit 2, never printing it', async () => {
    const runs = await Promise.all([
      usersig('sign', '--sdkappid', String(APP), '--key', 'short', '--user', 'alice'),
      usersig('sign', '--sdkappid', String(APP), '--key', 'has a space in it', '--user', 'al'),
      usersig('verify', '--sdkappid', String(APP), '--key', 'short', 'sig'),
    ])
    for (const result of runs) {
      expect(result.code, result.stderr).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain('8–256 printable ASCII characters without spaces')
      expect(result.stderr).not.toContain('short')
    }
  })

  it('bad arguments print the usage and exit 2', async () => {
    const runs = await Promise.all([
      usersig(),
      usersig('frob', ...app),
      usersig('sign', '--sdkappid', 'x', '--key', KEY, '--user', 'alice'),
      usersig('sign', ...app),
      usersig('sign', ...app, '--user', 'not valid!'),
      usersig('sign', ...app, '--user', 'alice', '--colour', 'red'),
      usersig('verify', ...app),
    ])
    for (const result of runs) {
      expect(result.code, result.stderr).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain('usage:')
    }
  })
})
