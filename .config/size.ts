// Bundle size of Chatgate's browser packages as they ship: each package is built by the
// tsup command of its own `build` script, and an app's bundle of the built `dist` is
// measured (esbuild, minified ESM for the browser, gzip level 9). `pnpm size` prints
// every row and exits 1 when one is over budget or cannot be built.
//
// Why built, not source: bundling sources lets a bundler drop whole unused modules of a
// `sideEffects: false` package; the shipped dist is one file per package, where only
// statements known to be pure can go. The difference was 500 B of core's budget once.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const run = promisify(execFile)

/** Budgets of design.md ("Performance budgets"), in min+gzip bytes. */
export const BUDGETS = {
  /** 4 KiB before the session list (getSessions, endSession, endOtherSessions, device). */
  core: 4.5 * 1024,
  /** The React kit's own code and core's: tab sharing, which the kit imports, has its own row. */
  coreAndReact: 11 * 1024,
  tencent: 2 * 1024,
  /** What `@chatgate/v2tim` adds to an app that has `@chatgate/core`. */
  v2timOnCore: 1.5 * 1024,
  /** What tab sharing (`@chatgate/tabs`) adds to an app that has `@chatgate/core`. */
  tabsOnCore: 2 * 1024,
  /** What an app that renders `ChatProvider` ships: the kit's and tab sharing's budgets together. */
  reactWithTabs: 11 * 1024 + 2 * 1024,
  /**
   * What an app that shows the kit in Simplified Chinese adds: `@chatgate/react/zh-CN`.
   * Every text of the kit, about 1 KiB (the bundle writes the characters as `\u` escapes).
   */
  reactZhCN: 1.25 * 1024,
} as const

export type RowName = keyof typeof BUDGETS

/** What an app brings itself; never counted. */
const PEERS = ['react', 'react/*', 'react-dom', 'react-dom/*', '@tanstack/react-query']
const TENCENT_SDK = ['@tencentcloud/chat']

interface Row {
  label: string
  /** Packages, or a package's entry (`react/zh-CN`), each bundled as an app imports it. */
  packages: string[]
  /** Measured on top of these: the row counts only the bytes it adds. */
  baseline?: string[]
  /** Workspace packages left out of the bundle: counted in a row of their own. */
  external?: string[]
}

const ROWS: Record<RowName, Row> = {
  core: { label: '@chatgate/core', packages: ['core'] },
  coreAndReact: {
    label: '@chatgate/core + @chatgate/react (without @chatgate/tabs)',
    packages: ['core', 'react'],
    external: ['@chatgate/tabs'],
  },
  tencent: { label: '@chatgate/tencent', packages: ['tencent'] },
  v2timOnCore: {
    label: '@chatgate/v2tim on top of @chatgate/core',
    packages: ['core', 'v2tim'],
    baseline: ['core'],
  },
  tabsOnCore: {
    label: '@chatgate/tabs on top of @chatgate/core',
    packages: ['core', 'tabs'],
    baseline: ['core'],
  },
  reactWithTabs: {
    label: '@chatgate/core + @chatgate/react + @chatgate/tabs',
    packages: ['core', 'react', 'tabs'],
  },
  reactZhCN: { label: '@chatgate/react/zh-CN (the Chinese texts)', packages: ['react/zh-CN'] },
}

/** The package of a row's entry: `react` of `react/zh-CN`. */
const packageOf = (entry: string): string => entry.split('/')[0]!

export interface SizeRow {
  name: RowName
  label: string
  budget: number
  /** Minified bytes (for `v2timOnCore` and `tabsOnCore`: the bytes added to core). */
  minified: number
  /** Minified, then gzipped bytes (for `v2timOnCore` and `tabsOnCore`: the bytes added to core). */
  gzipped: number
  /** Set when a package of the row could not be built or bundled; then the sizes are 0. */
  error?: string
}

interface Manifest {
  scripts?: { build?: string }
  dependencies?: Record<string, string>
}

const manifestOf = async (name: string): Promise<Manifest> =>
  JSON.parse(await readFile(join(root, 'packages', name, 'package.json'), 'utf8'))

/** The package and the workspace packages it depends on, dependencies first. */
async function withWorkspaceDependencies(name: string, into: string[] = []): Promise<string[]> {
  const deps = Object.keys((await manifestOf(name)).dependencies ?? {})
  for (const dep of deps.filter((d) => d.startsWith('@chatgate/'))) {
    await withWorkspaceDependencies(dep.slice('@chatgate/'.length), into)
  }
  if (!into.includes(name)) into.push(name)
  return into
}

