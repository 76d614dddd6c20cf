import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const packageDir = fileURLToPath(new URL('../../', import.meta.url))

/** The path of the package's `chatgate-server` binary (`dist/cli.js`), from its manifest. */
export function cliBinary(): string {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    bin: Record<string, string>
  }
  return join(packageDir, manifest.bin['chatgate-server']!)
}

/**
 * Builds the binary the way `pnpm build` does (its CLI step); it then runs with Node
 * alone: no tsx, no source condition. Resolves with its path.
 */
export function buildCli(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      join(root, 'node_modules/.bin/tsup'),
      ['--config', 'tsup.cli.config.ts'],
      { cwd: packageDir, timeout: 120_000 },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`build failed: ${stderr}`)) : resolve(cliBinary()),
    )
  })
}
