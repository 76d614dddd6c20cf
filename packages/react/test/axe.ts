import axe from 'axe-core'
import { expect } from 'vitest'

/** Runs axe on a rendered state and fails with the rule ids and targets it found. */
export async function expectNoAxeViolations(root: Element = document.body): Promise<void> {
  const result = await axe.run(root, {
    rules: {
      // jsdom does not lay out or paint, so contrast cannot be measured here (the stories
      // check it in Chromium).
      'color-contrast': { enabled: false },
      // A component rendered alone is not a page: landmarks are the app's business.
      region: { enabled: false },
    },
  })
  const found = result.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(', ')}`,
  )
  expect(found).toEqual([])
}
