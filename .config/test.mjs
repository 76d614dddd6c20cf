// Runs every test of every package in one Vitest run, then prints the one closing line
// CI reads: `N passed, N failed`. Extra arguments go to Vitest (e.g. a project filter).
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const report = `${root}.test-results/vitest.json`
const failuresFile = `${root}.test-results/failures.txt`
mkdirSync(`${root}.test-results`, { recursive: true })
rmSync(report, { force: true })
rmSync(failuresFile, { force: true })

/** The first line of a failure message, without colour codes, at most 300 characters. */
function firstLine(message = '') {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
  const plain = String(message).replace(/\u001b\[[0-9;]*m/g, '')
  return (plain.split('\n').find((line) => line.trim() !== '') ?? '(no message)')
    .trim()
    .slice(0, 300)
}

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
// What failed, a line each, printed again just above the closing line (and kept in a file
// CI prints last), so a log cut to its tail still says which test broke and why.
const failures = []
try {
  const result = JSON.parse(readFileSync(report, 'utf8'))
  passed = result.numPassedTests
  failed = result.numFailedTests
  for (const suite of result.testResults) {
    const file = relative(root, suite.name)
    // A suite that fails to load has no failed tests of its own; count it so it is seen.
    if (suite.status === 'failed' && suite.assertionResults.length === 0) {
      failed += 1
      failures.push(`${file}: ${firstLine(suite.message)}`)
    }
    for (const test of suite.assertionResults) {
      if (test.status === 'failed') {
        failures.push(`${file} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`)
      }
    }
  }
} catch {
  failed = Math.max(failed, 1)
  failures.push(`no report at ${report}: Vitest did not finish`)
}
writeFileSync(failuresFile, failures.map((line) => `FAILED ${line}\n`).join(''))
for (const line of failures) console.log(`FAILED ${line}`)
if (run.status !== 0 && failed === 0) failed = 1
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 && run.status === 0 ? 0 : 1)
