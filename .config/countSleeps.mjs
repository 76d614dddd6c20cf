// `node .config/countSleeps.mjs [--list]`: how many real-time sleeps the tests hold — a
// `sleep(ms)` call, a `new Promise((resolve) => setTimeout(resolve, ms))`, an awaited
// `node:timers/promises` setTimeout — by package, with each place under --list. Some wait
// for something real (a server's clock second, a process to start); the rest, "nothing
// happens" windows, prove more with fake timers (core's manualTimers) where the code under
// test takes injected timers, and with a round trip where what might happen is a server push.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const SKIP = new Set(['node_modules', 'dist', '.next', 'storybook-static', '.stryker-tmp'])

const SLEEPS = [
  // A call of a sleep helper (`sleep`, `wait`, `delay`; not a method such as `vi.waitFor`).
  /(?<![.\w])(?:sleep|wait|delay)\(/g,
  // A promise that only waits: setTimeout(resolve, …) and its short names.
  /setTimeout\(\s*(?:resolve|res|r|done)\s*,/g,
  // `await setTimeout(ms)` from node:timers/promises.
  /await setTimeout\(/g,
]

const isTestFile = (path) =>
  /\.(test|stories)\.tsx?$/.test(path) || /(^|\/)(test|\.storybook)\//.test(path)

function* sources(dir) {
  for (const entry of readdirSync(dir)) {
    if (SKIP.has(entry)) continue
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) yield* sources(path)
    else if (/\.(ts|tsx|mts|mjs)$/.test(entry)) yield path
  }
}

const places = []
for (const base of ['packages', 'apps', '.storybook']) {
  for (const path of sources(join(root, base))) {
    const file = relative(root, path)
    if (!isTestFile(file)) continue
    const lines = readFileSync(path, 'utf8').split('\n')
    lines.forEach((line, i) => {
      // A helper's own definition is not a wait.
      if (/^\s*(export )?(const|function) \w+ = |^\s*(export )?function /.test(line)) return
      for (const pattern of SLEEPS) {
        for (const _ of line.matchAll(pattern))
          places.push({ file, line: i + 1, text: line.trim() })
      }
    })
  }
}

const byPackage = new Map()
for (const { file } of places) {
  const pkg = file.split('/').slice(0, 2).join('/')
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + 1)
}
if (process.argv.includes('--list')) {
  for (const { file, line, text } of places) console.log(`${file}:${line}  ${text}`)
  console.log()
}
for (const [pkg, count] of [...byPackage].sort((a, b) => b[1] - a[1])) {
  console.log(`${String(count).padStart(4)}  ${pkg}`)
}
console.log(`${String(places.length).padStart(4)}  real sleeps in tests`)
