import { describe, expect, it } from 'vitest'
import { uniqueUserID, useDemo } from './demoHarness.js'
import { checkOnline, detail, homeHeading, logIn } from './demoPage.js'

describe('demo: switch account', () => {
  const demo = useDemo()

  it('logging in as another user from home switches account; the old one goes offline (rule 6)', async () => {
    const alice = uniqueUserID('alice')
    const bob = uniqueUserID('bob')
    const page = await demo.openPage()
    await logIn(page, alice)

    // Home's "Switch account" form is the kit's LoginForm too.
    await logIn(page, bob)

    await homeHeading(page, bob).waitFor()
    expect(await page.getByTestId('user-id').textContent()).toBe(bob)
    expect(await detail(page, 'login-status')).toBe('1')
    expect(await checkOnline(page, alice)).toBe('Offline')
    expect(await checkOnline(page, bob)).toBe('Online')
  })
})
