/**
 * React Native has no user agent to name a device by: the app gives `initSDK` a `device`
 * label, and every login names it to the server (rule 33). Against the real server.
 */
import { Chat } from '@chatgate/core'
import { type DevServer, startDevServer } from '@chatgate/server/testing'
import { afterAll, beforeAll, expect, test } from 'vitest'
import WebSocket from 'ws'
import { countingWebSocket } from '../../core/test/helpers/recorder.js'
import { V2TIMManager } from '../src/index.js'

let dev: DevServer
beforeAll(async () => {
  dev = await startDevServer({ app: { login: { policy: 'all' } } })
})
afterAll(() => dev.close())

/** The devices the server lists for `userID`, asked from another session of the user. */
async function listedDevices(userID: string) {
  const other = new Chat(dev.clientOptions({ WebSocket, platform: 'windows' }))
  await other.login({ userID, userSig: dev.sign(userID), device: 'Lister' })
  const { sessions } = (await other.getSessions()).data
  await other.destroy()
  return sessions.filter((s) => !s.current).map((s) => [s.platform, s.device])
}

test("initSDK's device names every login of the manager", async () => {
  const socket = countingWebSocket()
  const manager = new V2TIMManager()
  await manager.initSDK(dev.SDKAppID, 0, undefined, {
    url: dev.wsUrl,
    WebSocket: socket.WebSocket,
    platform: 'iphone',
    device: "Alice's iPhone",
  })
  expect(await manager.login('rn_alice', dev.sign('rn_alice'))).toEqual({ code: 0, desc: 'ok' })
  expect(socket.frames.find((frame) => frame.op === 'login')).toMatchObject({
    device: "Alice's iPhone",
  })
  expect(await listedDevices('rn_alice')).toEqual([['iphone', "Alice's iPhone"]])
  await manager.unInitSDK()
})

test('without one, the login names no device', async () => {
  const socket = countingWebSocket()
  const manager = new V2TIMManager()
  await manager.initSDK(dev.SDKAppID, 0, undefined, { url: dev.wsUrl, WebSocket: socket.WebSocket })
  expect((await manager.login('rn_bob', dev.sign('rn_bob'))).code).toBe(0)
  expect(socket.frames.find((frame) => frame.op === 'login')).not.toHaveProperty('device')
  expect(await listedDevices('rn_bob')).toEqual([['web', '']])
  await manager.unInitSDK()
})

test('a bad label: login answers 6017 and opens no socket', async () => {
  const socket = countingWebSocket()
  const manager = new V2TIMManager()
  await manager.initSDK(dev.SDKAppID, 0, undefined, {
    url: dev.wsUrl,
    WebSocket: socket.WebSocket,
    device: 'x'.repeat(65),
  })
  const answer = await manager.login('rn_carol', dev.sign('rn_carol'))
  expect(answer).toEqual({ code: 6017, desc: expect.any(String) })
  expect(socket.sockets).toBe(0)
  await manager.unInitSDK()
})
