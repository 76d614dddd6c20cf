// `pnpm bench:compare REF [NAME…] [--rounds N] [-- bench options]`: what a change costs.
// Checks REF out into a temporary git worktree (its own offline install; the benches read
// sources, so that is the whole build), then runs each named bench (default: server and
// client) on REF and on this working tree, alternating which goes first, for N rounds
// (default 3). Each run's figures come from its BENCH_FIGURES file, or, for a REF older
// than that file, from its printed text (benchLegacyFigures.ts). Prints, per figure, the
// REF median, this tree's median, and the median and spread of the per-round ratios;
// keeps every run's output under .bench-results/. The worktree goes, also on Ctrl-C.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type RunFigures, type Side, table } from './benchCompareTable.js'
import { FIGURES_ENV, type Figure } from './benchFigures.js'
import { figuresFromText } from './benchLegacyFigures.js'
import { findBenches } from './benchList.mjs'

const USAGE = 'usage: pnpm bench:compare REF [NAME…] [--rounds N] [-- options for the benches]'
const root = fileURLToPath(new URL('..', import.meta.url))

// ---- arguments
const argv = process.argv.slice(2)
const split = argv.indexOf('--')
const benchOptions = split === -1 ? [] : argv.slice(split + 1)
const ours = split === -1 ? argv : argv.slice(0, split)
let rounds = 3
const positionals: string[] = []
for (let i = 0; i < ours.length; i++) {
  if (ours[i] === '--rounds') rounds = Number(ours[++i])
  else if (ours[i]!.startsWith('--rounds=')) rounds = Number(ours[i]!.slice('--rounds='.length))
  else positionals.push(ours[i]!)
}
const [ref, ...named] = positionals
const names = named.length ? named : ['server', 'client']
const benches = findBenches(root)
const unknown = names.filter((n) => !benches.has(n))
if (!ref || !Number.isInteger(rounds) || rounds < 1 || unknown.length) {
  console.error(USAGE)
  if (unknown.length) console.error(`unknown bench: ${unknown.join(', ')}`)
  console.error(`benches: ${[...benches.keys()].sort().join(', ')}`)
  process.exit(2)
}

