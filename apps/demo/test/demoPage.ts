import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

/** The kit's LoginForm on the page (the login page's, or "Switch account" on home). */
export function userIDField(page: Page): Locator {
  return page.getByLabel('User ID', { exact: true })
}

export function loginHeading(page: Page): Locator {
  return page.getByRole('heading', { name: 'Log in', exact: true })
}

export function homeHeading(page: Page, userID: string): Locator {
  return page.getByRole('heading', { name: `Logged in as ${userID}`, exact: true })
}

export function kickedDialog(page: Page): Locator {
  return page.getByRole('alertdialog')
}

/** Fills the LoginForm and submits it, without waiting for the outcome. */
export async function submitLogin(page: Page, userID: string): Promise<void> {
  await userIDField(page).fill(userID)
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
}

/** Logs in through the LoginForm and waits for the home page of that user. */
export async function logIn(page: Page, userID: string): Promise<void> {
  await submitLogin(page, userID)
  await homeHeading(page, userID).waitFor()
}

/** The `data-value` of one of the home page's session details. */
export function detail(page: Page, name: 'login-status' | 'net-state'): Promise<string | null> {
  return page.getByTestId(name).getAttribute('data-value')
}

/** Waits until a locator's text contains `text` (fails with the last text seen). */
export async function expectText(locator: Locator, text: string): Promise<void> {
  await expect.poll(() => locator.textContent(), { timeout: 10_000 }).toContain(text)
}

/** Asks the admin panel for a user's online status and returns what it shows. */
export async function checkOnline(page: Page, userID: string): Promise<string | null> {
  const result = page.getByTestId('admin-result')
  const before = await result.getAttribute('data-submitted-at')
  await page.getByLabel('Target UserID').fill(userID)
  await page.getByRole('button', { name: 'Check online status' }).click()
  // A fresh answer: a new submission that has settled (the previous one may still show).
  await expect
    .poll(async () => [
      await result.getAttribute('data-submitted-at'),
      await result.getAttribute('data-state'),
    ])
    .toSatisfy(([at, state]) => at !== before && state === 'success')
  return result.locator(`li[data-user="${userID}"]`).getAttribute('data-status')
}

/**
 * The event log's names, oldest first (the page lists them newest first). NET_STATE_CHANGE
 * is left out: how many a connect takes is the client's business.
 */
export async function loggedEvents(page: Page): Promise<string[]> {
  const names = await page
    .locator('[data-testid="event-log"] li')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-event') ?? ''))
  return names.reverse().filter((name) => name !== 'netStateChange')
}
