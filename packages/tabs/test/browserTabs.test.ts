import type { ChatSnapshot } from '@chatgate/core'
import { type DevServer, startDevServer } from '@chatgate/server/testing'
import type { SharedChat } from '@chatgate/tabs'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import { timingLine, uniqueUserID } from '../../../.config/browserTests.js'
import { CHROMIUM_LAUNCH_OPTIONS } from '../../../.config/chromium.js'
import { type PageServer, startPageServer } from './browser/pageServer.js'

// Real Chromium, one browser context (one profile) with several pages of a plain test page
// on 127.0.0.1, against the real login server: Web Locks and BroadcastChannel as shipped.

interface TabWindow {
  tab: {
    client: SharedChat
    events: { name: string; at: number }[]
    snapshot(): ChatSnapshot
    isLeader(): boolean
    login(userID: string, userSig: string): Promise<unknown>
    logout(): Promise<unknown>
  }
}
declare const window: TabWindow

let server: DevServer
let pages: PageServer
let browser: Browser
let context: BrowserContext
beforeAll(async () => {
  server = await startDevServer({ server: { logLevel: 'silent' } })
  pages = await startPageServer()
  browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await pages?.close()
  await server?.close()
})
beforeEach(async () => {
  context = await browser.newContext()
  context.setDefaultTimeout(15_000)
})
afterEach(() => context.close())

async function openTab(inContext = context, origin = pages.url): Promise<Page> {
  const page = await inContext.newPage()
  const query = new URLSearchParams({ app: String(server.SDKAppID), ws: server.wsUrl })
  await page.goto(`${origin}?${query}`)
  await page.waitForFunction(() => 'tab' in window)
  return page
}

const login = (page: Page, userID: string) =>
  page.evaluate(([id, sig]) => window.tab.login(id, sig).then(() => {}), [
    userID,
    server.sign(userID),
  ] as const)

/** The snapshot's plain fields (an `Error` does not cross `evaluate`). */
const snapshotOf = (page: Page) =>
  page.evaluate(() => {
    const { loginStatus, userID, ready, netState, kick } = window.tab.snapshot()
    return { loginStatus, userID, ready, netState, kickType: kick?.type ?? null }
  })
const eventsOf = (page: Page) => page.evaluate(() => window.tab.events.map((event) => event.name))
const isLeader = (page: Page) => page.evaluate(() => window.tab.isLeader())
const until = (page: Page, check: () => boolean) => page.waitForFunction(check)
const untilReady = (page: Page) => until(page, () => window.tab.snapshot().ready)

const admissions = () => server.metric('chatgate_logins_total{resumed="false"}')
const resumes = () => server.metric('chatgate_logins_total{resumed="true"}')
const webInstances = async (userID: string) =>
  (await server.onlineStatus([userID]))[0]?.Detail?.length ?? 0

/** Tab A logged in as a new user, and tab B opened after it and in sync. */
async function twoTabs(name: string) {
  const userID = uniqueUserID(name)
  const a = await openTab()
  await login(a, userID)
  const b = await openTab()
  await untilReady(b)
  return { userID, a, b }
}

/** The leader's page goes; resolves with how long until `follower` is live again on the server. */
async function handOver(
  leader: Page,
  follower: Page,
  how: 'close' | 'crash' | 'reload',
): Promise<number> {
  const before = (await eventsOf(follower)).length
  const start = Date.now()
  if (how === 'close') await leader.close({ runBeforeUnload: false })
  else if (how === 'reload') await leader.reload()
  else {
    // The renderer dies: no unload, no goodbye; the browser frees its locks and sockets.
    const cdp = await leader.context().newCDPSession(leader)
    cdp.send('Page.crash').catch(() => {})
  }
  await follower.waitForFunction(
    (from) =>
      window.tab.events.slice(from).some((event) => event.name === 'netStateChange:connected'),
    before,
  )
  const liveAt = await follower.evaluate(
    (from) => window.tab.events.slice(from).find((e) => e.name === 'netStateChange:connected')!.at,
    before,
  )
  return liveAt - start
}

test('a tab opened after the login is logged in without its own login on the server (rule 32)', async () => {
  const userID = uniqueUserID('late')
  const a = await openTab()
  await login(a, userID)
  const logins = (await admissions()) + (await resumes())

  const b = await openTab()
  await untilReady(b)

  expect(await snapshotOf(b)).toMatchObject({ loginStatus: 1, userID, ready: true })
  expect(await eventsOf(b)).toEqual(['netStateChange:connected', 'sdkStateReady'])
  expect(await isLeader(b)).toBe(false)
  expect((await admissions()) + (await resumes())).toBe(logins)
  expect(await webInstances(userID)).toBe(1)
})

test('a page of another origin in the same browser shares nothing: it leads its own, logged out (rule 32)', async () => {
  const { a } = await twoTabs('origin')

  const other = await openTab(context, pages.url.replace('127.0.0.1', 'localhost'))
  await until(other, () => window.tab.isLeader())

  expect(await snapshotOf(other)).toMatchObject({ loginStatus: 3, ready: false })
  expect(await eventsOf(other)).toEqual([])
  expect(await isLeader(a)).toBe(true)
})

