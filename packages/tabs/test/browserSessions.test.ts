import type { SessionInfo } from '@chatgate/protocol'
import { type DevServer, startDevServer } from '@chatgate/server/testing'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { uniqueUserID } from '../../../.config/browserTests.js'
import { CHROMIUM_LAUNCH_OPTIONS } from '../../../.config/chromium.js'
import { type PageServer, startPageServer } from './browser/pageServer.js'

// Real Chromium: two browser contexts are two browsers of one user (two profiles), each
// with its shared login. A follower tab of the first lists the user's sessions and ends the
// second browser's (rule 33); the second names no device, so Chromium's user agent does.

interface TabWindow {
  tab: {
    events: { name: string }[]
    snapshot(): { ready: boolean; kick: { type: string; by?: unknown } | null }
    isLeader(): boolean
    login(userID: string, userSig: string, device?: string): Promise<unknown>
    getSessions(): Promise<{ data: { sessions: SessionInfo[] } }>
    endSession(sessionID: string): Promise<{ data: { ended: number } }>
  }
}
declare const window: TabWindow

let server: DevServer
let pages: PageServer
let browser: Browser
beforeAll(async () => {
  // Two web instances per user: one for each browser.
  server = await startDevServer({
    app: { login: { policy: 'all', maxInstances: { web: 2 } } },
    server: { logLevel: 'silent' },
  })
  pages = await startPageServer()
  browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await pages?.close()
  await server?.close()
})

async function openBrowser(): Promise<(() => Promise<Page>) & { close(): Promise<void> }> {
  const context = await browser.newContext()
  context.setDefaultTimeout(15_000)
  const open = async () => {
    const page = await context.newPage()
    const query = new URLSearchParams({ app: String(server.SDKAppID), ws: server.wsUrl })
    await page.goto(`${pages.url}?${query}`)
    await page.waitForFunction(() => 'tab' in window)
    return page
  }
  return Object.assign(open, { close: () => context.close() })
}

const login = (page: Page, userID: string, device?: string) =>
  page.evaluate(([id, sig, name]) => window.tab.login(id, sig, name).then(() => {}), [
    userID,
    server.sign(userID),
    device,
  ] as const)

test("a follower tab lists the user's sessions and ends the other browser's: it is kicked, told by whom", async () => {
  const userID = uniqueUserID('devices')
  const work = await openBrowser()
  const home = await openBrowser()
  try {
    const leader = await work()
    await leader.waitForFunction(() => window.tab.isLeader())
    const follower = await work()
    await login(follower, userID, 'Work laptop')
    const other = await home()
    await login(other, userID)

    const sessions = await follower.evaluate(() =>
      window.tab.getSessions().then((answer) => answer.data.sessions),
    )

    expect(await follower.evaluate(() => window.tab.isLeader())).toBe(false)
    expect(
      sessions.map(({ platform, device, current }) => ({ platform, device, current })),
    ).toEqual(
      expect.arrayContaining([
        { platform: 'web', device: 'Work laptop', current: true },
        // Headless Chromium on Linux, named from its user agent.
        { platform: 'web', device: 'Chrome on Linux', current: false },
      ]),
    )
    expect(sessions).toHaveLength(2)

    const target = sessions.find((session) => !session.current)!.sessionID
    const ended = await follower.evaluate(
      (id) => window.tab.endSession(id).then((answer) => answer.data.ended),
      target,
    )
    expect(ended).toBe(1)

    await other.waitForFunction(() => window.tab.snapshot().kick !== null)
    expect(await other.evaluate(() => window.tab.snapshot().kick)).toMatchObject({
      type: 'sessionEnded',
      by: { platform: 'web', device: 'Work laptop' },
    })
    expect(await other.evaluate(() => window.tab.events.map((e) => e.name))).toContain(
      'kickedOut:sessionEnded',
    )
    expect(await leader.evaluate(() => window.tab.snapshot().ready)).toBe(true)
  } finally {
    await work.close()
    await home.close()
  }
})
