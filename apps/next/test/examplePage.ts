import type { Locator, Page } from 'playwright-core'

/** The kit's login form field, as the example's page shows it. */
export function userIDField(page: Page): Locator {
  return page.getByLabel('User ID', { exact: true })
}

export function signedInHeading(page: Page, userID: string): Locator {
  return page.getByRole('heading', { name: `Signed in as ${userID}`, exact: true })
}

/** Fills the kit's form, submits it, and waits for the signed-in page. */
export async function logIn(page: Page, userID: string): Promise<void> {
  await userIDField(page).fill(userID)
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
  await signedInHeading(page, userID).waitFor()
}