test('the leader closes: the other tab keeps the session — resumed, no SDK_READY, no kick, one instance (rule 32)', async () => {
  const { userID, a, b } = await twoTabs('close')
  const admitted = await admissions()
  const resumed = await resumes()
  const before = (await eventsOf(b)).length

  await handOver(a, b, 'close')

  expect(await isLeader(b)).toBe(true)
  expect((await eventsOf(b)).slice(before)).toEqual([
    'netStateChange:connecting',
    'netStateChange:connected',
  ])
  expect(await admissions()).toBe(admitted)
  expect(await resumes()).toBe(resumed + 1)
  expect(await webInstances(userID)).toBe(1)
})

test("the leader's client is destroyed (its app unmounts it): the other tab resumes, nobody is logged out (rule 32)", async () => {
  const { userID, a, b } = await twoTabs('destroy')
  const admitted = await admissions()
  const resumed = await resumes()

  await a.evaluate(() => window.tab.client.destroy().then(() => {}))
  await until(b, () => window.tab.isLeader() && window.tab.snapshot().netState === 'connected')

  expect((await eventsOf(a)).at(-1)).toBe('sdkDestroy')
  expect(await snapshotOf(b)).toMatchObject({ loginStatus: 1, userID, ready: true })
  expect(await admissions()).toBe(admitted)
  expect(await resumes()).toBe(resumed + 1)
  expect(await webInstances(userID)).toBe(1)
})

test('a logout in one tab logs every other tab out (rule 32)', async () => {
  const { userID, a, b } = await twoTabs('logout')
  const c = await openTab()
  await untilReady(c)

  await b.evaluate(() => window.tab.logout().then(() => {}))

  for (const page of [a, c]) {
    await until(page, () => window.tab.snapshot().loginStatus === 3)
    expect((await eventsOf(page)).at(-2)).toBe('sdkStateNotReady')
  }
  expect(await server.onlineStatus([userID])).toMatchObject([{ Status: 'Offline' }])
})

test('a login of the same user in another browser kicks every tab of this one (rules 12, 32)', async () => {
  const { userID, a, b } = await twoTabs('kicked')
  const c = await openTab()
  await untilReady(c)
  const elsewhere = await browser.newContext()

  try {
    await login(await openTab(elsewhere), userID)

    for (const page of [a, b, c]) {
      await until(page, () => window.tab.snapshot().kick !== null)
      expect(await snapshotOf(page)).toMatchObject({ loginStatus: 3, kickType: 'multipleAccount' })
      expect((await eventsOf(page)).slice(-3)).toEqual([
        'kickedOut:multipleAccount',
        'sdkStateNotReady',
        'netStateChange:disconnected',
      ])
    }
    expect(await webInstances(userID)).toBe(1)
  } finally {
    await elsewhere.close()
  }
})

test('the leader reloads: the other tab resumes, the reloaded tab follows, logged in (rule 32)', async () => {
  const { userID, a, b } = await twoTabs('reload')
  const admitted = await admissions()

  await handOver(a, b, 'reload')
  await a.waitForFunction(() => 'tab' in window)
  await until(a, () => window.tab.snapshot().netState === 'connected')

  expect(await isLeader(b)).toBe(true)
  expect(await isLeader(a)).toBe(false)
  // The reloaded page may first see the session while B is still resuming it (connecting).
  const events = await eventsOf(a)
  expect(events.filter((name) => !name.startsWith('netStateChange'))).toEqual(['sdkStateReady'])
  // Which of SDK_READY and the last NET_STATE_CHANGE comes last depends on whether B was
  // still resuming when A first heard it; the last network state is connected either way.
  expect(events.filter((name) => name.startsWith('netStateChange')).at(-1)).toBe(
    'netStateChange:connected',
  )
  expect(await snapshotOf(a)).toMatchObject({ loginStatus: 1, userID, ready: true })
  expect(await admissions()).toBe(admitted)
  expect(await webInstances(userID)).toBe(1)
})

test('the leader crashes: the other tab resumes the session (rule 32)', async () => {
  const { userID, a, b } = await twoTabs('crash')
  const admitted = await admissions()
  const before = (await eventsOf(b)).length

  await handOver(a, b, 'crash')

  expect(await isLeader(b)).toBe(true)
  expect((await eventsOf(b)).slice(before)).toEqual([
    'netStateChange:connecting',
    'netStateChange:connected',
  ])
  expect(await admissions()).toBe(admitted)
  expect(await webInstances(userID)).toBe(1)
})

test('handover time over 24 handovers (closed and crashed leaders), printed', async () => {
  const userID = uniqueUserID('timing')
  let leader = await openTab()
  await login(leader, userID)
  const admitted = await admissions()
  const times: Record<'close' | 'crash', number[]> = { close: [], crash: [] }

  for (let round = 0; round < 24; round++) {
    const follower = await openTab()
    await untilReady(follower)
    const how = round % 2 ? 'crash' : 'close'
    times[how].push(await handOver(leader, follower, how))
    if (how === 'crash') await leader.close()
    leader = follower
  }

  console.log(
    [
      'handover: leader gone → follower live again on the server',
      timingLine('  closed leader', times.close),
      timingLine('  crashed leader', times.crash),
      timingLine('  all', [...times.close, ...times.crash]),
    ].join('\n'),
  )
  // Every one was a resume: still the first admission, still one instance.
  expect(await admissions()).toBe(admitted)
  expect(await webInstances(userID)).toBe(1)
}, 120_000)
