import { expect, test, vi } from 'vitest'
import { type Tab, useTabs } from './helpers/tabs.js'

const live = useTabs()

const HOUR_MS = 3_600_000
// A one-hour sig is due for renewal about 200 ms after the login.
const options = { renewBeforeMs: HOUR_MS - 200 }
const renewals = (tab: Tab) => tab.sent.filter((frame) => frame.op === 'renew')

test('the UserSig is renewed once per browser, by the leader, with its own getUserSig (rules 14, 32)', async () => {
  const browser = live.browser()
  const getUserSig = [vi.fn(), vi.fn(), vi.fn()].map((fn) =>
    fn.mockImplementation((userID: string) => live.server.sign(userID, 7200)),
  )
  const tabs = getUserSig.map(() => browser.openTab(options))
  const [a] = tabs as [Tab]
  await vi.waitFor(() => expect(a.client.isLeader()).toBe(true))
  // Every tab's app logs in with a getUserSig, as a silent login on each load does.
  for (const [index, tab] of tabs.entries()) {
    await tab.client.login({
      userID: 'renew_once',
      userSig: live.server.sign('renew_once', 3600),
      getUserSig: getUserSig[index],
    })
  }
  const first = a.client.getSnapshot().userSigExpiresAt!

  for (const tab of tabs) {
    await vi.waitFor(() =>
      expect(tab.client.getSnapshot().userSigExpiresAt).toBeGreaterThan(first + HOUR_MS / 2),
    )
    expect(tab.events.filter((name) => name === 'userSigExpiring')).toHaveLength(1)
    expect(tab.events.filter((name) => name === 'sdkStateReady')).toHaveLength(1)
  }
  expect(getUserSig.map((fn) => fn.mock.calls.length)).toEqual([1, 0, 0])
  expect(tabs.map((tab) => renewals(tab).length)).toEqual([1, 0, 0])
})

test('a leader without a getUserSig asks the tabs for a UserSig; a successor resumes with the renewed one (rules 14, 32)', async () => {
  const browser = live.browser()
  const a = browser.openTab(options)
  await vi.waitFor(() => expect(a.client.isLeader()).toBe(true))
  const b = browser.openTab(options)
  const c = browser.openTab(options)
  let renewed = ''
  const getUserSig = vi.fn((userID: string) => {
    renewed = live.server.sign(userID, 7200)
    return renewed
  })
  await b.client.login({
    userID: 'renew_ask',
    userSig: live.server.sign('renew_ask', 3600),
    getUserSig,
  })
  const first = b.client.getSnapshot().userSigExpiresAt!

  await vi.waitFor(() =>
    expect(c.client.getSnapshot().userSigExpiresAt).toBeGreaterThan(first + HOUR_MS / 2),
  )
  expect(getUserSig).toHaveBeenCalledTimes(1)
  expect(renewals(a)).toEqual([expect.objectContaining({ userSig: renewed })])

  a.kill()
  await vi.waitFor(() => expect(b.client.isLeader() || c.client.isLeader()).toBe(true))
  const successor = b.client.isLeader() ? b : c
  await vi.waitFor(() =>
    expect(successor.sent.find((frame) => frame.op === 'login')).toMatchObject({
      resume: expect.any(String),
      userSig: renewed,
    }),
  )
})

test('a renewal that fails raises ERROR in every tab, with its code, and the session goes on (rules 14, 32)', async () => {
  const browser = live.browser()
  const a = browser.openTab(options)
  await vi.waitFor(() => expect(a.client.isLeader()).toBe(true))
  const b = browser.openTab(options)
  await a.client.login({
    userID: 'renew_fail',
    userSig: live.server.sign('renew_fail', 3600),
    getUserSig: () => Promise.reject(new Error('backend down')),
  })

  for (const tab of [a, b]) {
    await vi.waitFor(() => expect(tab.events).toContain('error:6206'))
    expect(tab.client.getSnapshot()).toMatchObject({ ready: true, error: { code: 6206 } })
  }
})

test("a failing getUserSig of the tab the leader asked raises ERROR 6206 in every tab, with the app's message (rules 14, 32)", async () => {
  const browser = live.browser()
  const a = browser.openTab(options)
  await vi.waitFor(() => expect(a.client.isLeader()).toBe(true))
  const b = browser.openTab(options)
  await b.client.login({
    userID: 'renew_asked_fail',
    userSig: live.server.sign('renew_asked_fail', 3600),
    getUserSig: () => Promise.reject(new Error('backend down')),
  })

  for (const tab of [a, b]) {
    await vi.waitFor(() => expect(tab.events).toContain('error:6206'))
    expect(tab.client.getSnapshot().error).toMatchObject({ code: 6206, message: 'backend down' })
  }
})
