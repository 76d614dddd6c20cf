import { describe, expect, it } from 'vitest'
import { sawLoginForm, watchLoginFormFlash } from '../../../.config/loginFormWatch.js'
import { logIn, signedInHeading, userIDField } from './examplePage.js'
import { uniqueUserID, useNextExample } from './nextHarness.js'

describe('Next.js example: the app session carries the chat login across reloads', () => {
  const example = useNextExample()

  it('rule 30: a reload while logged in logs in again through autoLogin, without ever rendering the form', async () => {
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
})
