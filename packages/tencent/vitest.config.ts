import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defaultServerConditions } from 'vite'
import { defineProject } from 'vitest/config'
import { realPartsTimeouts } from '../../.config/vitest.shared.js'

// The kit's tests render in jsdom beside a real Chatgate server: resolve packages as Node
// does (the browser condition would hand `ws` its browser stub), sources first.
const nodeConditions = { conditions: ['source', ...defaultServerConditions] }

export default defineProject({
  resolve: nodeConditions,
  ssr: { resolve: nodeConditions },
  plugins: [react()],
  test: {
    name: 'tencent',
    ...realPartsTimeouts,
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    // Absolute: `pnpm mutate` runs this config alone, from the repository's root.
    setupFiles: [fileURLToPath(new URL('./test/setup.ts', import.meta.url))],
  },
})
