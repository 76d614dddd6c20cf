import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { verifyUserSig } from '../src/index.js'
import { APP, KEY } from './fixtures.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const tsx = `${root}node_modules/.bin/tsx`
const cli = `${root}packages/usersig/src/cli.ts`

interface Run {
  code: number
  stdout: string
  stderr: string
}

function usersig(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      ['--conditions=source', cli, ...args],
      { cwd: root, timeout: 20_000, env },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
        resolve({ code, stdout, stderr })
      },
    )
  })
}

const signedBy = (run: Run) =>
  verifyUserSig(run.stdout.trim(), { sdkAppID: APP, secretKey: KEY, userID: 'alice' })

// A key on the command line is visible to every user of the machine (`ps`) and stays in
// the shell's history: the CLI takes it from a variable or a file too.
describe('usersig CLI: the key kept off the command line', { timeout: 60_000 }, () => {
  it('reads the key from the environment variable --key-env names', async () => {
    const run = await usersig(
      ['sign', '--sdkappid', String(APP), '--key-env', 'CHATGATE_TEST_KEY', '--user', 'alice'],
      { ...process.env, CHATGATE_TEST_KEY: KEY },
    )
    expect(run.code).toBe(0)
    expect(signedBy(run)).toMatchObject({ ok: true })
  })

  it('reads the key from the file --key-file names, without its trailing newline', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'usersig-key-')), 'key')
    writeFileSync(file, `${KEY}\n`, { mode: 0o600 })
    const run = await usersig([
      'sign',
      '--sdkappid',
      String(APP),
      '--key-file',
      file,
      '--user',
      'alice',
    ])
    expect(run.code).toBe(0)
    expect(signedBy(run)).toMatchObject({ ok: true })
  })

  it('refuses an unset variable, an unreadable file or two key sources with exit 2, naming them', async () => {
    const unset = await usersig(
      ['sign', '--sdkappid', String(APP), '--key-env', 'CHATGATE_UNSET_KEY', '--user', 'alice'],
      { ...process.env, CHATGATE_UNSET_KEY: undefined },
    )
    expect(unset.code).toBe(2)
    expect(unset.stderr).toContain('CHATGATE_UNSET_KEY')
    const missing = await usersig([
      ...['sign', '--sdkappid', String(APP), '--key-file', '/nonexistent/key', '--user', 'alice'],
    ])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('/nonexistent/key')
    const both = await usersig([
      ...['sign', '--sdkappid', String(APP), '--key', KEY, '--key-file', '/nonexistent/key'],
      ...['--user', 'alice'],
    ])
    expect(both.code).toBe(2)
    expect(both.stderr).not.toContain(KEY)
  })
})
