// UserSig throughput: our verify, our sign, and tls-sig-api-v2's sign, measured side by side
// in rounds that alternate between them so a busy machine slows all three alike.
// Budgets (design.md): verify ≥ 30,000/s on one core; verify and our sign each at least as
// fast per operation as tls-sig-api-v2's sign.
import { Api } from 'tls-sig-api-v2'
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

const cases: Record<string, () => unknown> = {
  verify: () => verifyUserSig(sig, verifyOptions),
  sign: () => signUserSig({ sdkAppID: APP, secretKey: KEY, userID: USER, expireSeconds: EXPIRE }),
  'tls-sig-api-v2 sign': () => theirs.genUserSig(USER, EXPIRE),
}

/** Operations per second over one time-boxed round, checking the clock every 64 calls. */
function opsPerSecond(run: () => unknown): number {
  let count = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ROUND_MS) {
    for (let i = 0; i < 64; i++) run()
    count += 64
    elapsed = performance.now() - start
  }
  return (count * 1000) / elapsed
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

for (const run of Object.values(cases)) opsPerSecond(run) // warm up the JIT

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]))
const ratios = { sign: [] as number[], verify: [] as number[] }
for (let round = 0; round < ROUNDS; round++) {
  const figures: Record<string, number> = {}
  for (const [name, run] of Object.entries(cases)) {
    figures[name] = opsPerSecond(run)
    samples[name]!.push(figures[name]!)
  }
  ratios.sign.push(figures.sign! / figures['tls-sig-api-v2 sign']!)
  ratios.verify.push(figures.verify! / figures['tls-sig-api-v2 sign']!)
}

const format = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9)
console.log(`sig of ${sig.length} characters; ${ROUNDS} rounds of ${ROUND_MS} ms each, medians:`)
for (const name of Object.keys(cases)) {
  const values = samples[name]!
  const spread = `${format(Math.min(...values)).trim()}–${format(Math.max(...values)).trim()}`
  console.log(`${name.padEnd(20)} ${format(median(values))} ops/s   (rounds: ${spread})`)
}
const verify = median(samples.verify!)
const signRatio = median(ratios.sign)
const verifyRatio = median(ratios.verify)
console.log(`ratio sign ours/theirs    ${signRatio.toFixed(2)}`)
console.log(`ratio verify/their sign   ${verifyRatio.toFixed(2)}`)
console.log(`budget verify ≥ 30,000/s: ${verify >= 30_000 ? 'met' : 'MISSED'}`)
console.log(`budget sign ours ≥ theirs: ${signRatio >= 1 ? 'met' : 'MISSED'}`)
console.log(`budget verify ≥ their sign: ${verifyRatio >= 1 ? 'met' : 'MISSED'}`)
