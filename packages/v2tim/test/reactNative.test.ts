/**
 * The `react-native` export condition (vitest.config.ts resolves as Metro does, with a
 * stand-in `react-native` whose Platform each test sets): `@chatgate/v2tim` is then the
 * React Native entry, which logs in as the device's own platform, as the native SDKs under
 * react-native-tim-js do (rule 38). Against the real server; the REST online-status query
 * shows the platform each instance logged in as.
 */

import { type DevServer, startDevServer } from '@chatgate/server/testing'
import { TencentImSDKPlugin, type V2TimSDKListener } from '@chatgate/v2tim'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import WebSocket from 'ws'
import { devicePlatform } from '../src/devicePlatform.js'
import { TencentImSDKPlugin as WebPlugin } from '../src/index.js'
import { Platform } from './reactNativeStandIn.js'

let dev: DevServer
beforeAll(async () => {
  // The server's default policy: `mobile-or-desktop+web`, one instance per platform.
  dev = await startDevServer()
})
afterAll(() => dev.close())
afterEach(async () => {
  await TencentImSDKPlugin.v2TIMManager.unInitSDK()
  await WebPlugin.v2TIMManager.unInitSDK()
})

const NONE = 0
const phone = TencentImSDKPlugin.v2TIMManager
const connection = () => ({ url: dev.wsUrl, WebSocket })

/** The platforms REST reports online for a user, e.g. ['iPhone']. */
async function onlinePlatforms(userID: string): Promise<string[]> {
  const [result] = await dev.onlineStatus([userID])
  return (result?.Detail ?? []).filter((d) => d.Status === 'Online').map((d) => d.Platform)
}

describe('devicePlatform', () => {
  test('iOS is iphone, or ipad on an iPad; Android, Windows and macOS are theirs; the rest web', () => {
    expect(devicePlatform({ OS: 'ios', isPad: false })).toBe('iphone')
    expect(devicePlatform({ OS: 'ios' })).toBe('iphone')
    expect(devicePlatform({ OS: 'ios', isPad: true })).toBe('ipad')
    expect(devicePlatform({ OS: 'android' })).toBe('android')
    expect(devicePlatform({ OS: 'windows' })).toBe('windows')
    expect(devicePlatform({ OS: 'macos' })).toBe('macos')
    expect(devicePlatform({ OS: 'web' })).toBe('web')
    expect(devicePlatform({ OS: 'visionos' })).toBe('web')
  })
})

describe('@chatgate/v2tim under the react-native condition', () => {
  test.each([
    { device: 'an iPhone', OS: 'ios', isPad: false, shown: 'iPhone' },
    { device: 'an Android phone', OS: 'android', isPad: undefined, shown: 'Android' },
    { device: 'an iPad', OS: 'ios', isPad: true, shown: 'iPad' },
  ])('on $device it logs in as $shown', async ({ OS, isPad, shown }) => {
    Object.assign(Platform, { OS, isPad })
    const userID = `rn_${shown.toLowerCase()}`
    await phone.initSDK(dev.SDKAppID, NONE, undefined, connection())
    expect(await phone.login(userID, dev.sign(userID))).toEqual({ code: 0, desc: 'ok' })
    expect(await onlinePlatforms(userID)).toEqual([shown])
  })

  test('platform in initSDK’s options still decides', async () => {
    Object.assign(Platform, { OS: 'android', isPad: undefined })
    await phone.initSDK(dev.SDKAppID, NONE, undefined, { ...connection(), platform: 'web' })
    await phone.login('rn_override', dev.sign('rn_override'))
    expect(await onlinePlatforms('rn_override')).toEqual(['Web'])
  })

  test('the web entry logs in as web', async () => {
    await WebPlugin.v2TIMManager.initSDK(dev.SDKAppID, NONE, undefined, connection())
    await WebPlugin.v2TIMManager.login('rn_browser', dev.sign('rn_browser'))
    expect(await onlinePlatforms('rn_browser')).toEqual(['Web'])
  })

  test('a phone login and a web login of one user both stay online under the default policy', async () => {
    Object.assign(Platform, { OS: 'ios', isPad: false })
    const phoneListener = { onKickedOffline: vi.fn() } satisfies Partial<V2TimSDKListener>
    const webListener = { onKickedOffline: vi.fn() } satisfies Partial<V2TimSDKListener>
    await phone.initSDK(dev.SDKAppID, NONE, phoneListener, connection())
    await WebPlugin.v2TIMManager.initSDK(dev.SDKAppID, NONE, webListener, connection())

    expect(await phone.login('rn_both', dev.sign('rn_both'))).toEqual({ code: 0, desc: 'ok' })
    expect(await WebPlugin.v2TIMManager.login('rn_both', dev.sign('rn_both'))).toEqual({
      code: 0,
      desc: 'ok',
    })
    expect((await onlinePlatforms('rn_both')).sort()).toEqual(['Web', 'iPhone'])
    expect((await phone.getLoginStatus()).data).toBe(0)
    expect((await WebPlugin.v2TIMManager.getLoginStatus()).data).toBe(0)
    expect(phoneListener.onKickedOffline).not.toHaveBeenCalled()
    expect(webListener.onKickedOffline).not.toHaveBeenCalled()
  })
})
