import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

async function m(contents, external = []) {
  const r = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    write: false,
    logLevel: 'silent',
    external,
  })
  const c = r.outputFiles[0].contents
  return [c.length, gzipSync(c, { level: 9 }).length]
}
console.log('core w/o protocol', await m(`export * from './src/index.ts'`, ['@chatgate/protocol']))
console.log('core', await m(`export * from './src/index.ts'`))
console.log('ERROR_CODES only', await m(`export { ERROR_CODES } from '@chatgate/protocol'`))
console.log(
  'EN table only via englishMessage',
  await m(`export { englishMessage } from '@chatgate/protocol'`),
)
