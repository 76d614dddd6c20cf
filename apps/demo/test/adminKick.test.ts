import { DEFAULT_TEXTS } from '@chatgate/react'
import { describe, expect, it } from 'vitest'
import { uniqueUserID, useDemo } from './demoHarness.js'
import { checkOnline, expectText, kickedDialog, logIn, loginHeading } from './demoPage.js'

describe('demo: admin kick', () => {
  const demo = useDemo()

  it('the admin panel kicks the user through REST; the page shows the REST modal (rule 13)', async () => {
    const userID = uniqueUserID('alice')
    const page = await demo.openPage()
    await logIn(page, userID)

    // The panel's target defaults to the logged-in user.
    expect(await page.getByLabel('Target UserID').inputValue()).toBe(userID)
    await page.getByRole('button', { name: 'Kick user' }).click()

    const dialog = kickedDialog(page)
    await dialog.waitFor()
    await expectText(dialog, DEFAULT_TEXTS.kicked.REST_API_Kick.text)
    expect(await dialog.getAttribute('data-kick-type')).toBe('REST_API_Kick')

    await page.getByRole('button', { name: 'Log in again' }).click()
    await loginHeading(page).waitFor()
    expect(await checkOnline(page, userID)).toBe('Offline')
  })
})
