import { fileURLToPath } from 'node:url'
import { defaultClientConditions, defaultServerConditions } from 'vite'
import { configDefaults, defineProject } from 'vitest/config'
import { notUnderMutation, realPartsTimeouts } from '../../.config/vitest.shared.js'

// Sources first, as every package's tests; and `react-native` before them, as Metro
// resolves, so that `@chatgate/v2tim` is the React Native entry (test/reactNative.test.ts).
// `react-native` itself is a stand-in whose Platform a test sets: only that entry imports it.
export default defineProject({
  resolve: {
    conditions: ['react-native', 'source', ...defaultClientConditions],
    alias: {
      'react-native': fileURLToPath(new URL('./test/reactNativeStandIn.ts', import.meta.url)),
    },
  },
  ssr: { resolve: { conditions: ['react-native', 'source', ...defaultServerConditions] } },
  test: {
    name: 'v2tim',
    ...realPartsTimeouts,
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...notUnderMutation],
    environment: 'node',
  },
})
