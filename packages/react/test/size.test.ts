// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { BUDGETS, measureShipped } from '../../../.config/size.js'

describe('bundle budget', () => {
  test('core + react as shipped ≤ 10 KiB min+gzip without react, react-dom and react-query', async () => {
    const [row] = await measureShipped(['coreAndReact'])
    console.log(`${row?.label}: ${row?.minified} B min, ${row?.gzipped} B min+gzip`)
    expect(row?.error).toBeUndefined()
    expect(row?.gzipped).toBeGreaterThan(0)
    expect(row?.gzipped).toBeLessThanOrEqual(BUDGETS.coreAndReact)
    expect(BUDGETS.coreAndReact).toBe(10 * 1024)
  }, 60_000)
})
