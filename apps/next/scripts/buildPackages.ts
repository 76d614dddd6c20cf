import { fileURLToPath } from 'node:url'
import { run } from './run.js'

const workspaceDir = fileURLToPath(new URL('../../..', import.meta.url))

/** The packages the example imports, directly or through each other. */
const PACKAGES = [
  '@chatgate/protocol',
  '@chatgate/core',
  '@chatgate/tabs',
  '@chatgate/react',
  '@chatgate/usersig',
]

/**
 * Builds the packages the example imports. Next reads their `dist/` (the `import` export
 * condition), exactly as an app that installed them from the registry does.
 */
export function buildPackages(): Promise<void> {
  return run('pnpm', [...PACKAGES.flatMap((name) => ['--filter', name]), 'build'], {
    cwd: workspaceDir,
  })
}
