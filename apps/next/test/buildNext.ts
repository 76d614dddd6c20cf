import { NEXT_APP_DIR, NEXT_BIN, nextEnv, WORKSPACE_DIR } from './paths.js'
import { run } from './run.js'

/** The packages the example imports, built as an app receives them from the registry. */
const PACKAGES = ['@chatgate/protocol', '@chatgate/core', '@chatgate/react', '@chatgate/usersig']

/**
 * Once per test run: builds the packages (Next reads their `dist/`, not their sources; that
 * is what rule 29 is about), then `next build`s the example.
 */
export default async function buildNext(): Promise<void> {
  await run('pnpm', [...PACKAGES.flatMap((name) => ['--filter', name]), 'build'], {
    cwd: WORKSPACE_DIR,
  })
  await run(NEXT_BIN, ['build'], { cwd: NEXT_APP_DIR, env: nextEnv('ws://127.0.0.1:1/ws') })
}
