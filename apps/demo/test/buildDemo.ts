import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { DEMO_DIST } from './paths.js'

/** Builds the demo once per test run; every test file serves this build. */
export default async function buildDemo(): Promise<void> {
  await build({
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    logLevel: 'warn',
    build: { outDir: DEMO_DIST, emptyOutDir: true },
  })
}
