import { describe, expect, it } from 'vitest'
import { uniqueUserID, useDemo } from './demoHarness.js'
import { detail, homeHeading, loggedEvents, logIn, loginHeading } from './demoPage.js'

describe('demo: network loss', () => {
  const demo = useDemo()

  it('offline shows reconnecting, back online resumes the session without logging in again (rule 15)', async () => {
    const userID = uniqueUserID('alice')
    const page = await demo.openPage()
    const sigRequests: string[] = []
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/dev/usersig') sigRequests.push(request.url())
    })
    await logIn(page, userID)
    expect(sigRequests).toHaveLength(1)
    // Marks the home page's element: if the app ever left home (login page in between),
    // React would build a new element without the mark.
    await page.locator('[data-page="home"]').evaluate((home) => {
      home.setAttribute('data-marked', 'before-offline')
    })

    await demo.context.setOffline(true)
    const banner = page.getByRole('status').filter({ hasText: /reconnecting/i })
    await banner.waitFor()
    expect(['connecting', 'disconnected']).toContain(await detail(page, 'net-state'))
    expect(await detail(page, 'login-status')).toBe('1')

    await demo.context.setOffline(false)
    await expect.poll(() => detail(page, 'net-state'), { timeout: 15_000 }).toBe('connected')
    await banner.waitFor({ state: 'detached' })

    expect(await detail(page, 'login-status')).toBe('1')
    await homeHeading(page, userID).waitFor()
    expect(await page.locator('[data-page="home"]').getAttribute('data-marked')).toBe(
      'before-offline',
    )
    expect(await loginHeading(page).count()).toBe(0)
    expect(sigRequests).toHaveLength(1)
    // The client resumed by itself: network events, but SDK_READY only from the first login.
    expect(await loggedEvents(page)).toEqual(['sdkStateReady'])
    const netStates = await page
      .locator('[data-testid="event-log"] li[data-event="netStateChange"]')
      .allTextContents()
    expect(netStates.length).toBeGreaterThanOrEqual(4)
  })
})
