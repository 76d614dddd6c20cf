/**
 * The listener's connection callbacks around logins that do not succeed: every
 * `onConnecting` ends with `onConnectSuccess` or `onConnectFailed(code, desc)`, so an app
 * that shows "connecting…" never waits forever. Against the real server.
 */
import { type DevServer, startDevServer } from '@chatgate/server/testing'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import WebSocket from 'ws'
import { V2TIMManager, type V2TimSDKListener } from '../src/index.js'

let dev: DevServer
let skewMs = 0
beforeAll(async () => {
  dev = await startDevServer({ server: { now: () => Date.now() + skewMs } })
})
afterAll(() => dev.close())
afterEach(() => {
  skewMs = 0
})

/** A manager whose listener writes each callback, with its arguments, into `calls`. */
async function recordingManager(SDKAppID = dev.SDKAppID) {
  const calls: string[] = []
  const listener: Partial<V2TimSDKListener> = {
    onConnecting: () => calls.push('onConnecting'),
    onConnectSuccess: () => calls.push('onConnectSuccess'),
    onConnectFailed: (code, desc) => calls.push(`onConnectFailed ${code} ${desc}`),
    onKickedOffline: () => calls.push('onKickedOffline'),
    onUserSigExpired: () => calls.push('onUserSigExpired'),
  }
  const manager = new V2TIMManager()
  await manager.initSDK(SDKAppID, 0, listener, { url: dev.wsUrl, WebSocket })
  return { manager, calls }
}

describe('a login the server refuses ends with onConnectFailed and the refusal’s code', () => {
  test.each([
    ['a malformed UserSig', 'cb_malformed', () => 'not-a-user-sig'],
    ['another user’s UserSig', 'cb_mismatch', () => dev.sign('cb_someone_else')],
    [
      'an expired UserSig',
      'cb_expired',
      () => {
        const sig = dev.sign('cb_expired', 60)
        skewMs = 120_000
        return sig
      },
    ],
  ])('%s', async (_, userID, userSig) => {
    const { manager, calls } = await recordingManager()
    const res = await manager.login(userID, userSig())
    expect(res.code).toBeGreaterThanOrEqual(70_000)
    expect(calls).toEqual(['onConnecting', `onConnectFailed ${res.code} ${res.desc}`])
    await manager.unInitSDK()
  })

  test('a UserSig issued before the admin’s kick', async () => {
    const { manager, calls } = await recordingManager()
    const before = dev.sign('cb_revoked')
    await dev.kick('cb_revoked')
    const res = await manager.login('cb_revoked', before)
    expect(res.code).toBe(90_014)
    expect(calls).toEqual(['onConnecting', `onConnectFailed 90014 ${res.desc}`])
    await manager.unInitSDK()
  })

  test('an SDKAppID the server does not know', async () => {
    const { manager, calls } = await recordingManager(dev.SDKAppID + 1)
    const res = await manager.login('cb_other_app', dev.sign('cb_other_app'))
    expect(res.code).toBeGreaterThanOrEqual(70_000)
    expect(calls).toEqual(['onConnecting', `onConnectFailed ${res.code} ${res.desc}`])
    await manager.unInitSDK()
  })
})

describe('a login that something else ends', () => {
  test('logout while it runs: onConnectFailed 3005, as the login answers', async () => {
    const { manager, calls } = await recordingManager()
    const login = manager.login('cb_logout', dev.sign('cb_logout'))
    expect(await manager.logout()).toEqual({ code: 0, desc: 'ok' })
    const res = await login
    expect(res.code).toBe(3005)
    expect(calls).toEqual(['onConnecting', `onConnectFailed 3005 ${res.desc}`])
    await manager.unInitSDK()
  })

  test('another user’s login while it runs: the first fails with 3005, the second connects', async () => {
    const { manager, calls } = await recordingManager()
    const first = manager.login('cb_first', dev.sign('cb_first'))
    const second = manager.login('cb_second', dev.sign('cb_second'))
    const [firstRes, secondRes] = await Promise.all([first, second])
    expect(firstRes.code).toBe(3005)
    expect(secondRes).toEqual({ code: 0, desc: 'ok' })
    expect(calls).toEqual([
      'onConnecting',
      `onConnectFailed 3005 ${firstRes.desc}`,
      'onConnecting',
      'onConnectSuccess',
    ])
    await manager.unInitSDK()
  })

  test('a UserID refused before any traffic calls neither', async () => {
    const { manager, calls } = await recordingManager()
    expect((await manager.login('not a user id', 'sig')).code).toBe(90_006)
    expect(calls).toEqual([])
    await manager.unInitSDK()
  })

  test('logout and a kick after a login that succeeded call no onConnectFailed', async () => {
    const { manager, calls } = await recordingManager()
    await manager.login('cb_after', dev.sign('cb_after'))
    await manager.logout()
    await manager.login('cb_after', dev.sign('cb_after'))
    await dev.kick('cb_after')
    await expect.poll(() => calls.at(-1)).toBe('onKickedOffline')
    expect(calls).toEqual([
      'onConnecting',
      'onConnectSuccess',
      'onConnecting',
      'onConnectSuccess',
      'onKickedOffline',
    ])
    await manager.unInitSDK()
  })
})
