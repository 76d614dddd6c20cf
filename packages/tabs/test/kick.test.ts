import { Chat } from '@chatgate/core'
import { expect, test, vi } from 'vitest'
import { type ManualTimers, manualTimers } from '../../core/test/helpers/manualTimers.js'
import { type Tab, useTabs } from './helpers/tabs.js'

const live = useTabs()

/** Tabs on manual timers, the first logged in as `userID`, the others in sync with it. */
async function loggedInTabs(userID: string, count: number) {
  const browser = live.browser()
  const timers = new Map<Tab, ManualTimers>()
  const open = () => {
    const clock = manualTimers()
    const tab = browser.openTab({ timers: clock })
    timers.set(tab, clock)
    return tab
  }
  const tabs = [open()]
  await tabs[0]!.client.login({ userID, userSig: live.server.sign(userID) })
  for (let i = 1; i < count; i++) tabs.push(open())
  for (const tab of tabs) await vi.waitFor(() => expect(tab.client.getSnapshot().ready).toBe(true))
  return { tabs, timers }
}

test('a login from another browser kicks every tab, and no tab logs in by itself afterwards, not even a new leader (rules 12, 17, 32)', async () => {
  const { tabs, timers } = await loggedInTabs('kick_other', 3)
  const [a, b, c] = tabs as [Tab, Tab, Tab]
  const lengths = new Map(tabs.map((tab) => [tab, tab.events.length]))
  const elsewhere = new Chat(live.server.clientOptions())

  await elsewhere.login({ userID: 'kick_other', userSig: live.server.sign('kick_other') })

  for (const tab of tabs) {
    await vi.waitFor(() => expect(tab.client.getSnapshot().kick).not.toBeNull())
    expect(tab.events.slice(lengths.get(tab))).toEqual([
      'kickedOut:multipleAccount',
      'sdkStateNotReady',
      'netStateChange:disconnected',
    ])
    expect(tab.client.getSnapshot().kick).toMatchObject({
      type: 'multipleAccount',
      userID: 'kick_other',
    })
  }
  // The leader goes; its successor keeps showing the kick and logs nobody in.
  a.kill()
  await vi.waitFor(() => expect(b.client.isLeader()).toBe(true))
  for (const tab of [b, c]) {
    timers.get(tab)!.advance(3_600_000)
    expect(timers.get(tab)!.pending).toBe(0)
    expect(tab.client.getSnapshot()).toMatchObject({
      loginStatus: 3,
      kick: { type: 'multipleAccount' },
    })
    expect(tab.sockets).toBe(0)
  }
  expect(await live.server.onlineStatus(['kick_other'])).toMatchObject([
    { Detail: [{ Status: 'Online' }] },
  ])
  expect(elsewhere.isReady()).toBe(true)
  await elsewhere.destroy()

  // The user logs in again: as in core, the kick shows until the login succeeds.
  const seen: unknown[] = []
  c.client.subscribe(() => seen.push(c.client.getSnapshot()))
  await c.client.login({ userID: 'kick_other', userSig: live.server.sign('kick_other') })
  expect(seen).toContainEqual(
    expect.objectContaining({
      loginStatus: 2,
      kick: expect.objectContaining({ type: 'multipleAccount' }),
    }),
  )
  expect(c.client.getSnapshot()).toMatchObject({ ready: true, kick: null })
})

test('the admin REST kick reaches every tab; a login in one tab then logs every tab in again (rules 13, 32)', async () => {
  const { tabs } = await loggedInTabs('kick_rest', 3)
  const [, b, c] = tabs as [Tab, Tab, Tab]

  await live.server.kick('kick_rest')

  for (const tab of tabs) {
    await vi.waitFor(() => expect(tab.events).toContain('kickedOut:REST_API_Kick'))
    expect(tab.events.at(-2)).toBe('sdkStateNotReady')
  }
  await c.client.login({ userID: 'kick_rest', userSig: live.server.sign('kick_rest') })
  for (const tab of tabs) {
    await vi.waitFor(() =>
      expect(tab.client.getSnapshot()).toMatchObject({ ready: true, kick: null }),
    )
  }
  expect(b.sockets + c.sockets).toBe(0)
  expect((await live.server.onlineStatus(['kick_rest']))[0]?.Detail).toHaveLength(1)
})
