// `pnpm bench NAME [-- --option value]` runs packages/*/bench/NAME.bench.ts (or every bench
// when no name), passing the options on to the bench script.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const benches = new Map()
for (const base of ['packages', 'apps']) {
  for (const pkg of readdirSync(`${root}${base}`)) {
    const dir = `${root}${base}/${pkg}/bench`
    if (!existsSync(dir)) continue
    for (const file of readdirSync(dir)) {
      const match = /^(.+)\.bench\.ts$/.exec(file)
      if (match) benches.set(match[1], `${dir}/${file}`)
    }
  }
}
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
