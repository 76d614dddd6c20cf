/**
 * The V2TIM surface at its edges: a live session that loses the network without an
 * attempt under way, a listener after `unInitSDK`, a refusal's exact shape, and log
 * levels between the plugin's. Against the real server.
 */
import { type DevServer, startDevServer } from '@chatgate/server/testing'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import WebSocket from 'ws'
import { type ChatgateOptions, V2TIMManager, type V2TimSDKListener } from '../src/index.js'
import { toChatLogLevel } from '../src/logLevel.js'

let dev: DevServer
beforeAll(async () => {
  dev = await startDevServer()
})
afterAll(() => dev.close())

function recordingListener() {
  const calls: string[] = []
  const listener: Partial<V2TimSDKListener> = {
    onConnecting: () => calls.push('onConnecting'),
    onConnectSuccess: () => calls.push('onConnectSuccess'),
    onConnectFailed: (code, desc) => calls.push(`onConnectFailed ${code} ${desc}`),
    onKickedOffline: () => calls.push('onKickedOffline'),
    onUserSigExpired: () => calls.push('onUserSigExpired'),
  }
  return { calls, listener }
}

test('a live session whose device goes offline: onConnectFailed with the network code', async () => {
  const { calls, listener } = recordingListener()
  let goOffline = () => {}
  // Core's network watcher, which the options pass on to the client (the device's events).
  const options = {
    url: dev.wsUrl,
    WebSocket,
    watchNetwork: (_online: () => void, offline: () => void) => {
      goOffline = offline
      return () => {}
    },
  } as ChatgateOptions
  const manager = new V2TIMManager()
  await manager.initSDK(dev.SDKAppID, 0, listener, options)
  expect((await manager.login('offline_rn', dev.sign('offline_rn'))).code).toBe(0)
  calls.length = 0

  goOffline()
  expect(calls).toEqual([expect.stringMatching(/^onConnectFailed 2800 /)])
  await manager.unInitSDK()
})

test('after unInitSDK the listener hears nothing, not even of the login it interrupted', async () => {
  const { calls, listener } = recordingListener()
  const manager = new V2TIMManager()
  await manager.initSDK(dev.SDKAppID, 0, listener, { url: dev.wsUrl, WebSocket })
  const login = manager.login('uninit_rn', dev.sign('uninit_rn'))
  await vi.waitFor(() => expect(calls).toEqual(['onConnecting']))
  await manager.unInitSDK()
  expect((await login).code).not.toBe(0)
  expect(calls).toEqual(['onConnecting'])
})

test('a refusal without data has no data field at all, as the plugin answers', async () => {
  const manager = new V2TIMManager()
  const refusal = await manager.login('nobody', 'sig')
  expect(refusal).toStrictEqual({ code: refusal.code, desc: 'Call initSDK first.' })
  expect(await manager.logout()).toStrictEqual({ code: 2024, desc: expect.any(String) })
})

test('levels below the plugin’s debug (1, 2) and negative ones are warnings', () => {
  expect([1, 2, -1, 7].map(toChatLogLevel)).toEqual([2, 2, 2, 2])
})
