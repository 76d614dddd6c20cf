// biome-ignore-all lint/suspicious/noDoubleEquals: the seed document's sample code, as printed
/**
 * Every JavaScript sample of the React Native seed (seeds/004: login, getLoginUser,
 * getLoginStatus, logout, account switch), run against the real Chatgate server with only
 * the import changed and `initSDK` carrying Chatgate's url. The samples' placeholder values
 * ("your user id", "userSig from your server") are real ones here, and a `reached(…)`
 * probe stands beside each comment that marks a branch, so the test sees which ran.
 */
import { type DevServer, startDevServer } from '@chatgate/server/testing'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import WebSocket from 'ws'
import {
  LogLevelEnum,
  TencentImSDKPlugin,
  V2TIMManager,
  type V2TimSDKListener,
} from '../src/index.js'

let dev: DevServer
let skewMs = 0
const branches: string[] = []
const reached = (branch: string) => branches.push(branch)

beforeAll(async () => {
  // The server's clock can be moved on, so a ticket runs out without waiting for it.
  dev = await startDevServer({ server: { now: () => Date.now() + skewMs, sweepIntervalMs: 10 } })
})
afterAll(() => dev.close())

const listener = {
  onConnecting: vi.fn(),
  onConnectSuccess: vi.fn(),
  onConnectFailed: vi.fn(),
  onKickedOffline: vi.fn(),
  onUserSigExpired: vi.fn(),
} satisfies Partial<V2TimSDKListener>

/** Sockets the manager's client opened, so a test can cut one as a network loss would. */
const sockets: WebSocket[] = []
class RecordingWebSocket extends WebSocket {
  constructor(url: string) {
    super(url)
    sockets.push(this)
  }
}

beforeEach(async () => {
  skewMs = 0
  branches.length = 0
  sockets.length = 0
  for (const callback of Object.values(listener)) callback.mockClear()
  // The one change an app makes besides the import: Chatgate's url in a fourth argument.
  const init = await TencentImSDKPlugin.v2TIMManager.initSDK(
    dev.SDKAppID,
    LogLevelEnum.V2TIM_LOG_NONE,
    listener,
    { url: dev.wsUrl, WebSocket: RecordingWebSocket },
  )
  expect(init).toEqual({ code: 0, desc: 'ok', data: true })
})
afterEach(() => TencentImSDKPlugin.v2TIMManager.unInitSDK())

// ---- The samples, as the seed prints them ----

/** "Login" */
async function loginSample(yourUserID: string, userSigFromYourServer: string) {
  const userID = yourUserID
  const userSig = userSigFromYourServer
  const res = await TencentImSDKPlugin.v2TIMManager.login(userID, userSig)
  if (res.code == 0) {
    // Logic for successful login
    reached('Logic for successful login')
  } else {
    // Logic for failed login
    reached('Logic for failed login')
  }
  return res
}

/** "Getting the UserID" */
async function getLoginUserSample() {
  let userID: string | undefined
  // Get the `UserID` of the logged-in user
  const getLoginUserRes = await TencentImSDKPlugin.v2TIMManager.getLoginUser()
  if (getLoginUserRes.code == 0) {
    userID = getLoginUserRes.data
  }
  return userID
}

/** "Getting the login status" */
async function getLoginStatusSample() {
  const getLoginStatusRes = await TencentImSDKPlugin.v2TIMManager.getLoginStatus()
  if (getLoginStatusRes.code == 0) {
    const status = getLoginStatusRes.data
    if (status == 0) {
      // Logged in
      reached('Logged in')
    } else if (status == 1) {
      // Logging in
      reached('Logging in')
    } else if (status == 2) {
      // Not logged in
      reached('Not logged in')
    }
  }
}

/** "Logout" */
async function logoutSample() {
  const logoutRes = await TencentImSDKPlugin.v2TIMManager.logout()
  if (logoutRes.code == 0) {
    reached('logged out')
  }
  return logoutRes
}

// ---- The tests ----

