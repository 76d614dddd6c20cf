import { describe, expect, it } from 'vitest'
import { uniqueUserID, useDemo } from './demoHarness.js'
import { checkOnline, logIn, loginHeading } from './demoPage.js'

describe('demo: log out', () => {
  const demo = useDemo()

  it('Log out returns to the login page and the REST query shows the user offline (rule 8)', async () => {
    const userID = uniqueUserID('alice')
    const page = await demo.openPage()
    await logIn(page, userID)
    expect(await checkOnline(page, userID)).toBe('Online')

    await page.getByRole('button', { name: 'Log out' }).click()

    await loginHeading(page).waitFor()
    expect(await checkOnline(page, userID)).toBe('Offline')
  })
})
