import { DEFAULT_TEXTS } from '@chatgate/react'
import { describe, expect, it } from 'vitest'
import { uniqueUserID, useDemo } from './demoHarness.js'
import { detail, expectText, kickedDialog, loggedEvents, logIn, loginHeading } from './demoPage.js'

describe('demo: UserSig expiry', () => {
  const demo = useDemo()

  it('a UserSig of 2 s that the client may not renew expires while online; the page shows the expired modal (rule 14)', async () => {
    const userID = uniqueUserID('alice')
    const page = await demo.openPage('?sigSeconds=2&renew=0')
    await logIn(page, userID)
    expect(await page.getByTestId('usersig-expiry').textContent()).toMatch(/expires in [12] s/)

    const dialog = kickedDialog(page)
    await dialog.waitFor()
    await expectText(dialog, DEFAULT_TEXTS.kicked.userSigExpired.text)
    expect(await dialog.getAttribute('data-kick-type')).toBe('userSigExpired')
    expect((await loggedEvents(page)).slice(-2)).toEqual(['kickedOut', 'sdkStateNotReady'])

    await page.getByRole('button', { name: 'Log in again' }).click()
    await loginHeading(page).waitFor()
  })

  it('with renewal on, a short UserSig is renewed in place: no kick, same socket, no new SDK_READY (rule 14)', async () => {
    const userID = uniqueUserID('alice')
    const page = await demo.openPage('?sigSeconds=6')
    const sockets: string[] = []
    page.on('websocket', (socket) => sockets.push(socket.url()))
    await logIn(page, userID)
    await page.locator('[data-page="home"]').evaluate((home) => {
      home.setAttribute('data-marked', 'before-renewal')
    })
    const expiry = page.getByTestId('usersig-expiry')
    const firstExpiresAt = Number(await expiry.getAttribute('data-expires-at'))
    expect(firstExpiresAt).toBeGreaterThan(Date.now())

    // Renewed: a later expiry, and the first sig's end (plus a server sweep) has passed.
    await expect
      .poll(async () => Number(await expiry.getAttribute('data-expires-at')), { timeout: 10_000 })
      .toBeGreaterThan(firstExpiresAt)
    await expect.poll(() => Date.now(), { timeout: 10_000 }).toBeGreaterThan(firstExpiresAt + 1_000)

    expect(await kickedDialog(page).count()).toBe(0)
    expect(await detail(page, 'login-status')).toBe('1')
    expect(await page.locator('[data-page="home"]').getAttribute('data-marked')).toBe(
      'before-renewal',
    )
    expect(sockets).toHaveLength(1)
    // One SDK_READY; the only events after it are the renewal warnings.
    const [first, ...rest] = await loggedEvents(page)
    expect(first).toBe('sdkStateReady')
    expect(rest.length).toBeGreaterThan(0)
    expect(rest.every((name) => name === 'userSigExpiring')).toBe(true)
  })
})
