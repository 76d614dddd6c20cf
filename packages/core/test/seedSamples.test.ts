/**
 * Done-when of Chatgate's TencentCloudChat fidelity: the Web seed's JavaScript samples
 * (login with the repeatLogin check, logout, destroy, the KICKED_OUT handler), placed in
 * two modules of one app that each call `create`, run against the real server with only
 * the import and `url` changed.
 */
import TencentCloudChat from '@chatgate/core'
import { ERROR_CODES } from '@chatgate/protocol'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import WebSocket from 'ws'
import { chatErrorLike } from './helpers/chatErrorLike.js'
import { type LiveServer, SDK_APP_ID, startLiveServer } from './helpers/liveServer.js'

let live: LiveServer
const printed: unknown[][] = []
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)

beforeAll(async () => {
  live = await startLiveServer()
  ;(globalThis as { CHATGATE_SEED?: unknown }).CHATGATE_SEED = {
    SDKAppID: SDK_APP_ID,
    url: live.wsUrl,
  }
  // Node 20 has no WebSocket of its own; a browser does.
  vi.stubGlobal('WebSocket', WebSocket)
  for (const method of ['log', 'warn'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      if (args[0] !== '[chatgate]') printed.push([method, ...args])
    })
  }
  process.on('unhandledRejection', onUnhandled)
})
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled)
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  await live.close()
})

/** Waits for the samples' next printed lines (they print from promise callbacks). */
async function nextPrinted(count: number): Promise<unknown[][]> {
  await vi.waitFor(() => expect(printed.length).toBeGreaterThanOrEqual(count), { timeout: 5000 })
  return printed.splice(0, count)
}

test('two modules that call create with the same SDKAppID get one client, and the seed samples run on it (rule 28)', async () => {
  const watcher = await import('./fixtures/seedApp/kickWatcher.mjs')
  const account = await import('./fixtures/seedApp/account.mjs')
  expect(account.chat).toBe(watcher.chat)

  const userSig = await live.sign('seed_web')
  account.login('seed_web', userSig)
  expect(await nextPrinted(1)).toEqual([['log', { repeatLogin: false }]])
  expect(watcher.chat.isReady()).toBe(true)

  // The same module logging in again: the repeatLogin branch of the sample.
  account.login('seed_web', userSig)
  expect(await nextPrinted(2)).toEqual([
    ['log', { repeatLogin: true, errorInfo: expect.any(String) }],
    ['log', expect.any(String)],
  ])

  // Another page of the same account: the first module's KICKED_OUT handler prints.
  const otherPage = new TencentCloudChat({ SDKAppID: SDK_APP_ID, url: live.wsUrl, logLevel: 4 })
  await otherPage.login({ userID: 'seed_web', userSig: await live.sign('seed_web') })
  expect(await nextPrinted(1)).toEqual([['log', 'multipleAccount']])
  await otherPage.destroy()

  account.login('seed_web', await live.sign('seed_web'))
  await nextPrinted(1)
  account.logout()
  expect(await nextPrinted(1)).toEqual([['log', {}]])
  expect(await live.status('seed_web')).toBe('Offline')

  // Logged out already: the sample's catch gets 2024, an Error, as with TencentCloudChat.
  account.logout()
  const [method, label, error] = (await nextPrinted(1))[0] ?? []
  expect([method, label]).toEqual(['warn', 'logout error:'])
  expect(error).toBeInstanceOf(Error)
  expect(error).toEqual(
    chatErrorLike({ code: ERROR_CODES.NOT_LOGGED_IN, message: expect.any(String) }),
  )

  // The bare `let promise = chat.destroy();` twice, then the printed one: none rejects.
  account.destroy()
  account.destroy()
  account.destroyThenLog()
  expect(await nextPrinted(1)).toEqual([['log', 'sdk destroyed']])

  // Destroyed: the next create makes a new client; destroying it unused resolves too.
  const fresh = TencentCloudChat.create({ SDKAppID: SDK_APP_ID, url: live.wsUrl })
  expect(fresh).not.toBe(account.chat)
  await fresh.destroy()
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(unhandled).toEqual([])
})
