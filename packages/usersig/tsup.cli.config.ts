import { defineConfig } from 'tsup'

// The `chatgate-usersig` binary: dist/cli.js runs with Node alone. @chatgate/protocol is
// bundled in from its sources, so the binary does not depend on that package's build.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  clean: false,
  noExternal: [/^@chatgate\//],
  esbuildOptions(options) {
    options.conditions = ['source']
  },
})
