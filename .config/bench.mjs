// `pnpm bench NAME` runs packages/*/bench/NAME.bench.ts (or every bench when no name).
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
const names = process.argv.slice(2)
if (names.some((n) => !benches.has(n))) {
  console.error(`usage: pnpm bench [${[...benches.keys()].sort().join(' | ')}]`)
  process.exit(2)
}
let status = 0
for (const name of names.length ? names : [...benches.keys()].sort()) {
  console.log(`\n# bench ${name}`)
  const run = spawnSync('pnpm', ['exec', 'tsx', '--conditions=source', benches.get(name)], {
    cwd: root,
    stdio: 'inherit',
  })
  status ||= run.status ?? 1
}
process.exit(status)
