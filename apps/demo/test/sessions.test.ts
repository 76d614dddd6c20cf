import { DEFAULT_TEXTS } from '@chatgate/react'
import { zhCN } from '@chatgate/react/zh-CN'
import type { BrowserContextOptions, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { uniqueUserID, useDemo } from './demoHarness.js'
import { expectText, kickedDialog, logIn, loginHeading } from './demoPage.js'
import { SCREENSHOTS } from './paths.js'

/** Chrome on Windows as it introduces itself; the client's default device label reads it. */
const WINDOWS_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

const devices = (page: Page) => page.getByRole('list', { name: DEFAULT_TEXTS.devices })
const devicesSection = (page: Page) =>
  page.locator('section', { has: page.getByRole('heading', { name: 'Your devices' }) })

// Two browsers of one user: the demo allows one web instance per user, these tests two, so
// the second login does not kick the first and both show in "Your devices".
describe('demo: your devices', () => {
  const demo = useDemo({ webInstances: 2 })

  /** The user logged in on this Chromium (Linux) and on a second browser that says Chrome on Windows. */
  async function twoBrowsers(name: string, options: BrowserContextOptions = {}) {
    const userID = uniqueUserID(name)
    const linux = await demo.openPage('', await demo.newContext(options))
    await logIn(linux, userID)
    const windows = await demo.openPage(
      '',
      await demo.newContext({ ...options, userAgent: WINDOWS_CHROME }),
    )
    await logIn(windows, userID)
    return { userID, linux, windows }
  }

  it('lists both browsers, "Sign out" ends the other one, which shows the dialog naming this device (rule 33)', async () => {
    const { linux, windows } = await twoBrowsers('devices')

    const rows = devices(windows).getByRole('listitem')
    await expect.poll(() => rows.count()).toBe(2)
    // This device first, marked, without "Sign out"; the other with its label and the button.
    await expectText(rows.first(), 'Chrome on Windows')
    await expectText(rows.first(), DEFAULT_TEXTS.thisDevice)
    expect(await rows.first().getByRole('button').count()).toBe(0)
    await expectText(rows.nth(1), 'Chrome on Linux')
    await expectText(rows.nth(1), 'Web')

    await rows.nth(1).getByRole('button', { name: 'Sign out' }).click()

    const dialog = kickedDialog(linux)
    await dialog.waitFor()
    expect(await dialog.getAttribute('data-kick-type')).toBe('sessionEnded')
    await expectText(dialog, 'Signed out from Chrome on Windows.')
    await expectText(dialog, DEFAULT_TEXTS.kicked.sessionEnded.title)

    // The list reloads after the sign-out: only this device is left.
    await expect.poll(() => rows.count()).toBe(1)
    await windows.getByText(DEFAULT_TEXTS.noOtherDevices).waitFor()

    await linux.getByRole('button', { name: 'Log in again' }).click()
    await loginHeading(linux).waitFor()
  })

  describe('the look', () => {
    const variants: { name: string; options: BrowserContextOptions; chinese?: boolean }[] = [
      { name: 'light', options: { colorScheme: 'light' } },
      { name: 'dark', options: { colorScheme: 'dark' } },
      { name: 'narrow', options: { viewport: { width: 360, height: 740 }, isMobile: true } },
      { name: 'zh-CN', options: { colorScheme: 'light' }, chinese: true },
    ]

    it('the list, its confirmation step and the dialog it causes: screenshots in light, dark, 360 px and Chinese', async () => {
      for (const { name, options, chinese } of variants) {
        const { linux, windows } = await twoBrowsers(`look-${name}`, options)
        const texts = chinese ? zhCN : DEFAULT_TEXTS
        if (chinese) {
          for (const page of [linux, windows]) {
            await page.getByLabel('Language').selectOption('zh-CN')
          }
        }
        const list = windows.getByRole('list', { name: texts.devices })
        await expect.poll(() => list.getByRole('listitem').count()).toBe(2)
        await windows.screenshot({ path: `${SCREENSHOTS}/devices-${name}.png`, fullPage: true })

        await windows.getByRole('button', { name: texts.signOutOthers }).click()
        const question = windows.getByRole('group', { name: texts.confirmSignOutOthers })
        await question.waitFor()
        await devicesSection(windows).screenshot({
          path: `${SCREENSHOTS}/devices-${name}-confirm.png`,
        })
        await question.getByRole('button', { name: texts.signOut }).click()

        const dialog = kickedDialog(linux)
        await dialog.waitFor()
        await expectText(dialog, 'Chrome on Windows')
        await linux.screenshot({ path: `${SCREENSHOTS}/devices-${name}-signed-out.png` })
        await windows.getByText(texts.noOtherDevices).waitFor()
        await devicesSection(windows).screenshot({
          path: `${SCREENSHOTS}/devices-${name}-alone.png`,
        })
      }
    }, 120_000)
  })
})
