import { describe, expect, it } from 'vitest'
import { sawLoginForm, watchLoginFormFlash } from '../../../.config/loginFormWatch.js'
import { logIn, signedInHeading } from './examplePage.js'
import { uniqueUserID, useNextExample } from './nextHarness.js'
import { SCREENSHOTS } from './paths.js'

/** The browser's own line for a socket it could not open: the outage itself, not the app. */
const refusedSocket = /WebSocket connection to .* failed/

describe('Next.js example: a reload while the login server is down', () => {
  const example = useNextExample()

  it('shows the reconnecting card, never the form, and is logged in by itself once the server is back (rule 37)', async () => {
    const userID = uniqueUserID('alice')
    const context = await example.newContext()
    const page = await example.openPage(context)
    await logIn(page, userID)

    await watchLoginFormFlash(context)
    await example.stopLoginServer()
    await page.reload()

    // The app's session is valid and the user still signed in to it: the signed-in shape.
    const reconnecting = page.getByRole('status').filter({ hasText: 'Can’t reach the chat server' })
    await reconnecting.waitFor()
    await page.getByRole('button', { name: 'Retry now' }).waitFor()
    await page.screenshot({ path: `${SCREENSHOTS}/reconnecting-light.png` })

    await example.startLoginServer()
    // The kit's backoff tries again by itself (within seconds this early in the outage).
    await signedInHeading(page, userID).waitFor({ timeout: 45_000 })
    expect(await sawLoginForm(page)).toBe(false)
    expect((await example.loginServer.onlineStatus([userID]))[0]?.Status).toBe('Online')
    expect(example.consoleProblems.filter((line) => !refusedSocket.test(line))).toEqual([])
  })
})
