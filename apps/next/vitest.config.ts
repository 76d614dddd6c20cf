import { defineProject } from 'vitest/config'
import { sourceConditions } from '../../.config/vitest.shared.js'

// Browser tests of the Next.js example: the packages and the app are built once (Next reads
// the packages' dist/), then each file runs `next start` beside a real login server and
// drives Debian's Chromium. Files run one after another.
export default defineProject({
  // The login server the tests start runs from source; the app itself uses the builds.
  ...sourceConditions,
  test: {
    name: 'next',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/buildNext.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
})
