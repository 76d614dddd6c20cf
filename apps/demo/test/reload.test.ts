import { describe, expect, it } from 'vitest'
import { sawLoginForm, watchLoginFormFlash } from '../../../.config/loginFormWatch.js'
import { uniqueUserID, useDemo } from './demoHarness.js'
import {
  checkOnline,
  detail,
  homeHeading,
  kickedDialog,
  loggedEvents,
  logIn,
  loginHeading,
} from './demoPage.js'

describe('demo: reload', () => {
  const demo = useDemo()

  it('a reload while logged in comes back logged in through autoLogin, never showing the form (rule 30)', async () => {
    const userID = uniqueUserID('alice')
    const page = await demo.openPage()
    await logIn(page, userID)

    // The login page, not the kit's form as such: home has one too ("Switch account").
    await watchLoginFormFlash(demo.context, '[data-page="login"]')
    await page.reload()

    await homeHeading(page, userID).waitFor()
    expect(await sawLoginForm(page)).toBe(false)
    expect(await detail(page, 'login-status')).toBe('1')
    expect(await loggedEvents(page)).toEqual(['sdkStateReady'])
    expect(await checkOnline(page, userID)).toBe('Online')
  })

  it('after Log out, a reload shows the login page', async () => {
    const userID = uniqueUserID('alice')
    const page = await demo.openPage()
    await logIn(page, userID)
    await page.getByRole('button', { name: 'Log out' }).click()
    await loginHeading(page).waitFor()

    await page.reload()

    await loginHeading(page).waitFor()
    expect(await homeHeading(page, userID).count()).toBe(0)
    expect(await checkOnline(page, userID)).toBe('Offline')
  })

  it('a reload after a kick shows the login page and does not log in by itself (rules 17 and 30)', async () => {
    const userID = uniqueUserID('alice')
    const page = await demo.openPage()
    await logIn(page, userID)
    await page.getByRole('button', { name: 'Kick user' }).click()
    await kickedDialog(page).waitFor()

    await page.reload()

    await loginHeading(page).waitFor()
    expect(await loggedEvents(page)).toEqual([])
    expect(await checkOnline(page, userID)).toBe('Offline')
  })
})
