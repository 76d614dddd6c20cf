import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defaultServerConditions } from 'vite'
import { defineProject, type Plugin } from 'vitest/config'

/**
 * The root run collects one config per package, and a project config cannot hold projects
 * of its own; so this project injects the Storybook browser project (.storybook/
 * vitest.config.ts) and `pnpm test` runs the stories too.
 */
const storybookProject: Plugin = {
  name: 'chatgate:storybook-project',
  async configureVitest({ injectTestProjects }) {
    await injectTestProjects(
      fileURLToPath(new URL('../../.storybook/vitest.config.ts', import.meta.url)),
    )
  },
}

// jsdom tests run in Node beside a real Chatgate server: resolve packages as Node does
// (the browser condition would hand `ws` its browser stub), sources first.
const nodeConditions = { conditions: ['source', ...defaultServerConditions] }

export default defineProject({
  resolve: nodeConditions,
  ssr: { resolve: nodeConditions },
  // Not under `pnpm mutate`: a browser run per mutant would take hours.
  plugins: [react(), ...(process.env.CHATGATE_MUTATION ? [] : [storybookProject])],
  test: {
    name: 'react',
    include: ['src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'jsdom',
    // Absolute: `pnpm mutate` runs this config alone, from the repository's root.
    setupFiles: [fileURLToPath(new URL('./test/setup.ts', import.meta.url))],
  },
})
