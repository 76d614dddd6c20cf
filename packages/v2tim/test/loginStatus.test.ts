/**
 * `getLoginStatus()` in its two numberings, named by the exported constants: the React
 * Native documentation's (the default) and the native SDKs' (`loginStatusValues: 'native'`).
 */
import { type DevServer, startDevServer } from '@chatgate/server/testing'
import { afterAll, beforeAll, expect, test } from 'vitest'
import WebSocket from 'ws'
import {
  type LoginStatusValues,
  V2TIM_NATIVE_STATUS,
  V2TIM_STATUS_LOGINED,
  V2TIM_STATUS_LOGINING,
  V2TIM_STATUS_LOGOUT,
  V2TIMManager,
} from '../src/index.js'

let dev: DevServer
beforeAll(async () => {
  dev = await startDevServer()
})
afterAll(() => dev.close())

/** The status before login, while it runs, once logged in, and after logout. */
async function statusesThroughALogin(userID: string, loginStatusValues?: LoginStatusValues) {
  const manager = new V2TIMManager()
  await manager.initSDK(dev.SDKAppID, 0, undefined, {
    url: dev.wsUrl,
    WebSocket,
    ...(loginStatusValues && { loginStatusValues }),
  })
  const status = async () => (await manager.getLoginStatus()).data
  const seen = [await status()]
  const login = manager.login(userID, dev.sign(userID))
  seen.push(await status())
  await login
  seen.push(await status())
  await manager.logout()
  seen.push(await status())
  await manager.unInitSDK()
  return seen
}

test('by default 0 / 1 / 2, as the React Native documentation numbers them', async () => {
  expect([V2TIM_STATUS_LOGINED, V2TIM_STATUS_LOGINING, V2TIM_STATUS_LOGOUT]).toEqual([0, 1, 2])
  expect(await statusesThroughALogin('st_documented')).toEqual([
    V2TIM_STATUS_LOGOUT,
    V2TIM_STATUS_LOGINING,
    V2TIM_STATUS_LOGINED,
    V2TIM_STATUS_LOGOUT,
  ])
})

test('with loginStatusValues: native, 1 / 2 / 3, as the native SDKs and the plugin number them', async () => {
  expect(V2TIM_NATIVE_STATUS).toEqual({
    V2TIM_STATUS_LOGINED: 1,
    V2TIM_STATUS_LOGINING: 2,
    V2TIM_STATUS_LOGOUT: 3,
  })
  expect(await statusesThroughALogin('st_native', 'native')).toEqual([3, 2, 1, 3])
})
