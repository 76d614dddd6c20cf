// Bundle size of Chatgate's browser packages, measured the way an app would ship them:
// bundled, minified ESM for the browser, then gzipped. `pnpm size` prints the figures.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))

export interface BundleSize {
  /** Minified bytes. */
  minified: number
  /** Minified, then gzipped (level 9) bytes. */
  gzipped: number
}

/**
 * Bundles everything the `entries` export (paths, relative to the repository root or
 * absolute) into one minified ESM file, leaving `external` packages out, and measures it.
 * Sibling packages are read from source (the `source` export condition).
 */
export async function measureBundle(
  entries: string[],
  { external = [] }: { external?: string[] } = {},
): Promise<BundleSize> {
  const contents = entries
    .map((entry) => `export * from ${JSON.stringify(resolve(root, entry))}`)
    .join('\n')
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    external,
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]!.contents
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength }
}

/** Budgets from design.md, in min+gzip bytes. */
export const BUDGETS = {
  core: 4 * 1024,
  coreAndReact: 8 * 1024,
} as const

const REACT_EXTERNALS = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query']

async function main(): Promise<void> {
  const rows: [string, BundleSize, number][] = [
    ['@chatgate/core', await measureBundle(['packages/core/src/index.ts']), BUDGETS.core],
  ]
  let over = false
  if (existsSync(resolve(root, 'packages/react/src/index.ts'))) {
    try {
      const both = await measureBundle(
        ['packages/core/src/index.ts', 'packages/react/src/index.ts'],
        { external: REACT_EXTERNALS },
      )
      rows.push(['@chatgate/core + @chatgate/react', both, BUDGETS.coreAndReact])
    } catch (error) {
      over = true
      console.error(`@chatgate/core + @chatgate/react: cannot bundle: ${(error as Error).message}`)
    }
  }
  for (const [name, size, budget] of rows) {
    over ||= size.gzipped > budget
    console.log(
      `${name}: ${size.minified} B min, ${size.gzipped} B min+gzip (budget ${budget} B, ${
        size.gzipped > budget ? 'OVER' : 'ok'
      })`,
    )
  }
  process.exitCode = over ? 1 : 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main()
}
