import react from '@vitejs/plugin-react'
import { defaultServerConditions } from 'vite'
import { defineProject } from 'vitest/config'

// The kit's tests render in jsdom beside a real Chatgate server: resolve packages as Node
// does (the browser condition would hand `ws` its browser stub), sources first.
const nodeConditions = { conditions: ['source', ...defaultServerConditions] }

export default defineProject({
  resolve: nodeConditions,
  ssr: { resolve: nodeConditions },
  plugins: [react()],
  test: {
    name: 'tencent',
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    setupFiles: ['./test/setup.ts'],
  },
})
