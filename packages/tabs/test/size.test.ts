import { expect, test } from 'vitest'
import { BUDGETS, measureShipped } from '../../../.config/size.js'

test('@chatgate/tabs as shipped adds at most 2 KiB min+gzip to @chatgate/core', async () => {
  const [row] = await measureShipped(['tabsOnCore'])
  console.log(
    `${row?.label}: +${row?.minified} B min, +${row?.gzipped} B min+gzip (budget ${row?.budget} B)`,
  )
  expect(row?.error).toBeUndefined()
  expect(row?.gzipped).toBeGreaterThan(0)
  expect(row?.gzipped).toBeLessThanOrEqual(BUDGETS.tabsOnCore)
  expect(BUDGETS.tabsOnCore).toBe(2048)
}, 60_000)
