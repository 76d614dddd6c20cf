// `pnpm mutate [PACKAGE] [MODULE…] [--force] [--ignore-static] [--concurrency N]`: mutation testing with
// StrykerJS over the modules that hold the login contract (the table below), judged by the
// package's own Vitest project. Without PACKAGE it lists the table. Incremental: a rerun
// tests only mutants whose code or covering tests changed (`--force` tests all again).
// Reports, and the incremental record, go to .mutation/PACKAGE/ (not committed).
// `--ignore-static` leaves out the static mutants, those in code that also runs outside any
// one test (module constants, a server's start in a hook, its sockets closing at cleanup):
// each runs the whole package suite with a fresh reload, minutes apiece for the server's.
// A mutant some test also covers is still tested, by those tests only; one no test covers
// alone is Ignored and left out of the score (the summary counts them).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Stryker } from '@stryker-mutator/core'

const root = fileURLToPath(new URL('..', import.meta.url))
// Stryker reads the project, and writes its sandbox, from the working directory.
process.chdir(root)
// The packages' Vitest configs leave out what cannot judge a mutant (see notUnderMutation).
process.env.CHATGATE_MUTATION = '1'

/**
 * The modules of each package, as path patterns under packages/PACKAGE (`*` within a name,
 * `**` across folders, case-insensitive). A pattern that matches nothing is reported and
 * skipped (a bug in this table: update it when files move).
 */
const TARGETS = {
  core: {
    machine: ['src/machine.ts'],
    session: ['src/session.ts'],
    connection: ['src/connection.ts'],
    backoff: ['src/backoff.ts'],
  },
  server: {
    policy: ['src/policy/**/*.ts'],
    login: ['src/transport/login.ts'],
    // The connection and the parts split out of it, each one concern of a socket's life.
    connection: [
      'src/transport/connection.ts',
      'src/transport/sendBacklog.ts',
      'src/transport/socketLiveness.ts',
      'src/transport/loginRefusalLog.ts',
      'src/transport/framePeek.ts',
      'src/transport/messageFragments.ts',
      'src/transport/upgradeRefusal.ts',
      'src/transport/pendingSockets.ts',
    ],
    sessionHub: ['src/transport/sessionHub.ts'],
    memoryRegistry: ['src/registry/memoryRegistry.ts'],
    // A renewal's check against a REST kick; the check at login (`isRevoked`) is in login,
    // the record of revocations in memoryRegistry.
    revocation: ['src/transport/renewal.ts'],
    limits: [
      'src/rateLimiter.ts',
      'src/registry/loginRate.ts',
      'src/transport/connectionCaps.ts',
      'src/transport/requestRate.ts',
      'src/addressLimitKey.ts',
      'src/limitLog.ts',
    ],
  },
  react: {
    // The kit's state, each part with one owner.
    kitState: [
      'src/kitSession.ts',
      'src/kitMemory.ts',
      'src/silentLogin.ts',
      'src/subscribable.ts',
      'src/retryPolicy.ts',
      'src/appFailure.ts',
    ],
  },
  tencent: { mapping: ['src/fromTencentChat.ts', 'src/snapshotOf.ts', 'src/tencentError.ts'] },
  v2tim: {
    mapping: [
      'src/v2timManager.ts',
      'src/watchConnection.ts',
      'src/logLevel.ts',
      'src/loginStatus.ts',
      'src/devicePlatform.ts',
    ],
  },
}

