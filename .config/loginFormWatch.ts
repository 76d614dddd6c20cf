import type { BrowserContext, Page } from 'playwright-core'

/** The kit's login form, by its UserID field. */
export const LOGIN_FORM_FIELD = 'input[name="userID"]'

/**
 * Runs in every page of a context before the page's own scripts: records whether an element
 * matching `selector` ever entered the document, from the first byte of server-rendered HTML
 * on, even if it was replaced before anyone could see it.
 */
function watchForElement(selector: string): void {
  const flag = '__chatgateSawLoginForm'
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

/**
 * Starts watching every page the context opens or reloads from now on (call before the
 * navigation) for the login form, or for whatever `selector` names the app's login page.
 */
export async function watchLoginFormFlash(
  context: BrowserContext,
  selector = LOGIN_FORM_FIELD,
): Promise<void> {
  await context.addInitScript(watchForElement, selector)
}

/** Whether the login form has appeared in this page since its last navigation. */
export function sawLoginForm(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    Boolean((window as unknown as Record<string, boolean>).__chatgateSawLoginForm),
  )
}
