import { Chat } from '@chatgate/core'
import { shareChat } from '@chatgate/tabs'
import { afterEach, expect, test, vi } from 'vitest'
import { FakeLocks } from './helpers/fakeLocks.js'
import { useTabs } from './helpers/tabs.js'

const live = useTabs()
afterEach(() => vi.unstubAllGlobals())

test('without Web Locks (Node, server rendering, older browsers) it is a per-tab Chat, with no error (rule 32)', async () => {
  expect((globalThis as { navigator?: { locks?: unknown } }).navigator?.locks).toBeUndefined()

  const client = shareChat(live.server.clientOptions())

  expect(client).toBeInstanceOf(Chat)
  expect(client.isLeader()).toBe(true)
  await client.login({ userID: 'alone', userSig: live.server.sign('alone') })
  expect(client.getSnapshot().ready).toBe(true)
  await client.destroy()
})

test('without BroadcastChannel it is a per-tab Chat too; with both, it shares (rule 32)', () => {
  vi.stubGlobal('navigator', { locks: new FakeLocks().forTab('only') })
  vi.stubGlobal('BroadcastChannel', undefined)
  expect(shareChat(live.server.clientOptions())).toBeInstanceOf(Chat)

  vi.unstubAllGlobals()
  vi.stubGlobal('navigator', { locks: new FakeLocks().forTab('only') })
  const shared = shareChat(live.server.clientOptions())
  expect(shared).not.toBeInstanceOf(Chat)
  return shared.destroy()
})

test('the per-tab Chat has no synced(): its absence tells the React kit the tabs do not share', () => {
  const client = shareChat(live.server.clientOptions())
  expect(client.synced).toBeUndefined()
  vi.stubGlobal('navigator', { locks: new FakeLocks().forTab('only') })
  const shared = shareChat(live.server.clientOptions())
  expect(shared.synced).toBeTypeOf('function')
  return Promise.all([client.destroy(), shared.destroy()])
})
