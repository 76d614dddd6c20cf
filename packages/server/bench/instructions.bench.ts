// Instructions per connect + login, counted by valgrind's callgrind: the bench server (bare
// `ws` handshake + echo, and Chatgate's login server) runs under callgrind while a client
// process drives bursts at it. Unlike time, an instruction count does not move with what
// else the machine is doing: two runs of the same code differ by a few percent (V8's own
// timing of compiles and collections), where timed figures here move by 15–30 %.
// Instructions are not time (cache misses and system calls cost more than their count), so
// the `server` bench stays the measure of throughput; this one says where a change went.
// Needs valgrind (Debian's package); takes about 5 minutes (the two servers run at once).
import { type ChildProcess, execFileSync, fork } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { recordFigure } from '../../../.config/benchFigures.js'
import type { ClientAnswer, ClientRequest } from './benchClient.js'
import { APP, CONFIG } from './benchConfig.js'
import type { ServerAnswer, ServerRequest } from './benchServer.js'
import { extraByKind, selfCostByFunction } from './callgrindSelf.js'
import { ask, forkScript } from './ipc.js'

const { values } = parseArgs({
  options: {
    warmup: { type: 'string', default: '4000' },
    count: { type: 'string', default: '2000' },
  },
})
const WARMUP = Number(values.warmup)
const COUNT = Number(values.count)
const CONCURRENCY = 16

/** Instructions of the measured burst: the main thread's, and every other thread's together. */
interface Counted {
  main: number
  others: number
}

/** Per connection, with the main thread's own count of each function. */
interface Measured extends Counted {
  mainByFunction: Map<string, number>
}

try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' })
} catch {
  console.error('the instructions bench needs valgrind: apt-get install valgrind')
  process.exit(2)
}

const outDir = mkdtempSync(join(tmpdir(), 'chatgate-instructions-'))

/** A bench server under callgrind, counting from start-up (zeroed before the measured burst). */
function serverUnderCallgrind(kind: 'bare' | 'chatgate'): ChildProcess {
  return fork(new URL('./benchServer.ts', import.meta.url), {
    execPath: 'valgrind',
    execArgv: [
      '--tool=callgrind',
      '-q',
      // V8 writes and rewrites its own machine code.
      '--smc-check=all-non-file',
      '--separate-threads=yes',
      `--callgrind-out-file=${join(outDir, `${kind}.out`)}`,
      process.execPath,
      '--import',
      'tsx',
      '--conditions=source',
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
}

/** The `totals:` of each thread's file of the first dump (`KIND.out.1-NN`, NN the thread). */
function readDump(kind: string): Counted {
  const counted: Counted = { main: 0, others: 0 }
  for (const file of readdirSync(outDir)) {
    const thread = new RegExp(`^${kind}\\.out\\.1-(\\d+)$`).exec(file)?.[1]
    if (thread === undefined) continue
    const text = readFileSync(join(outDir, file), 'utf8')
    const total = Number(/^(?:totals|summary): (\d+)/m.exec(text)?.[1] ?? Number.NaN)
    if (Number(thread) === 1) counted.main += total
    else counted.others += total
  }
  return counted
}

/** The main thread's file of the first dump. */
function mainThreadFile(kind: string): string {
  const file = readdirSync(outDir).find((name) => new RegExp(`^${kind}\\.out\\.1-0*1$`).test(name))
  if (file === undefined) throw new Error(`no main-thread dump for ${kind} in ${outDir}`)
  return join(outDir, file)
}

async function count(kind: 'bare' | 'chatgate'): Promise<Measured> {
  const server = serverUnderCallgrind(kind)
  const client = forkScript(new URL('./benchClient.ts', import.meta.url))
  const toClient = (request: ClientRequest) => ask<ClientRequest, ClientAnswer>(client, request)
  try {
    const request: ServerRequest = { op: 'start', kind, config: CONFIG }
    const { port } = (await ask<ServerRequest, ServerAnswer>(server, request)) as { port: number }
    const url = kind === 'chatgate' ? `ws://127.0.0.1:${port}/ws` : `ws://127.0.0.1:${port}`
    const mode = kind === 'chatgate' ? 'login' : 'echo'
    const burst = (n: number, prefix: string) =>
      toClient({ op: 'burst', mode, url, count: n, concurrency: CONCURRENCY, app: APP, prefix })
    // Long enough for V8 to have optimized the path: under callgrind it runs ~50× slower.
    await burst(WARMUP, `w${kind}`)
    execFileSync('callgrind_control', ['-z', String(server.pid)], { stdio: 'ignore' })
    const answer = (await burst(COUNT, `m${kind}`)) as { completed: number; failed: string[] }
    execFileSync('callgrind_control', ['-d', String(server.pid)], { stdio: 'ignore' })
    if (answer.failed.length > 0) {
      throw new Error(`${kind}: ${answer.failed.length} connections failed: ${answer.failed[0]}`)
    }
    // Its last dump is written as it exits: wait for that before the folder goes.
    const exited = new Promise((resolve) => server.once('exit', resolve))
    await ask<ServerRequest, ServerAnswer>(server, { op: 'stop' })
    await exited
    const counted = readDump(kind)
    const connections = answer.completed
    const byFunction = selfCostByFunction(mainThreadFile(kind))
    return {
      main: counted.main / connections,
      others: counted.others / connections,
      mainByFunction: new Map([...byFunction].map(([name, n]) => [name, n / connections])),
    }
  } finally {
    client.kill()
    server.kill()
  }
}

const thousands = (n: number) => `${Math.round(n / 1000).toLocaleString('en')}k`

console.log(
  `instructions per connection under callgrind (${WARMUP} warm-up, ${COUNT} measured, ${CONCURRENCY} in flight):`,
)
try {
  const [bare, chatgate] = await Promise.all([count('bare'), count('chatgate')])
  const ratio = bare.main / chatgate.main
  console.log(
    `  main thread: bare ws handshake+echo ${thousands(bare.main)}, chatgate connect+login ${thousands(chatgate.main)}; bare/chatgate ${ratio.toFixed(3)}`,
  )
  console.log(
    `  other threads (V8's compiler and GC helpers): bare ${thousands(bare.others)}, chatgate ${thousands(chatgate.others)}`,
  )
  // The same counts gathered by the kind of work each function does: what the login
  // server's main thread does beyond bare ws, per connection.
  console.log('  main thread, chatgate − bare per connection, by kind of work:')
  for (const [kind, extra] of extraByKind(bare.mainByFunction, chatgate.mainByFunction)) {
    console.log(`    ${thousands(extra).padStart(6)}  ${kind}`)
  }
  recordFigure('instructions.main.bare', bare.main, 'instr', 'lower')
  recordFigure('instructions.main.chatgate', chatgate.main, 'instr', 'lower')
  recordFigure('instructions.main.ratio', ratio, '×', 'higher')
  recordFigure('instructions.others.chatgate', chatgate.others, 'instr', 'lower')
} finally {
  rmSync(outDir, { recursive: true, force: true })
}