/** `**` spans folders, `*` stays within a name; matched against the whole relative path. */
function globToRegExp(glob) {
  const literal = (text) => text.replace(/[.+^${}()|[\]\\?]/g, '\\$&')
  const name = (part) => part.split('*').map(literal).join('[^/]*')
  return new RegExp(`^${glob.split('**/').map(name).join('(?:.*/)?')}$`, 'i')
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

const isTestOrStory = (file) => /\.(test|stories)\.tsx?$/.test(file)

/** `src/session.ts:140-150` (or `:140`): some lines of one file, to work on one survivor. */
const LINES = /^(src\/[^:]+)(?::(\d+)(?:-(\d+))?)?$/

/** Module name → its files (relative to the repository root) as they are now. */
function resolveModules(pkg, names) {
  const dir = join(root, 'packages', pkg)
  const files = filesUnder(join(dir, 'src'))
    .map((file) => relative(dir, file))
    .filter((file) => !isTestOrStory(file))
  const modules = new Map()
  for (const name of names) {
    const lines = TARGETS[pkg][name] ? undefined : LINES.exec(name)
    if (lines) {
      const [, file, from, to = from] = lines
      const range = from ? `:${from}-${to}` : ''
      modules.set(name, {
        files: [`packages/${pkg}/${file}`],
        mutate: [`packages/${pkg}/${file}${range}`],
      })
      continue
    }
    const matched = new Set()
    for (const pattern of TARGETS[pkg][name]) {
      const found = files.filter((file) => globToRegExp(pattern).test(file))
      if (found.length === 0) console.log(`  (${pkg} ${name}: nothing matches ${pattern})`)
      for (const file of found) matched.add(`packages/${pkg}/${file}`)
    }
    modules.set(name, { files: [...matched], mutate: [...matched] })
  }
  return modules
}

function usage() {
  console.log(
    'usage: pnpm mutate PACKAGE [MODULE | src/FILE[:LINE[-LINE]] …] [--force] [--ignore-static] [--concurrency N]\n',
  )
  for (const [pkg, modules] of Object.entries(TARGETS)) {
    console.log(`  ${pkg.padEnd(8)} ${Object.keys(modules).join(', ')}`)
  }
}

const args = process.argv.slice(2).filter((a) => a !== '--')
const force = args.includes('--force')
const ignoreStatic = args.includes('--ignore-static')
const concurrencyAt = args.indexOf('--concurrency')
const concurrency = concurrencyAt === -1 ? 1 : Number(args[concurrencyAt + 1])
const optionValue = concurrencyAt === -1 ? -1 : concurrencyAt + 1
const [pkg, ...wanted] = args.filter((a, i) => !a.startsWith('--') && i !== optionValue)
const known = (name) =>
  TARGETS[pkg][name] ||
  (LINES.test(name) && existsSync(join(root, 'packages', pkg, name.split(':')[0])))
if (!pkg || !TARGETS[pkg] || !wanted.every(known) || !(concurrency >= 1)) {
  usage()
  process.exit(pkg ? 2 : 0)
}
const names = wanted.length ? wanted : Object.keys(TARGETS[pkg])
const modules = resolveModules(pkg, names)
const mutate = [...new Set([...modules.values()].flatMap((module) => module.mutate))]
if (mutate.length === 0) {
  console.log(`pnpm mutate ${pkg}: none of ${names.join(', ')} has a file yet; nothing to do`)
  process.exit(0)
}

// Some lines of a file: a quick look at a few mutants, kept apart from the modules' report
// and incremental record so that it does not replace them.
const partial = names.some((name) => !TARGETS[pkg][name])
const reports = partial ? `.mutation/${pkg}/lines` : `.mutation/${pkg}`
const stryker = new Stryker({
  plugins: [
    import.meta.resolve('@stryker-mutator/vitest-runner'),
    import.meta.resolve('@stryker-mutator/typescript-checker'),
  ],
  testRunner: 'vitest',
  // The package's own project: a mutant is judged by that package's tests.
  vitest: { configFile: `packages/${pkg}/vitest.config.ts`, dir: `packages/${pkg}` },
  // Mutants that do not type-check are set aside (CompileError), not counted as survivors.
  checkers: ['typescript'],
  tsconfigFile: `packages/${pkg}/tsconfig.json`,
  coverageAnalysis: 'perTest',
  // The first run of every test (the server's take minutes on a busy machine, one at a time).
  dryRunTimeoutMinutes: 30,
  mutate,
  incremental: !partial,
  incrementalFile: `${reports}/incremental.json`,
  force,
  ignoreStatic,
  concurrency,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/report.json` },
  // The sandbox holds what git holds (tests read other packages' sources too); build
  // output and caches stay out. node_modules folders are linked into it.
  ignorePatterns: readFileSync(join(root, '.gitignore'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#')),
  // Vitest does not type-check, so sources stay as they are: the `// @ts-nocheck` Stryker
  // would add above them pushes the server CLI's shebang off the first line of its build.
  disableTypeChecks: false,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
})

const started = performance.now()
const results = await stryker.runMutationTest()

const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])
console.log(
  `\nmutation score by module (${pkg}), ${((performance.now() - started) / 60_000).toFixed(1)} min:`,
)
for (const [name, { files }] of modules) {
  const mine = results.filter((r) => files.some((f) => r.fileName.endsWith(f)))
  const detected = mine.filter((r) => DETECTED.has(r.status)).length
  const undetected = mine.filter((r) => UNDETECTED.has(r.status)).length
  const score = detected + undetected ? (100 * detected) / (detected + undetected) : Number.NaN
  const survived = mine.filter((r) => r.status === 'Survived').length
  const noCoverage = mine.filter((r) => r.status === 'NoCoverage').length
  const compileErrors = mine.filter((r) => r.status === 'CompileError').length
  const ignored = mine.filter((r) => r.status === 'Ignored').length
  const text = Number.isNaN(score) ? 'no mutants' : `${score.toFixed(1)} %`
  const left = ignored ? `, ${ignored} static ignored` : ''
  console.log(
    `  ${name.padEnd(16)} ${text.padStart(8)}  (${detected} killed or timed out, ${survived} survived, ${noCoverage} not covered, ${compileErrors} set aside${left}; ${files.length} file(s))`,
  )
}
console.log(`report: ${reports}/index.html`)
