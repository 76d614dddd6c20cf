import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { expect, test } from 'vitest'

/** design.md's budget for what `@chatgate/v2tim` adds to an app that has core, min+gzip. */
const BUDGET = 1.5 * 1024

/** Minified, gzipped bytes of an app bundle that re-exports `entries` (sources). */
async function gzipped(entries: string[]): Promise<number> {
  const result = await build({
    stdin: {
      contents: entries
        .map(
          (entry) =>
            `export * from ${JSON.stringify(fileURLToPath(new URL(entry, import.meta.url)))}`,
        )
        .join('\n'),
      resolveDir: fileURLToPath(new URL('..', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    write: false,
    logLevel: 'silent',
  })
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).byteLength
}

test('@chatgate/v2tim adds at most 1.5 KiB min+gzip to @chatgate/core', async () => {
  const core = await gzipped(['../../core/src/index.ts'])
  const both = await gzipped(['../../core/src/index.ts', '../src/index.ts'])
  console.log(
    `@chatgate/v2tim on top of @chatgate/core: +${both - core} B min+gzip (core ${core} B, both ${both} B; budget ${BUDGET} B)`,
  )
  expect(both - core).toBeLessThanOrEqual(BUDGET)
})
