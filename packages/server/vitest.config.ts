import { configDefaults, defineProject } from 'vitest/config'
import { realPartsTimeouts, sourceConditions } from '../../.config/vitest.shared.js'

export default defineProject({
  ...sourceConditions,
  test: {
    name: 'server',
    ...realPartsTimeouts,
    include: ['test/**/*.test.ts'],
    // Their own project (vitest.deploy.config.ts): they run last, alone.
    exclude: [...configDefaults.exclude, 'test/deploy/**'],
    environment: 'node',
  },
})
