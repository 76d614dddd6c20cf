import { DEFAULT_TEXTS } from '@chatgate/react'
import { describe, expect, it } from 'vitest'
import { uniqueUserID, useDemo } from './demoHarness.js'
import { expectText, kickedDialog, logIn, loginHeading } from './demoPage.js'

describe('demo: UserSig expiry', () => {
  const demo = useDemo()

  it('rule 14: a UserSig of 2 s expires while online; the page shows the expired modal', async () => {
    const userID = uniqueUserID('alice')
    const page = await demo.openPage('?sigSeconds=2')
    await logIn(page, userID)
    expect(await page.getByTestId('usersig-expiry').textContent()).toMatch(/expires in [12] s/)

    const dialog = kickedDialog(page)
    await dialog.waitFor()
    await expectText(dialog, DEFAULT_TEXTS.en.kicked.userSigExpired.text)
    expect(await dialog.getAttribute('data-kick-type')).toBe('userSigExpired')

    await page.getByRole('button', { name: 'Log in again' }).click()
    await loginHeading(page).waitFor()
  })
})