const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
let refSha: string
try {
  refSha = git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`).trim()
} catch {
  console.error(`bench:compare: ${ref} is not a commit here`)
  process.exit(2)
}
const describeCommit = (rev: string) => {
  const line = git('log', '-1', '--format=%h %s', rev).trim()
  return line.length > 80 ? `${line.slice(0, 79)}…` : line
}
const dirty = git('status', '--porcelain').trim() !== ''

// ---- the temporary checkout, and what removes it however this ends
const scratch = mkdtempSync(join(tmpdir(), 'chatgate-bench-compare-'))
const refTree = join(scratch, 'ref')
/** TMPDIR of every bench run: a redis-server a bench daemonizes leaves its pid file here. */
const benchTmp = join(scratch, 'tmp')
mkdirSync(benchTmp)
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
const results = join(root, '.bench-results', `compare-${stamp}`)
mkdirSync(results, { recursive: true })

let running: ChildProcess | undefined
let interrupted = false

/** Ends the running bench and everything it started (its process group). */
async function stopRunning(): Promise<void> {
  const child = running
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return
  const closed = once(child, 'close')
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name)
    } catch {}
  }
  signal('SIGTERM')
  const killLater = setTimeout(() => signal('SIGKILL'), 5000)
  await closed
  clearTimeout(killLater)
}

/** Redis servers a bench daemonized (outside its process group) and could not stop. */
function stopStrayRedis(): void {
  if (!existsSync(benchTmp)) return
  for (const dir of readdirSync(benchTmp)) {
    const pidFile = join(benchTmp, dir, 'redis.pid')
    if (!dir.startsWith('chatgate-redis-') || !existsSync(pidFile)) continue
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL')
    } catch {}
  }
}

let cleaned = false
function removeCheckout(): void {
  if (cleaned) return
  cleaned = true
  stopStrayRedis()
  try {
    git('worktree', 'remove', '--force', refTree)
  } catch {}
  rmSync(scratch, { recursive: true, force: true })
  try {
    git('worktree', 'prune')
  } catch {}
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, async () => {
    if (interrupted) return
    interrupted = true
    console.error(`\n${signal}: stopping the bench and removing the REF worktree…`)
    await stopRunning()
    removeCheckout()
    process.exit(130)
  })
}
process.on('exit', removeCheckout)

/** Runs a command in its own process group, its output to `log`; resolves with its exit code. */
async function run(command: string, args: string[], cwd: string, log: string, env = {}) {
  if (interrupted) throw new Error('interrupted')
  const out = createWriteStream(log)
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running = child
  child.stdout.pipe(out, { end: false })
  child.stderr.pipe(out, { end: false })
  const [code, signal] = (await once(child, 'close')) as [number | null, string | null]
  running = undefined
  out.end()
  await once(out, 'close')
  return code ?? (signal ? 128 : 1)
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(0)} s`
const tail = (file: string) =>
  readFileSync(file, 'utf8').trimEnd().split('\n').slice(-15).join('\n')

// ---- one run of one bench on one side

async function benchOnce(name: string, side: Side, round: number): Promise<RunFigures> {
  const tree = side === 'ref' ? refTree : root
  const script = findBenches(tree).get(name)!
  const base = join(results, `${name}-round${round}-${side}`)
  const figuresFile = `${base}.figures.jsonl`
  const started = performance.now()
  // Node itself rather than `pnpm exec tsx`: pnpm puts its child in a process group of its
  // own, which stopping this run's group would miss.
  const exitCode = await run(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', script, ...benchOptions],
    tree,
    `${base}.log`,
    { [FIGURES_ENV]: figuresFile, TMPDIR: benchTmp },
  )
  const label = side === 'ref' ? `REF ${refSha.slice(0, 7)}` : 'this tree'
  console.log(
    `  round ${round}/${rounds} ${name} on ${label}: ${seconds(started)}${exitCode ? `, exit ${exitCode}` : ''}`,
  )
  let list: Figure[] = existsSync(figuresFile)
    ? readFileSync(figuresFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Figure)
    : []
  const fromText = list.length === 0
  if (fromText) list = figuresFromText(name, readFileSync(`${base}.log`, 'utf8'))
  if (exitCode && list.length === 0) console.log(tail(`${base}.log`))
  return { figures: new Map(list.map((f) => [f.name, f])), fromText, exitCode }
}

// ---- main
async function main(): Promise<void> {
  const started = performance.now()
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')
  const loadAtStart = load()
  console.log(
    `bench:compare ${ref} = ${describeCommit(refSha)}\n  against this tree = ${describeCommit('HEAD')}${dirty ? ' + uncommitted changes' : ''}\n  ${names.join(', ')}, ${rounds} round(s), load average ${loadAtStart}`,
  )
  git('worktree', 'add', '--detach', refTree, refSha)
  const installStarted = performance.now()
  const installLog = join(results, 'ref-install.log')
  const onlineLog = join(results, 'ref-install-online.log')
  let install = await run(
    'pnpm',
    ['install', '--frozen-lockfile', '--offline'],
    refTree,
    installLog,
  )
  if (install !== 0) {
    // The store or the metadata cache lacks something REF's lockfile names (pnpm's policy
    // check reads package metadata too): fetch only that, once.
    console.log(
      `  REF's offline install failed (see ${installLog}); installing with --prefer-offline`,
    )
    install = await run(
      'pnpm',
      ['install', '--frozen-lockfile', '--prefer-offline'],
      refTree,
      onlineLog,
    )
  }
  if (install !== 0) {
    console.error(`${tail(onlineLog)}\nbench:compare: installing REF failed (exit ${install})`)
    process.exitCode = 1
    return
  }
  console.log(`  REF checked out and installed in ${seconds(installStarted)}`)
  const refBenches = findBenches(refTree)
  const comparable = names.filter((name) => refBenches.has(name))
  for (const name of names.filter((n) => !refBenches.has(n))) {
    console.log(`  cannot compare ${name}: REF has no ${name} bench`)
  }

  const runs = new Map(
    comparable.map((n) => [n, { ref: [] as RunFigures[], this: [] as RunFigures[] }]),
  )
  for (let round = 1; round <= rounds; round++) {
    for (const name of comparable) {
      // Alternate which side goes first, so neither always meets a warmer (or busier) machine.
      const sides: Side[] = round % 2 ? ['ref', 'this'] : ['this', 'ref']
      for (const side of sides) runs.get(name)![side].push(await benchOnce(name, side, round))
    }
  }

  const report = [
    `bench:compare ${ref} (${describeCommit(refSha)}) → this tree (${describeCommit('HEAD')}${dirty ? ' + uncommitted changes' : ''})`,
    `${rounds} round(s), alternating; ratio = this / REF, median of the per-round ratios, min–max over the rounds`,
    `load average ${loadAtStart} at the start, ${load()} at the end; took ${seconds(started)}`,
    ...comparable.map((name) => table(name, runs.get(name)!, rounds, results)),
    `\nevery run's output: ${results}`,
  ].join('\n')
  writeFileSync(join(results, 'summary.txt'), `${report}\n`)
  console.log(`\n${report}`)
}

main()
  .catch((error: unknown) => {
    if (!interrupted) {
      console.error(error)
      process.exitCode = 1
    }
  })
  .finally(() => {
    if (!interrupted) removeCheckout()
  })
