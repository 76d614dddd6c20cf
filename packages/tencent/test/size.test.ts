import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { expect, test } from 'vitest'

/** design.md's budget for `@chatgate/tencent`, min+gzip. */
const BUDGET = 2 * 1024

test('@chatgate/tencent is at most 2 KiB min+gzip, @chatgate/core external', async () => {
  // `@tencentcloud/chat` is not external: were the adapter to import it, it would be
  // bundled here (hundreds of KiB) and the budget would fail.
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    external: ['@chatgate/core'],
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]!.contents
  const size = { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength }
  console.log(
    `@chatgate/tencent: ${size.minified} B min, ${size.gzipped} B min+gzip (budget ${BUDGET} B)`,
  )
  expect(size.gzipped).toBeLessThanOrEqual(BUDGET)
})

test('no package source imports @tencentcloud/chat at runtime', () => {
  const packages = fileURLToPath(new URL('../../', import.meta.url))
  const offenders: string[] = []
  for (const name of readdirSync(packages)) {
    const src = `${packages}${name}/src`
    let files: string[]
    try {
      files = readdirSync(src, { recursive: true }).map(String)
    } catch {
      continue
    }
    for (const file of files.filter((f) => /\.tsx?$/.test(f))) {
      const text = readFileSync(`${src}/${file}`, 'utf8')
      // `import type` is erased; any other import or require would load the SDK.
      if (/(?:^|\n)\s*import(?!\s+type\b)[^;]*['"]@tencentcloud\/chat['"]/.test(text)) {
        offenders.push(`${name}/src/${file}`)
      }
      if (/require\(\s*['"]@tencentcloud\/chat['"]\s*\)/.test(text))
        offenders.push(`${name}/src/${file}`)
    }
  }
  expect(offenders).toEqual([])
})
