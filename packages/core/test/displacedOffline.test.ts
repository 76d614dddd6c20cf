import { Chat } from '@chatgate/core'
import { afterEach, expect, test, vi } from 'vitest'
import { type LiveServer, type LiveServerSetup, startLiveServer } from './helpers/liveServer.js'
import { recordEvents } from './helpers/recorder.js'
import { startTcpProxy, type TcpProxy } from './helpers/tcpProxy.js'

let live: LiveServer
let proxy: TcpProxy
afterEach(async () => {
  await proxy.close()
  await live.close()
})

async function setup(options: LiveServerSetup = {}) {
  live = await startLiveServer({ maxWeb: 1, ...options })
  proxy = await startTcpProxy(live.server.port)
  const offline = new Chat(live.options({ url: proxy.wsUrl }))
  await offline.login({ userID: 'roamer', userSig: await live.sign('roamer') })
  return { offline, events: recordEvents(offline) }
}

test('a session displaced while offline gets KICKED_OUT with the original type on reconnect (rule 16)', async () => {
  const { offline, events } = await setup()
  proxy.block()
  await vi.waitFor(() => expect(events).toContain('netStateChange:connecting'))

  // Another page of the same user logs in while the first one is offline.
  const newer = new Chat(live.options())
  await newer.login({ userID: 'roamer', userSig: await live.sign('roamer') })
  const newerEvents = recordEvents(newer)

  proxy.unblock()
  await vi.waitFor(() => expect(events).toContain('kickedOut:multipleAccount'), { timeout: 5000 })
  expect(events.filter((name) => !name.startsWith('netStateChange'))).toEqual([
    'kickedOut:multipleAccount',
    'sdkStateNotReady',
  ])
  expect(offline.getSnapshot().kick?.type).toBe('multipleAccount')
  expect(offline.getLoginStatus()).toBe(3)

  // The newer instance is not disturbed: a request's reply comes after anything the server
  // pushed to it before (the socket is ordered).
  const { data } = await newer.getSessions()
  expect(data.sessions).toHaveLength(1)
  expect(newer.isReady()).toBe(true)
  expect(newerEvents).toEqual([])
  expect(await live.status('roamer')).toBe('Online')
  await newer.destroy()
})

test('a session released after its grace period is logged in again on reconnect, quietly (rule 16)', async () => {
  const { offline, events } = await setup({ server: { sessionGraceMs: 20, sweepIntervalMs: 10 } })
  proxy.block()
  await vi.waitFor(async () => expect(await live.status('roamer')).toBe('Offline'))

  proxy.unblock()
  await vi.waitFor(() => expect(offline.getSnapshot().netState).toBe('connected'), {
    timeout: 5000,
  })
  // Only the network state changed: no SDK_NOT_READY / SDK_READY pair for the app to handle.
  expect(events.every((name) => name.startsWith('netStateChange'))).toBe(true)
  expect(offline.isReady()).toBe(true)
  expect(await live.status('roamer')).toBe('Online')
  await offline.destroy()
})
