import { DEFAULT_TEXTS } from '@chatgate/react'
import { describe, expect, it } from 'vitest'
import { uniqueUserID, useDemo } from './demoHarness.js'
import {
  detail,
  expectText,
  homeHeading,
  kickedDialog,
  loggedEvents,
  logIn,
  loginHeading,
  userIDField,
} from './demoPage.js'

// The Web seed's scenario, "a second page with the same user kicks the first", needs tabs
// that do not share: `?shareTabs=0` gives each tab its own instance, as TencentCloudChat
// does, and the page says so. (With tabs shared, a second browser kicks every tab instead:
// tabs.test.ts.)
describe('demo: a second tab with the same user, tabs not shared (?shareTabs=0)', () => {
  const demo = useDemo()

  it('the first tab shows the multiple-account modal, "Log in again" goes to login; the second stays logged in (rule 12)', async () => {
    const userID = uniqueUserID('alice')
    const first = await demo.openPage('?shareTabs=0')
    expect(await first.getByTestId('tab-mode').textContent()).toContain('one instance each')
    await logIn(first, userID)

    const second = await demo.openPage('?shareTabs=0')
    await logIn(second, userID)

    const dialog = kickedDialog(first)
    await dialog.waitFor()
    await expectText(dialog, DEFAULT_TEXTS.kicked.multipleAccount.title)
    // The kick names the login that caused it: the second tab, this same Chromium.
    await expectText(dialog, 'You signed in on Chrome on Linux.')
    expect(await dialog.getAttribute('data-kick-type')).toBe('multipleAccount')
    // KICKED_OUT first, then SDK_NOT_READY.
    expect(await loggedEvents(first)).toEqual(['sdkStateReady', 'kickedOut', 'sdkStateNotReady'])

    await first.getByRole('button', { name: 'Log in again' }).click()
    await loginHeading(first).waitFor()
    expect(await kickedDialog(first).count()).toBe(0)
    // The form is prefilled with the user who was signed out.
    expect(await userIDField(first).inputValue()).toBe(userID)

    // Rule 17: the kicked tab does not log back in by itself, so the second stays.
    await homeHeading(second, userID).waitFor()
    expect(await detail(second, 'login-status')).toBe('1')
    expect(await kickedDialog(second).count()).toBe(0)
  })
})
