import { defineProject } from 'vitest/config'
import { sourceConditions } from '../../.config/vitest.shared.js'

// The deploy recipes run for real (nginx, two node processes, Redis, hundreds of clients):
// after every other project (groupOrder), so neither slows the other down, and so its
// build of dist/cli.js never overlaps another test running that binary.
export default defineProject({
  ...sourceConditions,
  test: {
    name: 'server-deploy',
    include: ['test/deploy/**/*.test.ts'],
    environment: 'node',
    sequence: { groupOrder: 1 },
  },
})