async function online(userID: string): Promise<string> {
  const [result] = await dev.onlineStatus([userID])
  return result?.Status ?? 'missing'
}

describe('the React Native seed’s samples over @chatgate/v2tim', () => {
  test('login, getLoginUser, getLoginStatus in each of its three branches, logout', async () => {
    await getLoginStatusSample()
    expect(branches).toEqual(['Not logged in'])
    expect(await getLoginUserSample()).toBe('')

    // A login in flight: the status sample takes its "Logging in" branch.
    const running = loginSample('rn_amy', dev.sign('rn_amy'))
    await getLoginStatusSample()
    expect(await running).toEqual({ code: 0, desc: 'ok' })
    await getLoginStatusSample()
    expect(branches).toEqual([
      'Not logged in',
      'Logging in',
      'Logic for successful login',
      'Logged in',
    ])
    expect(await getLoginUserSample()).toBe('rn_amy')
    expect(await online('rn_amy')).toBe('Online')
    expect(listener.onConnecting).toHaveBeenCalledTimes(1)
    expect(listener.onConnectSuccess).toHaveBeenCalledTimes(1)

    branches.length = 0
    expect(await logoutSample()).toEqual({ code: 0, desc: 'ok' })
    await getLoginStatusSample()
    expect(branches).toEqual(['logged out', 'Not logged in'])
    expect(await getLoginUserSample()).toBe('')
    expect(await online('rn_amy')).toBe('Offline')
    expect(listener.onConnectFailed).not.toHaveBeenCalled()
  })

  test('a refusal resolves with its code, never rejects: logout when logged out, a bad ticket', async () => {
    expect(await logoutSample()).toEqual({ code: 2024, desc: expect.any(String) })
    const res = await loginSample('rn_ben', 'not-a-user-sig')
    expect(res.code).toBeGreaterThanOrEqual(70000)
    expect(res.desc).toEqual(expect.any(String))
    expect(branches).toEqual(['Logic for failed login'])
    // A UserID the server could never accept is refused before any traffic.
    expect(await TencentImSDKPlugin.v2TIMManager.login('not a user id', 'sig')).toEqual({
      code: 90006,
      desc: expect.any(String),
    })
    expect(sockets).toHaveLength(1)
  })

  test('a ticket expired at login answers 70001, as the seed says', async () => {
    const userSig = dev.sign('rn_cat', 60)
    skewMs = 120_000
    expect(await loginSample('rn_cat', userSig)).toEqual({ code: 70001, desc: expect.any(String) })
    expect(branches).toEqual(['Logic for failed login'])
  })

  test('account switch: logging bob in while alice is logged in switches, without a logout call', async () => {
    await loginSample('rn_alice', dev.sign('rn_alice'))
    await loginSample('rn_bob', dev.sign('rn_bob'))
    expect(branches).toEqual(['Logic for successful login', 'Logic for successful login'])
    expect(await getLoginUserSample()).toBe('rn_bob')
    expect(await online('rn_alice')).toBe('Offline')
    expect(await online('rn_bob')).toBe('Online')
  })

  test('a repeated login while one runs is harmless: one session, both answer 0', async () => {
    const [first, second] = await Promise.all([
      loginSample('rn_dan', dev.sign('rn_dan')),
      loginSample('rn_dan', dev.sign('rn_dan')),
    ])
    expect(first).toEqual({ code: 0, desc: 'ok' })
    expect(second).toEqual({ code: 0, desc: 'ok' })
    expect(sockets).toHaveLength(1)
    const [status] = await dev.onlineStatus(['rn_dan'])
    expect(status?.Detail).toHaveLength(1)
  })

  test('onKickedOffline when a second instance of the account pushes this one out', async () => {
    await loginSample('rn_eve', dev.sign('rn_eve'))
    const second = new V2TIMManager()
    await second.initSDK(dev.SDKAppID, LogLevelEnum.V2TIM_LOG_NONE, undefined, {
      url: dev.wsUrl,
      WebSocket,
    })
    expect(await second.login('rn_eve', dev.sign('rn_eve'))).toEqual({ code: 0, desc: 'ok' })
    await vi.waitFor(() => expect(listener.onKickedOffline).toHaveBeenCalledTimes(1))
    expect(listener.onUserSigExpired).not.toHaveBeenCalled()
    await getLoginStatusSample()
    expect(branches.at(-1)).toBe('Not logged in')
    // The seed: "you can prompt the user and call login to log in again".
    expect(await loginSample('rn_eve', dev.sign('rn_eve'))).toEqual({ code: 0, desc: 'ok' })
    await second.unInitSDK()
  })

  test('onUserSigExpired when a short ticket runs out while online', async () => {
    await loginSample('rn_fay', dev.sign('rn_fay', 60))
    skewMs = 120_000
    await vi.waitFor(() => expect(listener.onUserSigExpired).toHaveBeenCalledTimes(1))
    expect(listener.onKickedOffline).not.toHaveBeenCalled()
    await getLoginStatusSample()
    expect(branches.at(-1)).toBe('Not logged in')
  })

  test('after a dropped connection no login is needed: onConnecting, then onConnectSuccess', async () => {
    await loginSample('rn_gus', dev.sign('rn_gus'))
    listener.onConnecting.mockClear()
    listener.onConnectSuccess.mockClear()
    sockets.at(-1)!.terminate()
    await vi.waitFor(() => expect(listener.onConnectSuccess).toHaveBeenCalledTimes(1), {
      timeout: 5000,
    })
    expect(listener.onConnecting).toHaveBeenCalled()
    expect(sockets.length).toBeGreaterThan(1)
    await getLoginStatusSample()
    expect(branches.at(-1)).toBe('Logged in')
    expect(await getLoginUserSample()).toBe('rn_gus')
  })

  test('onConnectFailed when the server cannot be reached; the login answers the network code', async () => {
    const closed = await startDevServer()
    const url = closed.wsUrl
    await closed.close()
    await TencentImSDKPlugin.v2TIMManager.initSDK(
      dev.SDKAppID,
      LogLevelEnum.V2TIM_LOG_NONE,
      listener,
      {
        url,
        WebSocket,
      },
    )
    const res = await loginSample('rn_ian', dev.sign('rn_ian'))
    expect(res.code).toBeGreaterThanOrEqual(2800)
    expect(res.code).toBeLessThan(2900)
    expect(listener.onConnecting).toHaveBeenCalledTimes(1)
    expect(listener.onConnectFailed).toHaveBeenCalledWith(res.code, res.desc)
    expect(listener.onConnectSuccess).not.toHaveBeenCalled()
  })

  test('a second initSDK replaces the first client, logged out', async () => {
    await loginSample('rn_jon', dev.sign('rn_jon'))
    const again = await TencentImSDKPlugin.v2TIMManager.initSDK(
      dev.SDKAppID,
      LogLevelEnum.V2TIM_LOG_NONE,
      listener,
      { url: dev.wsUrl, WebSocket },
    )
    expect(again).toEqual({ code: 0, desc: 'ok', data: true })
    await getLoginStatusSample()
    expect(branches.at(-1)).toBe('Not logged in')
    expect(await online('rn_jon')).toBe('Offline')
  })

  test('before initSDK and after unInitSDK: logged out, and a login says to call initSDK', async () => {
    const manager = new V2TIMManager()
    expect(await manager.getLoginStatus()).toEqual({ code: 0, desc: 'ok', data: 2 })
    expect(await manager.getLoginUser()).toEqual({ code: 0, desc: 'ok', data: '' })
    expect(await manager.login('rn_hal', dev.sign('rn_hal'))).toEqual({
      code: 2000,
      desc: 'Call initSDK first.',
    })
    expect(await manager.initSDK(0, LogLevelEnum.V2TIM_LOG_NONE)).toMatchObject({
      code: 2000,
      data: false,
    })
    expect(await manager.unInitSDK()).toEqual({ code: 0, desc: 'ok' })
    expect(await manager.unInitSDK()).toEqual({ code: 0, desc: 'ok' })
  })
})
