import { defineProject } from 'vitest/config'
import { sourceConditions } from '../../.config/vitest.shared.js'

export default defineProject({
  ...sourceConditions,
  test: { name: 'tabs', include: ['test/**/*.test.ts'], environment: 'node' },
})
