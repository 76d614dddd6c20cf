import { DEFAULT_TEXTS } from '@chatgate/react'
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { timingLine } from '../../../.config/browserTests.js'
import { sawLoginForm, watchLoginFormFlash } from '../../../.config/loginFormWatch.js'
import { uniqueUserID, useDemo } from './demoHarness.js'
import {
  detail,
  expectText,
  homeHeading,
  kickedDialog,
  loggedEvents,
  logIn,
  loginHeading,
  submitLogin,
  userIDField,
} from './demoPage.js'
import { SCREENSHOTS } from './paths.js'

// Rule 32 in the demo as shipped: one browser context is one browser profile, its pages are
// tabs that share one login and one connection (Web Locks and BroadcastChannel of Debian's
// Chromium), against the real login server.

describe('demo: tabs of one browser (rule 32)', () => {
  const demo = useDemo()

  const admissions = () => demo.stack.metric('chatgate_logins_total{resumed="false"}')
  const resumes = () => demo.stack.metric('chatgate_logins_total{resumed="true"}')
  const instances = async (userID: string) =>
    (await demo.stack.onlineStatus([userID]))[0]?.Detail?.length ?? 0

  /** 'true' when the tab holds the shared connection, 'false' when another tab does. */
  const leads = (page: Page) => page.getByTestId('connection').getAttribute('data-leader')

  /** Waits until `page` holds the connection and is connected. */
  async function untilLeading(page: Page) {
    await expect.poll(() => leads(page)).toBe('true')
    await expect.poll(() => detail(page, 'net-state')).toBe('connected')
  }

  /** WebSockets a page opens from now on. */
  function countSockets(page: Page) {
    const urls: string[] = []
    page.on('websocket', (socket) => urls.push(socket.url()))
    return urls
  }

  /** Tab A logged in through the form, then tab B opened after it and logged in by sharing. */
  async function twoTabs(name: string, context?: BrowserContext) {
    const userID = uniqueUserID(name)
    const a = await demo.openPage('', context)
    await logIn(a, userID)
    const b = await demo.openPage('', context)
    await homeHeading(b, userID).waitFor()
    return { userID, a, b }
  }

  const kickedText = DEFAULT_TEXTS.kicked

  describe('demo: tabs share one login (rule 32)', () => {
    it('the page says the tabs are shared', async () => {
      const page = await demo.openPage()
      expect(await page.getByTestId('tab-mode').getAttribute('data-share-tabs')).toBe('true')
      expect(await page.getByTestId('tab-mode').textContent()).toContain('shared')
    })

    it('a tab opened after the login is logged in without the form and without a login of its own (REST: one instance)', async () => {
      const userID = uniqueUserID('late')
      const a = await demo.openPage()
      await logIn(a, userID)
      const admitted = await admissions()

      await watchLoginFormFlash(demo.context, '[data-page="login"]')
      const b = await demo.context.newPage()
      const sockets = countSockets(b)
      await b.goto(demo.url)
      await homeHeading(b, userID).waitFor()

      expect(await sawLoginForm(b)).toBe(false)
      expect(await detail(b, 'login-status')).toBe('1')
      expect(await leads(b)).toBe('false')
      expect(await leads(a)).toBe('true')
      expect(sockets).toEqual([])
      expect(await admissions()).toBe(admitted)
      expect(await instances(userID)).toBe(1)
      await b.close()
    })

    it('closing the tab that holds the connection: the other keeps the session (a resume: no SDK_READY, no kick, one instance)', async () => {
      const { userID, a, b } = await twoTabs('close')
      const admitted = await admissions()
      const resumed = await resumes()
      const before = await loggedEvents(b)

      await a.close()
      await untilLeading(b)

      expect(await loggedEvents(b)).toEqual(before)
      expect(await kickedDialog(b).count()).toBe(0)
      await homeHeading(b, userID).waitFor()
      expect(await admissions()).toBe(admitted)
      expect(await resumes()).toBe(resumed + 1)
      expect(await instances(userID)).toBe(1)
    })

    it('a logout in one tab shows the login page in every other tab', async () => {
      const { userID, a, b } = await twoTabs('logout')
      const c = await demo.openPage()
      await homeHeading(c, userID).waitFor()

      await b.getByRole('button', { name: 'Log out' }).click()

      for (const tab of [a, b, c]) await loginHeading(tab).waitFor()
      expect(await instances(userID)).toBe(0)
    })

    it('a login from another browser shows the dialog in every tab; "Log in again" and a login in one tab log every tab in, the dialogs gone', async () => {
      const { userID, a, b } = await twoTabs('kick')
      const c = await demo.openPage()
      await homeHeading(c, userID).waitFor()

      const elsewhere = await demo.openPage('', await demo.newContext())
      await logIn(elsewhere, userID)

      for (const tab of [a, b, c]) {
        const dialog = kickedDialog(tab)
        await dialog.waitFor()
        expect(await dialog.getAttribute('data-kick-type')).toBe('multipleAccount')
        expect((await loggedEvents(tab)).slice(-2)).toEqual(['kickedOut', 'sdkStateNotReady'])
      }

      await b.getByRole('button', { name: 'Log in again' }).click()
      await loginHeading(b).waitFor()
      expect(await userIDField(b).inputValue()).toBe(userID)
      await submitLogin(b, userID)

      for (const tab of [a, b, c]) {
        await homeHeading(tab, userID).waitFor()
        await kickedDialog(tab).waitFor({ state: 'detached' })
      }
      // This browser logged in again: the other one is signed out now, this one counts once.
      await kickedDialog(elsewhere).waitFor()
      expect(await instances(userID)).toBe(1)
    })

    it('a reload of the tab that holds the connection stays logged in: no form, no kick, one instance', async () => {
      const { userID, a, b } = await twoTabs('reload')
      const admitted = await admissions()
      const beforeB = await loggedEvents(b)

      await watchLoginFormFlash(demo.context, '[data-page="login"]')
      await a.reload()
      await homeHeading(a, userID).waitFor()
      await untilLeading(b)

      expect(await sawLoginForm(a)).toBe(false)
      expect(await loggedEvents(a)).toEqual(['sdkStateReady'])
      expect(await leads(a)).toBe('false')
      expect(await loggedEvents(b)).toEqual(beforeB)
      expect(await kickedDialog(a).count()).toBe(0)
      expect(await kickedDialog(b).count()).toBe(0)
      expect(await admissions()).toBe(admitted)
      expect(await instances(userID)).toBe(1)
    })

    it('after a kick, a reload of any tab, or a new tab, shows the login page saying why: never the dialog, no login', async () => {
      const { userID, a, b } = await twoTabs('kickreload')
      await a.getByRole('button', { name: 'Kick user' }).click()
      for (const tab of [a, b]) await kickedDialog(tab).waitFor()

      // Watches for the dialog, however briefly, in every page loaded from now on.
      await watchLoginFormFlash(demo.context, '[role="alertdialog"]')
      await b.reload()
      const c = await demo.openPage()
      await a.reload()

      for (const tab of [a, b, c]) {
        await loginHeading(tab).waitFor()
        await expectText(
          tab.locator('[data-page="login"] [data-tone="notice"]'),
          kickedText.REST_API_Kick.text,
        )
        expect(await userIDField(tab).inputValue()).toBe(userID)
        expect(await sawLoginForm(tab)).toBe(false)
        expect(await loggedEvents(tab)).not.toContain('sdkStateReady')
      }
      expect(await instances(userID)).toBe(0)
    })

    it('?shareTabs=0: each tab is its own instance, as before; a tab opened after the login shows the form', async () => {
      const userID = uniqueUserID('alone')
      const a = await demo.openPage('?shareTabs=0')
      await logIn(a, userID)
      const b = await demo.openPage('?shareTabs=0')

      await loginHeading(b).waitFor()
      expect(await b.getByTestId('tab-mode').getAttribute('data-share-tabs')).toBe('false')
      expect(await instances(userID)).toBe(1)
    })
  })

  describe('demo: tabs, the look', () => {
    const variants = [
      { name: 'light', options: { colorScheme: 'light' as const } },
      { name: 'dark', options: { colorScheme: 'dark' as const } },
      { name: 'narrow', options: { viewport: { width: 360, height: 740 }, isMobile: true } },
    ]

    it('two tabs of one browser, then kicked by another browser: screenshots in light, dark and 360 px', async () => {
      for (const { name, options } of variants) {
        const context = await demo.newContext(options)
        const { userID, a, b } = await twoTabs(`look-${name}`, context)
        await b.screenshot({ path: `${SCREENSHOTS}/tabs-${name}-second-tab.png`, fullPage: true })

        const elsewhere = await demo.openPage('', await demo.newContext())
        await logIn(elsewhere, userID)
        for (const tab of [a, b]) await kickedDialog(tab).waitFor()
        await b.screenshot({ path: `${SCREENSHOTS}/tabs-${name}-kicked.png` })

        await b.reload()
        await loginHeading(b).waitFor()
        await b.screenshot({
          path: `${SCREENSHOTS}/tabs-${name}-kicked-reload.png`,
          fullPage: true,
        })
      }
    }, 90_000)
  })

  describe('demo: tabs, the handover time', () => {
    it('the tab that holds the connection closes or crashes, 12 times: printed, leader gone → next tab live', async () => {
      const userID = uniqueUserID('handover')
      let leader = await demo.openPage()
      await logIn(leader, userID)
      const admitted = await admissions()
      const times: Record<'close' | 'crash', number[]> = { close: [], crash: [] }

      for (let round = 0; round < 12; round++) {
        const next = await demo.openPage()
        await homeHeading(next, userID).waitFor()
        const how = round % 2 ? 'crash' : 'close'
        const start = Date.now()
        if (how === 'close') await leader.close()
        else {
          // The renderer dies: no unload, no goodbye; the browser frees its locks and socket.
          const cdp = await demo.context.newCDPSession(leader)
          cdp.send('Page.crash').catch(() => {})
        }
        await untilLeading(next)
        // When the next tab raised NET_STATE_CHANGE `connected`: the session live again.
        const connected = await next
          .locator('[data-testid="event-log"] li[data-event="netStateChange"]')
          .evaluateAll((items) =>
            items
              .filter((item) => item.textContent?.includes('"connected"'))
              .map((item) => Number(item.getAttribute('data-at'))),
          )
        times[how].push(Math.min(...connected.filter((at) => at >= start)) - start)
        if (how === 'crash') await leader.close()
        leader = next
      }

      console.log(
        [
          'demo handover: leader tab gone → next tab live on the server again',
          timingLine('  closed', times.close),
          timingLine('  crashed', times.crash),
          timingLine('  all', [...times.close, ...times.crash]),
        ].join('\n'),
      )
      expect([...times.close, ...times.crash].every(Number.isFinite)).toBe(true)
      expect(await admissions()).toBe(admitted)
      expect(await instances(userID)).toBe(1)
    }, 120_000)
  })
})
