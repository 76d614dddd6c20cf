import { expect, test } from 'vitest'
import { useTabs } from './helpers/tabs.js'

const live = useTabs()

test('synced(): a tab that opens hears the shared state before it resolves, and before what its listeners scheduled runs', async () => {
  const browser = live.browser()
  const a = browser.openTab()
  await a.client.login({ userID: 'synced_late', userSig: live.server.sign('synced_late') })

  const b = browser.openTab()
  const order: string[] = []
  // A listener that schedules work as React does: a render in a microtask.
  b.client.subscribe(() => queueMicrotask(() => order.push('render')))
  expect(b.client.getSnapshot().ready).toBe(false)
  await b.client.synced!().then(() => order.push(`synced: ready ${b.client.getSnapshot().ready}`))

  expect(order[0]).toBe('synced: ready true')
  expect(order).toContain('render')
  expect(b.client.isLeader()).toBe(false)
  expect(b.sockets).toBe(0)
})

test('synced(): a lone tab is in sync once it leads; a later call returns at once, the same promise', async () => {
  const a = live.browser().openTab()
  const first = a.client.synced!()

  await first

  expect(a.client.isLeader()).toBe(true)
  expect(a.client.getSnapshot().loginStatus).toBe(3)
  expect(a.client.synced!()).toBe(first)
})

test('synced() joins the tabs by itself: a follower that only awaits it still hears the leader', async () => {
  const browser = live.browser()
  const a = browser.openTab()
  await a.client.login({ userID: 'synced_join', userSig: live.server.sign('synced_join') })
  const b = browser.openTab()

  await b.client.synced!()

  expect(b.client.getSnapshot()).toMatchObject({ ready: true, userID: 'synced_join' })
})
