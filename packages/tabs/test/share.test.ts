import { shareChat } from '@chatgate/tabs'
import { expect, test, vi } from 'vitest'
import { FakeLocks } from './helpers/fakeLocks.js'
import { useTabs } from './helpers/tabs.js'

const live = useTabs()

test('a tab opened after the login is logged in without a login of its own: one instance (rule 32)', async () => {
  const browser = live.browser()
  const a = browser.openTab()
  await a.client.login({ userID: 'share_late', userSig: live.server.sign('share_late') })

  const b = browser.openTab()
  await vi.waitFor(() => expect(b.client.getSnapshot().ready).toBe(true))

  expect(b.client.getSnapshot()).toMatchObject({ loginStatus: 1, userID: 'share_late' })
  expect(b.events).toEqual(['netStateChange:connected', 'sdkStateReady'])
  // Its app logging in again (a reload's silent login) is answered without the network.
  await expect(
    b.client.login({ userID: 'share_late', userSig: live.server.sign('share_late') }),
  ).resolves.toMatchObject({ data: { repeatLogin: true } })
  expect(b.sockets).toBe(0)
  expect(a.sent.filter((frame) => frame.op === 'login')).toHaveLength(1)
  expect(await live.instances('share_late')).toBe(1)
  expect(a.client.isLeader()).toBe(true)
  expect(b.client.isLeader()).toBe(false)
})

test("a follower's login runs in the leader, resolves after SDK_READY, and every tab sees it (rules 4, 32)", async () => {
  const browser = live.browser()
  const a = browser.openTab()
  const b = browser.openTab()
  const c = browser.openTab()
  await vi.waitFor(() => expect(a.client.isLeader()).toBe(true))

  await b.client.login({ userID: 'share_follow', userSig: live.server.sign('share_follow') })

  expect(b.client.getSnapshot().ready).toBe(true)
  await vi.waitFor(() => expect(c.client.getSnapshot().ready).toBe(true))
  for (const tab of [a, b, c]) {
    expect(tab.events).toEqual([
      'netStateChange:connecting',
      'netStateChange:connected',
      'sdkStateReady',
    ])
  }
  expect([a.sockets, b.sockets, c.sockets]).toEqual([1, 0, 0])
  expect(await live.instances('share_follow')).toBe(1)
})

test('a logout in a follower logs every tab out and frees the slot (rules 8, 32)', async () => {
  const browser = live.browser()
  const a = browser.openTab()
  await a.client.login({ userID: 'share_out', userSig: live.server.sign('share_out') })
  const b = browser.openTab()
  const c = browser.openTab()
  await vi.waitFor(() => expect(c.client.getSnapshot().ready).toBe(true))

  await b.client.logout()

  expect(b.client.getSnapshot()).toMatchObject({ loginStatus: 3, userID: '', ready: false })
  await vi.waitFor(() => expect(c.client.getSnapshot().loginStatus).toBe(3))
  for (const tab of [a, b, c]) expect(tab.events.at(-2)).toBe('sdkStateNotReady')
  expect(a.client.getSnapshot().loginStatus).toBe(3)
  expect(await live.server.onlineStatus(['share_out'])).toMatchObject([{ Status: 'Offline' }])
  // Logged out everywhere, so a second logout anywhere is 2024, as in core.
  await expect(c.client.logout()).rejects.toMatchObject({ code: 2024 })
})

test('a login for another UserID in a follower switches every tab (rule 6)', async () => {
  const browser = live.browser()
  const a = browser.openTab()
  await a.client.login({ userID: 'share_one', userSig: live.server.sign('share_one') })
  const b = browser.openTab()
  await vi.waitFor(() => expect(b.client.getSnapshot().ready).toBe(true))
  const before = new Map([a, b].map((tab) => [tab, tab.events.length]))

  await b.client.login({ userID: 'share_two', userSig: live.server.sign('share_two') })

  await vi.waitFor(() => expect(a.client.getSnapshot().userID).toBe('share_two'))
  // What a single `Chat` raises for a switch, in every tab.
  for (const tab of [a, b]) {
    expect(tab.events.slice(before.get(tab))).toEqual([
      'sdkStateNotReady',
      'netStateChange:disconnected',
      'netStateChange:connecting',
      'netStateChange:connected',
      'sdkStateReady',
    ])
  }
  expect(await live.server.onlineStatus(['share_one'])).toMatchObject([{ Status: 'Offline' }])
  expect(await live.instances('share_two')).toBe(1)
})

