import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// One Vitest run for the whole workspace: each package and app brings its own project.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'packages/server/vitest.deploy.config.ts',
      'apps/*/vitest.config.ts',
    ],
  },
})
