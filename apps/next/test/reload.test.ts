import { describe, expect, it } from 'vitest'
import { sawLoginForm, watchLoginFormFlash } from '../../../.config/loginFormWatch.js'
import { logIn, signedInHeading, userIDField } from './examplePage.js'
import { uniqueUserID, useNextExample } from './nextHarness.js'
import { SCREENSHOTS } from './paths.js'

describe('Next.js example: the app session carries the chat login across reloads', () => {
  const example = useNextExample()

  it('a reload while logged in logs in again through autoLogin, without ever rendering the form (rule 30)', async () => {
    const userID = uniqueUserID('alice')
    const context = await example.newContext()
    const page = await example.openPage(context)
    await logIn(page, userID)

    await watchLoginFormFlash(context)
    await page.reload()

    await signedInHeading(page, userID).waitFor()
    // Not in the server-rendered HTML, not for a frame during hydration or the silent login.
    expect(await sawLoginForm(page)).toBe(false)
    expect((await example.loginServer.onlineStatus([userID]))[0]?.Status).toBe('Online')
    expect(example.consoleProblems).toEqual([])
  })

  it('a reload after a kick shows the form, prefilled and saying why, and kicks nobody back (rules 17 and 30)', async () => {
    const userID = uniqueUserID('alice')
    const first = await example.openPage(await example.newContext())
    await logIn(first, userID)
    // Another browser signs in as the same user and kicks the first page.
    const second = await example.openPage(await example.newContext())
    await logIn(second, userID)
    await first.getByRole('alertdialog').waitFor()

    // The first page's app session is still valid, yet its reload must not log back in.
    await first.reload()
    await first.getByRole('status').filter({ hasText: 'opened on another web page' }).waitFor()
    expect(await userIDField(first).inputValue()).toBe(userID)
    expect(await signedInHeading(first, userID).count()).toBe(0)
    expect(await second.getByRole('alertdialog').count()).toBe(0)
    expect(await signedInHeading(second, userID).count()).toBe(1)
    expect((await example.loginServer.onlineStatus([userID]))[0]?.Status).toBe('Online')

    // Logging in again is the user's choice; after it, reloads are silent again.
    await first.getByRole('button', { name: 'Log in', exact: true }).click()
    await signedInHeading(first, userID).waitFor()
    await second.getByRole('alertdialog').waitFor()
    await first.reload()
    await signedInHeading(first, userID).waitFor()
    expect(example.consoleProblems).toEqual([])
  })

  it('Sign out ends the chat and the app session: the next load shows the form', async () => {
    const userID = uniqueUserID('alice')
    const context = await example.newContext()
    const page = await example.openPage(context)
    await logIn(page, userID)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await userIDField(page).waitFor()
    await page.reload()

    await userIDField(page).waitFor()
    expect(await signedInHeading(page, userID).count()).toBe(0)
    expect((await example.loginServer.onlineStatus([userID]))[0]?.Status).toBe('Offline')
    expect(example.consoleProblems).toEqual([])
  })

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`the gate shows its loading state, not the form, until the app session answers (${colorScheme}) (rule 30)`, async () => {
      const userID = uniqueUserID('alice')
      const context = await example.newContext({ colorScheme })
      const page = await example.openPage(context)
      await userIDField(page).waitFor()
      await page.screenshot({ path: `${SCREENSHOTS}/form-${colorScheme}.png` })
      await logIn(page, userID)

      // Hold the app session's answer, so the page stays in the middle of autoLogin.
      let release = () => {}
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      await context.route('**/api/session', async (route) => {
        await held
        await route.continue()
      })
      await page.reload()

      const loading = page.getByRole('status').filter({ hasText: 'Logging in' })
      await loading.waitFor()
      expect(await userIDField(page).count()).toBe(0)
      await page.screenshot({ path: `${SCREENSHOTS}/loading-${colorScheme}.png` })

      release()
      await signedInHeading(page, userID).waitFor()
      expect(await loading.count()).toBe(0)
      expect(example.consoleProblems).toEqual([])
    })
  }
})
