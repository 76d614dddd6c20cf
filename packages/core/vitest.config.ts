import { configDefaults, defineProject } from 'vitest/config'
import {
  notUnderMutation,
  realPartsTimeouts,
  sourceConditions,
} from '../../.config/vitest.shared.js'

export default defineProject({
  ...sourceConditions,
  test: {
    name: 'core',
    ...realPartsTimeouts,
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...notUnderMutation],
    environment: 'node',
  },
})
