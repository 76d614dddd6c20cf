import { expect, test } from 'vitest'
import { BUDGETS, measureShipped } from '../../../.config/size.js'

test('@chatgate/core as shipped is at most 4.5 KiB min+gzip, its share of protocol included', async () => {
  const [row] = await measureShipped(['core'])
  console.log(
    `${row?.label}: ${row?.minified} B min, ${row?.gzipped} B min+gzip (budget ${row?.budget} B)`,
  )
  expect(row?.error).toBeUndefined()
  expect(row?.gzipped).toBeGreaterThan(0)
  expect(row?.gzipped).toBeLessThanOrEqual(BUDGETS.core)
  expect(BUDGETS.core).toBe(4608)
}, 60_000)
