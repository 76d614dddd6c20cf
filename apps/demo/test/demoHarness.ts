import { mkdir } from 'node:fs/promises'
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import { screenshotName } from '../../../.config/browserTests.js'
import { CHROMIUM_LAUNCH_OPTIONS } from '../../../.config/chromium.js'
import { type DemoStack, startDemoStack } from '../server/demoStack.js'
import { type StaticServer, startStaticServer } from '../server/staticServer.js'
import { DEMO_DIST, SCREENSHOTS } from './paths.js'

export { uniqueUserID } from '../../../.config/browserTests.js'

export type DemoStackOptions = Parameters<typeof startDemoStack>[0]

export interface DemoHarness {
  /** The built demo's base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  readonly stack: DemoStack
  /** The current test's browser context: its pages are tabs of one browser window. */
  readonly context: BrowserContext
  /** Opens the demo in a new tab of the test's context (or of `inContext`) and waits for the app. */
  openPage(search?: string, inContext?: BrowserContext): Promise<Page>
  /** Another browser profile (or this one's look: dark, narrow), closed after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>
}

/**
 * Per test file: a login server and the built demo on 127.0.0.1, and one Chromium. Per
 * test: a fresh browser context; after the test, a screenshot of each of its pages lands
 * in `.screenshots/` (named after the test), then the context closes.
 */
export function useDemo(options: NonNullable<DemoStackOptions> = {}): DemoHarness {
  let stack: DemoStack | undefined
  let web: StaticServer | undefined
  let browser: Browser | undefined
  let context: BrowserContext | undefined
  let others: BrowserContext[] = []
  let pages: Page[] = []

  beforeAll(async () => {
    stack = await startDemoStack({
      ...options,
      // Quick expiry checks, and only errors in the test output.
      serverOptions: { sweepIntervalMs: 200, logLevel: 'error', ...options.serverOptions },
    })
    web = await startStaticServer({ root: DEMO_DIST, routes: stack.routes })
    browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
    await mkdir(SCREENSHOTS, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await web?.close()
    await stack?.close()
  })

  beforeEach(async () => {
    context = await browser!.newContext()
    // Fail a stuck wait with the locator's name, well before the test's own timeout.
    context.setDefaultTimeout(15_000)
    others = []
    pages = []
  })

  afterEach(async () => {
    const name = screenshotName(expect.getState().currentTestName ?? 'test')
    await Promise.all(
      pages.map((page, index) =>
        page.isClosed()
          ? undefined
          : page.screenshot({
              path: `${SCREENSHOTS}/${name}${pages.length > 1 ? `-tab${index + 1}` : ''}.png`,
              fullPage: true,
            }),
      ),
    )
    await Promise.all([context, ...others].map((each) => each?.close()))
  })

  return {
    get url() {
      return web!.url
    },
    get stack() {
      return stack!
    },
    get context() {
      return context!
    },
    async newContext(options) {
      const other = await browser!.newContext(options)
      other.setDefaultTimeout(15_000)
      others.push(other)
      return other
    },
    async openPage(search = '', inContext = context!) {
      const page = await inContext.newPage()
      pages.push(page)
      await page.goto(`${web!.url}/${search}`)
      await page.getByRole('heading', { name: 'Chatgate demo' }).waitFor()
      return page
    },
  }
}
