import { rollup } from 'rollup'
import { defineConfig, type Options } from 'tsup'
import packageJson from './package.json' with { type: 'json' }

/** Peers and dependencies stay imports: the app's bundler resolves them once. */
const EXTERNAL = [
  ...Object.keys(packageJson.peerDependencies),
  ...Object.keys(packageJson.dependencies),
  'react/jsx-runtime',
  'react-dom',
]

const USE_CLIENT = '"use client";'
/** Entries of plain data (a language's texts): no directive, so a Server Component can read them. */
const DATA_ENTRIES = ['zh-CN.js']

type Plugin = NonNullable<Options['plugins']>[number]

/**
 * esbuild keeps each source module's own `import … from 'react'` when it bundles (26 of
 * them in the built files, one per module and package); a rollup pass over each built file
 * merges them into one import per package. Nothing else changes: no tree-shaking, the same
 * code. It also writes the `"use client"` banner (esbuild drops module directives when it
 * bundles, so the directive cannot come from the sources), and the source map follows both
 * steps.
 */
const mergeImports: Plugin = {
  name: 'merge-imports',
  async renderChunk(code, chunk) {
    if (!chunk.path.endsWith('.js')) return
    const bundle = await rollup({
      input: chunk.path,
      treeshake: false,
      plugins: [
        {
          name: 'built-file',
          // The built file only: whatever it imports stays an import.
          resolveId: (id) => (id === chunk.path ? id : false),
          load: (id) => (id === chunk.path ? { code, map: chunk.map } : null),
        },
      ],
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning)
      },
    })
    const { output } = await bundle.generate({
      format: 'es',
      banner: DATA_ENTRIES.some((name) => chunk.path.endsWith(`/${name}`)) ? undefined : USE_CLIENT,
      sourcemap: 'hidden',
    })
    await bundle.close()
    return { code: output[0].code, map: output[0].map }
  },
}

/**
 * The package build. Every output file but the texts starts with `"use client"` (rule 29),
 * once: the kit's provider and hooks use context and state, so a Next.js Server Component
 * must import them as a Client boundary. `hooks` is the DOM-free entry for React Native;
 * `zh-CN` holds the Chinese texts, which only apps that show them ship. (Annotated: an
 * inferred type would name esbuild's own types.)
 */
export const buildOptions: Options & { entry: Record<string, string> } = {
  entry: { index: 'src/index.ts', hooks: 'src/hooks.ts', 'zh-CN': 'src/zhCN.ts' },
  format: ['esm'],
  target: 'es2022',
  sourcemap: true,
  external: EXTERNAL,
  plugins: [mergeImports],
}

// `--dts --clean` come from the build script, so size measurements can leave them out.
export default defineConfig(buildOptions)
