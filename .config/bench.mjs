// `pnpm bench NAME [-- --option value]` runs packages/*/bench/NAME.bench.ts (or every bench
// when no name), passing the options on to the bench script.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { findBenches } from './benchList.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const benches = findBenches(root)
// `pnpm bench soak -- --minutes 10`: names first, then options for the bench script.
const args = process.argv.slice(2).filter((a) => a !== '--')
const firstOption = args.findIndex((a) => a.startsWith('-'))
const names = firstOption === -1 ? args : args.slice(0, firstOption)
const options = firstOption === -1 ? [] : args.slice(firstOption)
if (names.some((n) => !benches.has(n))) {
  console.error(`usage: pnpm bench [${[...benches.keys()].sort().join(' | ')}]`)
  process.exit(2)
}
let status = 0
for (const name of names.length ? names : [...benches.keys()].sort()) {
  console.log(`\n# bench ${name}`)
  const script = ['exec', 'tsx', '--conditions=source', benches.get(name), ...options]
  const run = spawnSync('pnpm', script, {
    cwd: root,
    stdio: 'inherit',
  })
  status ||= run.status ?? 1
}
process.exit(status)
