import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { verifyUserSig } from '../src/index.js'
import { APP, KEY } from './fixtures.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const packageDir = fileURLToPath(new URL('..', import.meta.url))
const manifest = JSON.parse(readFileSync(`${packageDir}package.json`, 'utf8')) as {
  bin: Record<string, string>
}
const bin = `${packageDir}${manifest.bin['chatgate-usersig']}`

interface Run {
  code: number
  stdout: string
  stderr: string
}

function run(command: string, args: string[], cwd = root): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
      resolve({ code, stdout, stderr })
    })
  })
}

// Builds the binary the way `pnpm build` does (its CLI step), then runs it with Node
// alone: no tsx, no source condition.
beforeAll(async () => {
  const build = await run(
    `${root}node_modules/.bin/tsup`,
    ['--config', 'tsup.cli.config.ts'],
    packageDir,
  )
  if (build.code !== 0) throw new Error(`build failed: ${build.stderr}`)
}, 120_000)

describe('chatgate-usersig (the built binary)', { timeout: 60_000 }, () => {
  const app = ['--sdkappid', String(APP), '--key', KEY]

  it('signs with `node dist/cli.js` and runs as the declared bin through its shebang', async () => {
    const [viaNode, viaBin] = await Promise.all([
      run(process.execPath, [bin, 'sign', ...app, '--user', 'alice', '--expire', '60']),
      run(bin, ['sign', ...app, '--user', 'bob']),
    ])
    expect(viaNode.code, viaNode.stderr).toBe(0)
    expect(verifyUserSig(viaNode.stdout.trim(), { sdkAppID: APP, secretKey: KEY })).toMatchObject({
      ok: true,
      userID: 'alice',
    })
    expect(viaBin.code, viaBin.stderr).toBe(0)
    expect(verifyUserSig(viaBin.stdout.trim(), { sdkAppID: APP, secretKey: KEY })).toMatchObject({
      ok: true,
      userID: 'bob',
    })
  })

  it('verifies (exit 0 / 1) and explains its usage on bad arguments (exit 2)', async () => {
    const sig = (
      await run(process.execPath, [bin, 'sign', ...app, '--user', 'carol'])
    ).stdout.trim()
    const [valid, wrongUser, bad] = await Promise.all([
      run(process.execPath, [bin, 'verify', ...app, '--user', 'carol', sig]),
      run(process.execPath, [bin, 'verify', ...app, '--user', 'dave', sig]),
      run(process.execPath, [bin, 'frob']),
    ])
    expect(valid.code).toBe(0)
    expect(JSON.parse(valid.stdout)).toMatchObject({ ok: true, userID: 'carol' })
    expect(wrongUser.code).toBe(1)
    expect(JSON.parse(wrongUser.stdout)).toMatchObject({ ok: false, code: 70013 })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('usage:\n  chatgate-usersig sign')
  })
})