/**
 * Runs the tsup command of the package's `build` script in the package, writing into
 * `modules/@chatgate/NAME/dist` beside a copy of its package.json, so that `exports`
 * and `sideEffects` apply as in an app's node_modules. Declarations are skipped unless
 * asked for: they do not reach a bundle (tests of the shipped typings ask).
 */
export async function buildAsShipped(
  name: string,
  modules: string,
  { declarations = false } = {},
): Promise<void> {
  const dir = join(root, 'packages', name)
  const script = (await manifestOf(name)).scripts?.build ?? ''
  const [tool, ...args] = script.split('&&')[0]!.trim().split(/\s+/)
  if (tool !== 'tsup')
    throw new Error(`packages/${name}: its build script does not start with tsup`)
  const out = join(modules, '@chatgate', name)
  await mkdir(out, { recursive: true })
  await cp(join(dir, 'package.json'), join(out, 'package.json'))
  const kept = args.filter((arg) => (declarations || arg !== '--dts') && arg !== '--clean')
  await run(join(root, 'node_modules/.bin/tsup'), [...kept, '--out-dir', join(out, 'dist')], {
    cwd: dir,
  })
}

/** Bundles `export * from '@chatgate/NAME'` of each package the way an app would. */
async function bundle(packages: string[], nodeModulesParent: string, external: string[] = []) {
  const result = await build({
    stdin: {
      contents: packages.map((name) => `export * from '@chatgate/${name}'`).join('\n'),
      resolveDir: nodeModulesParent,
      loader: 'js',
    },
    // Named so that a stylesheet a package imports comes out beside it, not counted.
    outfile: join(nodeModulesParent, 'app.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: [...PEERS, ...TENCENT_SDK, ...external],
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles.find((file) => file.path.endsWith('app.js'))!.contents
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength }
}

/**
 * Builds the packages the rows need (into a temporary directory, removed afterwards) and
 * measures each row. Rows whose packages do not exist yet are left out.
 */
export async function measureShipped(names = Object.keys(ROWS) as RowName[]): Promise<SizeRow[]> {
  const exists = (entry: string) =>
    existsSync(join(root, 'packages', packageOf(entry), 'src/index.ts'))
  const wanted = names.filter((name) => ROWS[name].packages.every(exists))
  const temp = await mkdtemp(join(tmpdir(), 'chatgate-size-'))
  const modules = join(temp, 'node_modules')
  try {
    const needed = new Set<string>()
    for (const name of wanted) {
      for (const entry of ROWS[name].packages) {
        for (const dep of await withWorkspaceDependencies(packageOf(entry))) needed.add(dep)
      }
    }
    const failed = new Map<string, string>()
    await Promise.all(
      [...needed].map((pkg) =>
        buildAsShipped(pkg, modules).catch((error: Error & { stderr?: string }) => {
          failed.set(pkg, (error.stderr || error.message).trim().split('\n').slice(-3).join(' '))
        }),
      ),
    )
    const rows: SizeRow[] = []
    for (const name of wanted) {
      const { label, packages, baseline, external } = ROWS[name]
      const row = { name, label, budget: BUDGETS[name], minified: 0, gzipped: 0 }
      const broken = packages.map(packageOf).find((pkg) => failed.has(pkg))
      try {
        if (broken) throw new Error(`cannot build @chatgate/${broken}: ${failed.get(broken)}`)
        const size = await bundle(packages, temp, external)
        const base = baseline ? await bundle(baseline, temp) : { minified: 0, gzipped: 0 }
        rows.push({
          ...row,
          minified: size.minified - base.minified,
          gzipped: size.gzipped - base.gzipped,
        })
      } catch (error) {
        rows.push({ ...row, error: (error as Error).message })
      }
    }
    return rows
  } finally {
    await rm(temp, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const rows = await measureShipped()
  let over = false
  for (const row of rows) {
    if (row.error) {
      over = true
      console.error(`${row.label}: ${row.error}`)
      continue
    }
    const ok = row.gzipped <= row.budget
    over ||= !ok
    console.log(
      `${row.label}: ${row.minified} B min, ${row.gzipped} B min+gzip (budget ${row.budget} B, ${
        ok ? 'ok' : 'OVER'
      })`,
    )
  }
  process.exitCode = over ? 1 : 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main()
}
