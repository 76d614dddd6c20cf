import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { killChildren, listening, spawnRun } from './helpers/cliRun.js'
import { APP_ID, SECRET } from './helpers.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const tsx = join(root, 'node_modules/.bin/tsx')
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url))

afterEach(killChildren)

function writeFile(dir: string, name: string, text: string, mode: number): string {
  const file = join(dir, name)
  writeFileSync(file, text)
  chmodSync(file, mode)
  return file
}

/** Starts the CLI from its sources, waits for its listening line, stops it: its stderr. */
async function startupStderr(config: string): Promise<string> {
  const r = spawnRun(tsx, ['--conditions=source', cli, '--config', config, '--port', '0'])
  await listening(r)
  r.child.kill('SIGTERM')
  await r.exited
  return r.stderr()
}

const app = (secretKey: unknown) =>
  JSON.stringify({ apps: [{ SDKAppID: APP_ID, secretKey }], shutdown: { drainSeconds: 0 } })

describe('the CLI and secret keys other users can read', () => {
  it('warns when a config file that holds a key inline is readable by every user, naming the file, never the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatgate-secret-'))
    const config = writeFile(dir, 'config.json', app(SECRET), 0o644)
    const stderr = await startupStderr(config)
    expect(stderr).toMatch(
      /"event":"secret_key_readable","message":"[^"]*config\.json[^"]* every user of this machine can read it/,
    )
    expect(stderr).toContain('chmod 600')
    expect(stderr).not.toContain(SECRET)
  }, 30_000)

  it('warns about a world-readable key file named by {"file"}', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatgate-secret-'))
    const keyFile = writeFile(dir, 'key', `${SECRET}\n`, 0o644)
    const config = writeFile(dir, 'config.json', app({ file: keyFile }), 0o644)
    const stderr = await startupStderr(config)
    expect(stderr).toContain(`"event":"secret_key_readable","message":"${keyFile} holds`)
    // The config itself holds no key: readable by all is fine.
    expect(stderr).not.toContain('config.json')
  }, 30_000)

  it('says nothing when only the owner can read the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatgate-secret-'))
    const config = writeFile(dir, 'config.json', app(SECRET), 0o600)
    expect(await startupStderr(config)).not.toContain('secret_key_readable')
  }, 30_000)
})
