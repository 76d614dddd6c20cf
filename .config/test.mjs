// Runs every test of every package in one Vitest run, then prints the one closing line
// CI reads: `N passed, N failed`. Extra arguments go to Vitest (e.g. a project filter).
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const report = `${root}.test-results/vitest.json`
mkdirSync(`${root}.test-results`, { recursive: true })
rmSync(report, { force: true })

const run = spawnSync(
  'pnpm',
  [
    'exec',
    'vitest',
    'run',
    '--config',
    '.config/vitest.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' } },
)

let passed = 0
let failed = 0
try {
  const result = JSON.parse(readFileSync(report, 'utf8'))
  passed = result.numPassedTests
  failed = result.numFailedTests
  // A suite that fails to load has no failed tests of its own; count it so it is seen.
  failed += result.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.length === 0,
  ).length
} catch {
  failed = Math.max(failed, 1)
}
if (run.status !== 0 && failed === 0) failed = 1
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 && run.status === 0 ? 0 : 1)
