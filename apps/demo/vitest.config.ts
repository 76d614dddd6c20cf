import { defineProject } from 'vitest/config'
import { sourceConditions } from '../../.config/vitest.shared.js'

// Browser tests: the built demo, served on 127.0.0.1 beside a real login server, driven in
// Debian's Chromium. Files run one after another: each starts its own servers and browser.
export default defineProject({
  ...sourceConditions,
  test: {
    name: 'demo',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/buildDemo.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // One worker runs every file in turn and keeps its module cache: the server and kit
    // sources are transformed once, not once per file.
    isolate: false,
  },
})
