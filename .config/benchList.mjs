// Where the benchmarks of a checkout are: packages/*/bench/NAME.bench.ts (and apps/*),
// by NAME. Shared by `pnpm bench` and `pnpm bench:compare`, which looks in two checkouts.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** @returns {Map<string, string>} bench name → absolute path of its script under `root` */
export function findBenches(root) {
  const benches = new Map()
  for (const base of ['packages', 'apps']) {
    if (!existsSync(join(root, base))) continue
    for (const pkg of readdirSync(join(root, base))) {
      const dir = join(root, base, pkg, 'bench')
      if (!existsSync(dir)) continue
      for (const file of readdirSync(dir)) {
        const match = /^(.+)\.bench\.ts$/.exec(file)
        if (match) benches.set(match[1], join(dir, file))
      }
    }
  }
  return benches
}
