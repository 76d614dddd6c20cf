import { describe, expect, it } from 'vitest'
import { logIn, signedInHeading, userIDField } from './examplePage.js'
import { uniqueUserID, useNextExample } from './nextHarness.js'

describe('Next.js example: the kit in an App Router app', () => {
  const example = useNextExample()

  it('the Server Component layout renders ChatProvider; log in, a second browser kicks the first, "Log in again" (rule 29)', async () => {
    const userID = uniqueUserID('alice')
    const first = await example.openPage(await example.newContext())
    await userIDField(first).waitFor()

    await logIn(first, userID)

    // Another browser (its own cookies) signs in as the same user: one web page per user.
    const second = await example.openPage(await example.newContext())
    await logIn(second, userID)

    const dialog = first.getByRole('alertdialog')
    await dialog.waitFor()
    expect(await dialog.getAttribute('data-kick-type')).toBe('multipleAccount')
    await dialog.getByRole('button', { name: 'Log in again' }).click()
    await userIDField(first).waitFor()
    expect(await first.getByRole('alertdialog').count()).toBe(0)
    // The second browser was not disturbed.
    expect(await signedInHeading(second, userID).count()).toBe(1)

    expect(example.consoleProblems).toEqual([])
  })
})