test('a refused login rejects in the follower that asked, with its code, and every tab shows the error (rule 7)', async () => {
  const browser = live.browser()
  const a = browser.openTab()
  const b = browser.openTab()
  await vi.waitFor(() => expect(a.client.isLeader()).toBe(true))

  await expect(b.client.login({ userID: 'share_bad', userSig: 'not-a-sig' })).rejects.toMatchObject(
    { code: 70052 },
  )
  await expect(b.client.login({ userID: '', userSig: 'x' })).rejects.toMatchObject({ code: 2002 })

  expect(b.client.getSnapshot()).toMatchObject({ loginStatus: 3, error: { code: 70052 } })
  expect(b.client.getSnapshot().error).toBeInstanceOf(Error)
  expect(a.client.getSnapshot().error).toMatchObject({ code: 70052 })
})

test("every tab's silent login at once is one login on the server (rules 5, 32)", async () => {
  const browser = live.browser()
  const tabs = Array.from({ length: 4 }, () => browser.openTab())
  const userSig = live.server.sign('share_once')

  const answers = await Promise.all(
    tabs.map((tab) => tab.client.login({ userID: 'share_once', userSig })),
  )

  expect(answers).toEqual(tabs.map(() => expect.objectContaining({ code: 0 })))
  for (const tab of tabs) expect(tab.client.getSnapshot().ready).toBe(true)
  const sent = tabs.flatMap((tab) => tab.sent.filter((frame) => frame.op === 'login'))
  expect(sent).toHaveLength(1)
  expect(await live.instances('share_once')).toBe(1)
})

test('a client made and never used takes no part: no channel, no lock, never the leader (rule 32)', async () => {
  const locks = new FakeLocks()
  const opened: string[] = []
  const unused = shareChat({
    ...live.server.clientOptions(),
    tabs: {
      locks: locks.forTab('unused'),
      openChannel: (name) => {
        opened.push(name)
        return { postMessage() {}, onmessage: null, close() {} }
      },
    },
  })

  expect(unused.getSnapshot().loginStatus).toBe(3)
  expect(opened).toEqual([])
  expect(await locks.forTab('other').query()).toEqual({ held: [], pending: [] })

  unused.subscribe(() => {})
  await vi.waitFor(() => expect(unused.isLeader()).toBe(true))
  expect(opened).toEqual([`chatgate-tabs-1:${live.server.SDKAppID}:${live.server.wsUrl}`])
  await unused.destroy()
})

test('a network drop: only the leader reconnects and resumes; every tab sees it, none sees SDK_READY (rules 15, 32)', async () => {
  const browser = live.browser()
  const a = browser.openTab()
  await a.client.login({ userID: 'share_drop', userSig: live.server.sign('share_drop') })
  const b = browser.openTab()
  await vi.waitFor(() => expect(b.client.getSnapshot().ready).toBe(true))
  const before = new Map([a, b].map((tab) => [tab, tab.events.length]))

  a.cut()

  for (const tab of [a, b]) {
    await vi.waitFor(() =>
      expect(tab.events.slice(before.get(tab))).toContain('netStateChange:connected'),
    )
    expect(tab.events.slice(before.get(tab))).toEqual([
      'netStateChange:connecting',
      'netStateChange:connected',
    ])
  }
  expect([a.sockets, b.sockets]).toEqual([2, 0])
  expect(a.sent.filter((frame) => frame.op === 'login').at(-1)).toMatchObject({
    resume: expect.any(String),
  })
  expect(await live.instances('share_drop')).toBe(1)
})
