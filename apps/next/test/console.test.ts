import { describe, expect, it } from 'vitest'
import { logIn, signedInHeading, userIDField } from './examplePage.js'
import { uniqueUserID, useNextExample } from './nextHarness.js'

describe('Next.js example: the console of a production build', () => {
  const example = useNextExample()

  it('says nothing at the default log level while all goes well: log in, reload, a kick, log in again, sign out', async () => {
    const userID = uniqueUserID('alice')
    const first = await example.openPage(await example.newContext())
    await logIn(first, userID)
    await first.reload()
    await signedInHeading(first, userID).waitFor()

    const second = await example.openPage(await example.newContext())
    await logIn(second, userID)
    await first.getByRole('alertdialog').getByRole('button', { name: 'Log in again' }).click()
    await first.getByRole('button', { name: 'Log in', exact: true }).click()
    await signedInHeading(first, userID).waitFor()
    await first.getByRole('button', { name: 'Sign out' }).click()
    await userIDField(first).waitFor()

    expect(example.consoleOutput).toEqual([])
  })
})
