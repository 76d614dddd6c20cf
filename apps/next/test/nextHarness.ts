import { mkdir } from 'node:fs/promises'
import { type DevServer, startDevServer } from '@chatgate/server/testing'
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
import { type NextServer, startNextServer } from './nextServer.js'
import { SCREENSHOTS, TEST_APP } from './paths.js'

export { uniqueUserID } from '../../../.config/browserTests.js'

export interface NextExample {
  /** The example's base URL. */
  readonly url: string
  readonly loginServer: DevServer
  /** A new browser context (its own cookies and storage: another browser, in effect). */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>
  /** Opens the example's home page in a new tab of `context`. */
  openPage(context: BrowserContext): Promise<Page>
  /** Console errors, uncaught errors and hydration warnings seen by this test's pages. */
  readonly consoleProblems: string[]
  /** Every console message of this test's pages, whatever its level. */
  readonly consoleOutput: string[]
  /** Stops the login server, as an outage would: its port refuses connections. */
  stopLoginServer(): Promise<void>
  /** Starts the login server again, on the same port with the same app. */
  startLoginServer(): Promise<void>
}

/** The login server of every test file: the example's app, one web page per user. */
const loginServerOptions = (port = 0) => ({
  app: {
    SDKAppID: TEST_APP.SDKAppID,
    secretKey: TEST_APP.secretKey,
    admin: TEST_APP.admin,
    // One web page per user: a second browser signing in kicks the first.
    login: { policy: 'mobile-or-desktop+web' as const, maxInstances: { web: 1 } },
  },
  // The example signs its own UserSigs; the server's development endpoint stays off.
  config: { port, dev: { usersigEndpoint: false } },
})

/**
 * Per test file: a real login server, `next start` of the built example and one Chromium.
 * Per test: fresh contexts; afterwards a screenshot of each page lands in `.screenshots/`.
 */
export function useNextExample(): NextExample {
  let loginServer: DevServer | undefined
  let next: NextServer | undefined
  let browser: Browser | undefined
  let contexts: BrowserContext[] = []
  let pages: Page[] = []
  let consoleProblems: string[] = []
  let consoleOutput: string[] = []
  let loginServerRunning = false

  beforeAll(async () => {
    loginServer = await startDevServer(loginServerOptions())
    loginServerRunning = true
    next = await startNextServer(loginServer.wsUrl)
    browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
    await mkdir(SCREENSHOTS, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await next?.close()
    if (loginServerRunning) await loginServer?.close()
  })

  beforeEach(() => {
    contexts = []
    pages = []
    consoleProblems = []
    consoleOutput = []
  })

  afterEach(async () => {
    const name = screenshotName(expect.getState().currentTestName ?? 'test')
    await Promise.all(
      pages.map((page, index) =>
        page.isClosed()
          ? undefined
          : page.screenshot({ path: `${SCREENSHOTS}/${name}-${index + 1}.png`, fullPage: true }),
      ),
    )
    await Promise.all(contexts.map((context) => context.close()))
  })

  return {
    get url() {
      return next!.url
    },
    get loginServer() {
      return loginServer!
    },
    get consoleProblems() {
      return consoleProblems
    },
    get consoleOutput() {
      return consoleOutput
    },
    async stopLoginServer() {
      loginServerRunning = false
      await loginServer?.close()
    },
    async startLoginServer() {
      loginServer = await startDevServer(loginServerOptions(loginServer!.port))
      loginServerRunning = true
    },
    async newContext(options) {
      const context = await browser!.newContext(options)
      // Fail a stuck wait with the locator's name, well before the test's own timeout.
      context.setDefaultTimeout(20_000)
      contexts.push(context)
      return context
    },
    async openPage(context) {
      const page = await context.newPage()
      pages.push(page)
      page.on('console', (message) => {
        const text = message.text()
        consoleOutput.push(`${message.type()}: ${text}`)
        if (message.type() === 'error' || /hydrat/i.test(text)) {
          consoleProblems.push(`${message.type()}: ${text} (${message.location().url})`)
        }
      })
      page.on('pageerror', (error) => consoleProblems.push(`uncaught: ${error.message}`))
      await page.goto(next!.url)
      await page.getByRole('heading', { name: 'Chatgate on Next.js' }).waitFor()
      return page
    },
  }
}
