// UserSig throughput: our verify, our sign, and tls-sig-api-v2's sign, measured side by side
// in rounds that alternate between them so a busy machine slows all three alike.
// Budgets (design.md): verify ≥ 30,000/s on one core, and at least as fast per operation as
// tls-sig-api-v2's sign. Signing is off the login path: its figure is shown, with no budget.
import os from 'node:os'
import { Api } from 'tls-sig-api-v2'
import { recordFigure } from '../../../.config/benchFigures.js'
import { signUserSig, verifyUserSig } from '../src/index.js'

const APP = 1400000000
const KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e'
const USER = 'alice_01'
const EXPIRE = 86400
const ROUNDS = 9
const ROUND_MS = 250

const theirs = new Api(APP, KEY)
const sig = signUserSig({ sdkAppID: APP, secretKey: KEY, userID: USER, expireSeconds: EXPIRE })
const verifyOptions = { sdkAppID: APP, secretKey: KEY, userID: USER }
if (!verifyUserSig(sig, verifyOptions).ok) throw new Error('bench sig does not verify')
if (!verifyUserSig(theirs.genUserSig(USER, EXPIRE), verifyOptions).ok) {
  throw new Error('tls-sig-api-v2 sig does not verify')
}

// One character changed in the middle: zlib rejects the stream by throwing, the costly path.
const middle = sig.length >> 1
const tampered = `${sig.slice(0, middle)}${sig[middle] === 'A' ? 'B' : 'A'}${sig.slice(middle + 1)}`
if (verifyUserSig(tampered, verifyOptions).ok) throw new Error('tampered sig verifies')

const cases: Record<string, () => unknown> = {
  verify: () => verifyUserSig(sig, verifyOptions),
  'verify tampered': () => verifyUserSig(tampered, verifyOptions),
  sign: () => signUserSig({ sdkAppID: APP, secretKey: KEY, userID: USER, expireSeconds: EXPIRE }),
  'tls-sig-api-v2 sign': () => theirs.genUserSig(USER, EXPIRE),
}

interface Rate {
  /** Operations per second of this process's CPU time: what one core does, even on a busy machine. */
  cpu: number
  /** Operations per second of wall-clock time. */
  wall: number
}

/** One time-boxed round, checking the clock every 64 calls. */
function measure(run: () => unknown): Rate {
  let count = 0
  const cpuStart = process.cpuUsage()
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ROUND_MS) {
    for (let i = 0; i < 64; i++) run()
    count += 64
    elapsed = performance.now() - start
  }
  const cpu = process.cpuUsage(cpuStart)
  return { cpu: (count * 1e6) / (cpu.user + cpu.system), wall: (count * 1000) / elapsed }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

for (const run of Object.values(cases)) measure(run) // warm up the JIT

const samples: Record<string, Rate[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]))
const ratios = { sign: [] as number[], verify: [] as number[] }
for (let round = 0; round < ROUNDS; round++) {
  const figures: Record<string, Rate> = {}
  for (const [name, run] of Object.entries(cases)) {
    figures[name] = measure(run)
    samples[name]!.push(figures[name]!)
  }
  const theirSign = figures['tls-sig-api-v2 sign']!.cpu
  ratios.sign.push(figures.sign!.cpu / theirSign)
  ratios.verify.push(figures.verify!.cpu / theirSign)
}

const format = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9)
const load = os.loadavg()[0]!.toFixed(1)
console.log(
  `sig of ${sig.length} characters; ${ROUNDS} rounds of ${ROUND_MS} ms; ${os.availableParallelism()} cores, load average ${load}`,
)
console.log(`medians, ops per second of CPU time (of wall time):`)
for (const name of Object.keys(cases)) {
  const rates = samples[name]!
  const cpu = median(rates.map((r) => r.cpu))
  const wall = median(rates.map((r) => r.wall))
  console.log(`${name.padEnd(20)} ${format(cpu)} ops/s   (${format(wall).trim()} ops/s wall)`)
  recordFigure(name, cpu, 'ops/s', 'higher')
}
const verify = median(samples.verify!.map((r) => r.cpu))
const signRatio = median(ratios.sign)
const verifyRatio = median(ratios.verify)
console.log(
  `ratio sign ours/theirs    ${signRatio.toFixed(2)}  (median of per-round ratios; no budget)`,
)
console.log(`ratio verify/their sign   ${verifyRatio.toFixed(2)}  (median of per-round ratios)`)
recordFigure('ratio.sign', signRatio, '×', 'higher')
recordFigure('ratio.verify', verifyRatio, '×', 'higher')
console.log(`budget verify ≥ 30,000/s on one core: ${verify >= 30_000 ? 'met' : 'MISSED'}`)
console.log(`budget verify ≥ their sign: ${verifyRatio >= 1 ? 'met' : 'MISSED'}`)
