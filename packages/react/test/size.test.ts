// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { BUDGETS, measureBundle } from '../../../.config/size.js'

const PEERS = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query']

describe('bundle budget', () => {
  test('core + react ≤ 8 KiB min+gzip without react and react-query', async () => {
    const size = await measureBundle(
      ['packages/core/src/index.ts', 'packages/react/src/index.ts'],
      { external: PEERS },
    )
    console.log(
      `@chatgate/core + @chatgate/react: ${size.minified} B min, ${size.gzipped} B min+gzip`,
    )
    expect(size.gzipped).toBeLessThanOrEqual(BUDGETS.coreAndReact)
    expect(BUDGETS.coreAndReact).toBe(8 * 1024)
  })
})
