import { expect, test } from 'vitest'
import { BUDGETS, measureBundle } from '../../../.config/size.js'

test('@chatgate/core is at most 4 KiB min+gzip, protocol included', async () => {
  const size = await measureBundle(['packages/core/src/index.ts'])
  console.log(
    `@chatgate/core: ${size.minified} B min, ${size.gzipped} B min+gzip (budget ${BUDGETS.core} B)`,
  )
  expect(size.gzipped).toBeLessThanOrEqual(BUDGETS.core)
})
