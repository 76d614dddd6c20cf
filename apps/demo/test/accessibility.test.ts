import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { uniqueUserID, useDemo } from './demoHarness.js'
import { kickedDialog, logIn, loginHeading } from './demoPage.js'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** axe-core's violations on the page as it is now, as `rule: targets` lines. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe
    const results = await axe.run()
    return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)
  })
  return violations
}

interface AxeResults {
  violations: { id: string; nodes: { target: string[] }[] }[]
}

describe('demo: accessibility', () => {
  const demo = useDemo()

  it('the login page, the home page and the kicked-out dialog have no axe violations', async () => {
    const userID = uniqueUserID('alice')
    const page = await demo.openPage()
    await loginHeading(page).waitFor()
    expect(await axeViolations(page)).toEqual([])

    await logIn(page, userID)
    expect(await axeViolations(page)).toEqual([])

    await page.getByRole('button', { name: 'Kick user' }).click()
    await kickedDialog(page).waitFor()
    expect(await axeViolations(page)).toEqual([])
  })
})
