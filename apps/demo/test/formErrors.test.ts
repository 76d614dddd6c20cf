import { ERROR_CODES, englishMessage } from '@chatgate/protocol'
import { DEFAULT_TEXTS } from '@chatgate/react'
import { signUserSig } from '@chatgate/usersig'
import { describe, expect, it } from 'vitest'
import { DEMO_APP } from '../server/demoApp.js'
import { uniqueUserID, useDemo } from './demoHarness.js'
import { expectText, logIn, loginHeading, submitLogin, userIDField } from './demoPage.js'

/** The LoginForm's message line (role status, carrying the code). */
const formMessage = (page: import('playwright-core').Page) => page.locator('form p[data-code]')

describe('demo: login form errors', () => {
  const demo = useDemo()

  it('an invalid UserID shows its message in the form, with no request for a sig (rule 1)', async () => {
    const page = await demo.openPage()
    const sigRequests: string[] = []
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/dev/usersig') sigRequests.push(request.url())
    })

    await submitLogin(page, 'not valid!')

    await expectText(formMessage(page), englishMessage(ERROR_CODES.USER_ID_INVALID))
    expect(await formMessage(page).getAttribute('data-code')).toBe(
      String(ERROR_CODES.USER_ID_INVALID),
    )
    expect(await userIDField(page).getAttribute('aria-invalid')).toBe('true')
    expect(sigRequests).toEqual([])
    await loginHeading(page).waitFor()
  })

  it('a refused UserSig says in the form what to do, with its code on the element; a retry at once logs in (rule 7)', async () => {
    const userID = uniqueUserID('alice')
    const page = await demo.openPage()
    // The sig endpoint hands out a sig signed with a key that is not the app's.
    const forged = signUserSig({
      sdkAppID: DEMO_APP.SDKAppID,
      secretKey: 'not-the-demo-app-key',
      userID,
      expireSeconds: 600,
    })
    await page.route('**/dev/usersig', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ userSig: forged }) }),
    )

    await submitLogin(page, userID)

    const code = ERROR_CODES.USER_SIG_BAD_SIGNATURE
    await expectText(formMessage(page), DEFAULT_TEXTS.refused)
    expect(await formMessage(page).getAttribute('data-code')).toBe(String(code))
    await loginHeading(page).waitFor()

    await page.unroute('**/dev/usersig')
    await logIn(page, userID)
  })
})
