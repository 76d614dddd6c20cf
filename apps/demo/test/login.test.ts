import { readdir, readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { DEMO_APP } from '../server/demoApp.js'
import { uniqueUserID, useDemo } from './demoHarness.js'
import { checkOnline, detail, homeHeading, loggedEvents, logIn, loginHeading } from './demoPage.js'
import { DEMO_DIST } from './paths.js'

describe('demo: log in', () => {
  const demo = useDemo()

  it('logging in shows home with the user, status logged in (1) and network connected (rule 4)', async () => {
    const page = await demo.openPage()
    await loginHeading(page).waitFor()
    const userID = uniqueUserID('alice')

    await logIn(page, userID)

    await homeHeading(page, userID).waitFor()
    expect(await page.getByTestId('user-id').textContent()).toBe(userID)
    expect(await detail(page, 'login-status')).toBe('1')
    expect(await page.getByTestId('login-status').textContent()).toContain('Logged in')
    expect(await detail(page, 'net-state')).toBe('connected')
    expect(await loginHeading(page).count()).toBe(0)
    expect(await loggedEvents(page)).toEqual(['sdkStateReady'])
    // Rule 20: the admitted login is visible to the admin REST online-status query.
    expect(await checkOnline(page, userID)).toBe('Online')
  })

  it('the secret key never reaches the browser: not in the build, not in /config.json', async () => {
    const page = await demo.openPage()
    const config = await page.evaluate(() => fetch('/config.json').then((r) => r.json()))
    expect(Object.keys(config).sort()).toEqual(['SDKAppID', 'url'])
    expect(config.SDKAppID).toBe(DEMO_APP.SDKAppID)
    expect(config.url).toBe(demo.stack.loginServer.wsUrl)

    const files = await readdir(DEMO_DIST, { recursive: true, withFileTypes: true })
    const texts = await Promise.all(
      files.filter((f) => f.isFile()).map((f) => readFile(`${f.parentPath}/${f.name}`, 'utf8')),
    )
    expect(texts.length).toBeGreaterThan(1)
    for (const text of texts) expect(text).not.toContain(DEMO_APP.secretKey)
  })

  it('the language switch hands the locale and zhCN to ChatProvider: the kit speaks Chinese', async () => {
    const page = await demo.openPage()
    await page.getByLabel('Language').selectOption('zh-CN')
    await page.getByLabel('用户 ID', { exact: true }).waitFor()
    expect(await page.getByRole('button', { name: '登录', exact: true }).count()).toBe(1)
    expect(await page.getByLabel('User ID', { exact: true }).count()).toBe(0)
  })
})
