import type { BrowserContext, Page } from 'playwright-core'

/**
 * Runs in every page of a context before the page's own scripts: records whether the kit's
 * login form (`input[name="userID"]`) ever entered the document, from the first byte of
 * server-rendered HTML on, even if it was replaced before anyone could see it.
 */
function watchForLoginForm(): void {
  const flag = '__chatgateSawLoginForm'
  const selector = 'input[name="userID"]'
  ;(window as unknown as Record<string, boolean>)[flag] = false
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element && (node.matches(selector) || node.querySelector(selector))) {
          ;(window as unknown as Record<string, boolean>)[flag] = true
        }
      }
    }
  }).observe(document, { childList: true, subtree: true })
}

/** Starts watching every page the context opens from now on (call before `goto`). */
export async function watchLoginFormFlash(context: BrowserContext): Promise<void> {
  await context.addInitScript(watchForLoginForm)
}

/** Whether the login form has appeared in this page since its last navigation. */
export function sawLoginForm(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    Boolean((window as unknown as Record<string, boolean>).__chatgateSawLoginForm),
  )
}
