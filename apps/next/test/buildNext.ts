import { buildPackages } from '../scripts/buildPackages.js'
import { run } from '../scripts/run.js'
import { NEXT_APP_DIR, NEXT_BIN, nextEnv } from './paths.js'

/**
 * Once per test run: builds the packages (Next reads their `dist/`, not their sources; that
 * is what rule 29 is about), then `next build`s the example.
 */
export default async function buildNext(): Promise<void> {
  await buildPackages()
  await run(NEXT_BIN, ['build'], { cwd: NEXT_APP_DIR, env: nextEnv('ws://127.0.0.1:1/ws') })
}
