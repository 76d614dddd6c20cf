import { defineConfig, type Options } from 'tsup'
import packageJson from './package.json' with { type: 'json' }

/** Peers and dependencies stay imports: the app's bundler resolves them once. */
const EXTERNAL = [
  ...Object.keys(packageJson.peerDependencies),
  ...Object.keys(packageJson.dependencies),
  'react/jsx-runtime',
  'react-dom',
]

/**
 * The package build. Every output file starts with `"use client"` (rule 29): the kit's
 * provider and hooks use context and state, so a Next.js Server Component must import
 * them as a Client boundary. esbuild drops module directives when it bundles, so the
 * directive comes as a banner. `hooks` is the DOM-free entry for React Native.
 */
export const buildOptions = {
  entry: { index: 'src/index.ts', hooks: 'src/hooks.ts' },
  format: ['esm'],
  target: 'es2022',
  sourcemap: true,
  external: EXTERNAL,
  banner: { js: '"use client";' },
} satisfies Options

// `--dts --clean` come from the build script, so size measurements can leave them out.
export default defineConfig(buildOptions)
