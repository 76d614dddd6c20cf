import { defineConfig } from 'tsup'

// The `chatgate-server` binary: dist/cli.js runs with Node alone. The workspace's own
// packages are bundled in from their sources, so the binary does not depend on their
// builds; npm dependencies (ws, valibot, ioredis) stay imports. Splitting keeps the Redis
// registry in a chunk of its own that only a Redis config loads.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  splitting: true,
  clean: false,
  noExternal: [/^@chatgate\//],
  esbuildOptions(options) {
    options.conditions = ['source']
  },
})
