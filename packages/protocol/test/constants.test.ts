import { describe, expect, it } from 'vitest'
import {
  CLOSE_CODES,
  closeAction,
  EVENT,
  isValidUserID,
  KICK_TYPES,
  LOGIN_POLICIES,
  LOGIN_STATUS,
  maxInstancesLimit,
  NET_STATES,
  PLATFORMS,
} from '../src/index.js'

describe('TencentCloudChat string values', () => {
  it('keeps event names', () => {
    expect(EVENT).toMatchObject({
      SDK_READY: 'sdkStateReady',
      SDK_NOT_READY: 'sdkStateNotReady',
      KICKED_OUT: 'kickedOut',
      NET_STATE_CHANGE: 'netStateChange',
      ERROR: 'error',
      SDK_DESTROY: 'sdkDestroy',
    })
  })

  it('keeps kick types, net states and V2TIM login statuses', () => {
    expect(KICK_TYPES).toEqual({
      KICKED_OUT_MULT_ACCOUNT: 'multipleAccount',
      KICKED_OUT_MULT_DEVICE: 'multipleDevice',
      KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired',
      KICKED_OUT_REST_API: 'REST_API_Kick',
      // Chatgate's own: the user ended this session from another of theirs.
      KICKED_OUT_SESSION_ENDED: 'sessionEnded',
    })
    expect(NET_STATES).toEqual({
      NET_STATE_CONNECTED: 'connected',
      NET_STATE_CONNECTING: 'connecting',
      NET_STATE_DISCONNECTED: 'disconnected',
    })
    expect(LOGIN_STATUS).toEqual({ LOGINED: 1, LOGINING: 2, LOGOUT: 3 })
  })
})

describe('platforms and policies', () => {
  it('lists the seven platforms and four policies', () => {
    expect([...PLATFORMS]).toEqual([
      'web',
      'android',
      'iphone',
      'ipad',
      'windows',
      'macos',
      'linux',
    ])
    expect([...LOGIN_POLICIES]).toEqual([
      'single',
      'mobile-or-desktop+web',
      'mobile+desktop+web',
      'all',
    ])
  })

  it('bounds web at 10 and other platforms at 3', () => {
    expect(maxInstancesLimit('web')).toBe(10)
    for (const p of PLATFORMS.filter((p) => p !== 'web')) expect(maxInstancesLimit(p)).toBe(3)
  })
})

describe('close codes', () => {
  it('tells reconnect from stop', () => {
    expect(closeAction(CLOSE_CODES.GOING_AWAY)).toBe('reconnect')
    expect(closeAction(1006)).toBe('reconnect')
    expect(closeAction(CLOSE_CODES.TRY_AGAIN_LATER)).toBe('reconnect')
    expect(closeAction(CLOSE_CODES.LOGIN_TIMEOUT)).toBe('reconnect')
    for (const code of [
      'KICKED',
      'LOGGED_OUT',
      'LOGIN_REFUSED',
      'PROTOCOL_ERROR',
      'RATE_LIMITED',
      'MESSAGE_TOO_BIG',
      'POLICY_VIOLATION',
    ] as const) {
      expect(closeAction(CLOSE_CODES[code]), code).toBe('stop')
    }
  })
})

describe('UserID rule', () => {
  it('accepts 1–32 of A-Z a-z 0-9 _ -', () => {
    expect(isValidUserID('a')).toBe(true)
    expect(isValidUserID('Alice_01-x')).toBe(true)
    expect(isValidUserID('x'.repeat(32))).toBe(true)
  })

  it('refuses empty, long, non-ASCII and other characters', () => {
    for (const bad of [
      '',
      'x'.repeat(33),
      'ali ce',
      'alice@x',
      'é',
      '用户',
      'a.b',
      'a\n',
      42,
      null,
    ]) {
      expect(isValidUserID(bad), String(bad)).toBe(false)
    }
  })
})
