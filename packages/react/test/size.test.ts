// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { BUDGETS, measureShipped } from '../../../.config/size.js'

describe('bundle budget', () => {
  test('core + react as shipped, SessionList included, ≤ 11 KiB min+gzip without react, react-dom and react-query', async () => {
    const [row] = await measureShipped(['coreAndReact'])
    console.log(`${row?.label}: ${row?.minified} B min, ${row?.gzipped} B min+gzip`)
    expect(row?.error).toBeUndefined()
    expect(row?.gzipped).toBeGreaterThan(0)
    expect(row?.gzipped).toBeLessThanOrEqual(BUDGETS.coreAndReact)
    expect(BUDGETS.coreAndReact).toBe(11 * 1024)
  }, 60_000)

  test('tab sharing, which the kit imports, is counted in its own row, not in core + react', async () => {
    const [own, withTabs] = await measureShipped(['coreAndReact', 'reactWithTabs'])
    console.log(`${withTabs?.label}: ${withTabs?.minified} B min, ${withTabs?.gzipped} B min+gzip`)
    expect(withTabs?.error).toBeUndefined()
    // @chatgate/tabs adds about 2 KiB on top of core: the kit's row leaves all of it out.
    expect((withTabs?.gzipped ?? 0) - (own?.gzipped ?? 0)).toBeGreaterThan(1024)
    expect(withTabs?.gzipped).toBeLessThanOrEqual(BUDGETS.reactWithTabs)
    expect(BUDGETS.reactWithTabs).toBe(BUDGETS.coreAndReact + BUDGETS.tabsOnCore)
  }, 60_000)
})
