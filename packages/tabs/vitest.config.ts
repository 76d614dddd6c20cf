import { defineProject } from 'vitest/config'
import { realPartsTimeouts, sourceConditions } from '../../.config/vitest.shared.js'

export default defineProject({
  ...sourceConditions,
  test: { name: 'tabs', ...realPartsTimeouts, include: ['test/**/*.test.ts'], environment: 'node' },
})
