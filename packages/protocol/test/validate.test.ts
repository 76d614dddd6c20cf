import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES, parseClientMessage, parseServerMessage } from '../src/index.js'

const login = {
  op: 'login',
  seq: 1,
  sdkAppID: 1400000001,
  userID: 'alice',
  userSig: 'eJx-sig',
  platform: 'web',
}
const codeOf = (value: unknown) => {
  const parsed = parseClientMessage(typeof value === 'string' ? value : JSON.stringify(value))
  return parsed.ok ? 0 : parsed.error.code
}

describe('parseClientMessage', () => {
  it('accepts a login and drops unknown fields', () => {
    const parsed = parseClientMessage(JSON.stringify({ ...login, extra: 1, resume: 'abc' }))
    expect(parsed).toEqual({ ok: true, message: { ...login, resume: 'abc' } })
  })

  it('accepts renew, logout and ping', () => {
    expect(codeOf({ op: 'renew', seq: 2, userSig: 'x' })).toBe(0)
    expect(codeOf({ op: 'logout', seq: 3 })).toBe(0)
    expect(codeOf({ op: 'ping', seq: 4 })).toBe(0)
  })

  it('refuses each malformed login field with its code', () => {
    expect(codeOf('{not json')).toBe(ERROR_CODES.INVALID_JSON)
    expect(codeOf([1])).toBe(ERROR_CODES.INVALID_FRAME)
    expect(codeOf({ seq: 1 })).toBe(ERROR_CODES.INVALID_FRAME)
    expect(codeOf({ ...login, seq: -1 })).toBe(ERROR_CODES.INVALID_FRAME)
    expect(codeOf({ ...login, op: 'dance' })).toBe(ERROR_CODES.UNKNOWN_OPERATION)
    expect(codeOf({ ...login, sdkAppID: undefined })).toBe(ERROR_CODES.SDK_APP_ID_MISSING)
    expect(codeOf({ ...login, sdkAppID: '1400000001' })).toBe(ERROR_CODES.INVALID_PARAMETERS)
    expect(codeOf({ ...login, userID: '' })).toBe(ERROR_CODES.USER_ID_MISSING)
    expect(codeOf({ ...login, userID: 'a b' })).toBe(ERROR_CODES.USER_ID_INVALID)
    expect(codeOf({ ...login, userSig: '' })).toBe(ERROR_CODES.USER_SIG_EMPTY)
    expect(codeOf({ ...login, userSig: 5 })).toBe(ERROR_CODES.USER_SIG_MALFORMED)
    expect(codeOf({ ...login, userSig: 'x'.repeat(1025) })).toBe(ERROR_CODES.USER_SIG_MALFORMED)
    expect(codeOf({ ...login, platform: 'amiga' })).toBe(ERROR_CODES.INVALID_PARAMETERS)
    expect(codeOf({ ...login, resume: 'r'.repeat(65) })).toBe(ERROR_CODES.INVALID_PARAMETERS)
  })

  it('accepts a login that names its device, and the session requests', () => {
    const named = parseClientMessage(JSON.stringify({ ...login, device: 'Chrome on macOS' }))
    expect(named).toEqual({ ok: true, message: { ...login, device: 'Chrome on macOS' } })
    expect(codeOf({ ...login, device: 'd'.repeat(64) })).toBe(0)
    expect(codeOf({ ...login, device: 'Alice’s iPhone 📱' })).toBe(0)
    expect(codeOf({ op: 'getSessions', seq: 5 })).toBe(0)
    expect(codeOf({ op: 'endOtherSessions', seq: 6 })).toBe(0)
    expect(
      parseClientMessage(JSON.stringify({ op: 'endSession', seq: 7, sessionID: 'abc', x: 1 })),
    ).toEqual({ ok: true, message: { op: 'endSession', seq: 7, sessionID: 'abc' } })
  })

  it('refuses a device label that is too long, empty, padded, binary or directional', () => {
    for (const device of [
      'd'.repeat(65),
      '',
      ' Chrome',
      'Chrome\n',
      'Chr\u0000ome',
      'Chrome\u202eSOI',
      'half \ud83d',
      '\udcff tail',
      42,
      null,
    ]) {
      expect(codeOf({ ...login, device }), JSON.stringify(device)).toBe(
        ERROR_CODES.INVALID_PARAMETERS,
      )
    }
  })

  it('refuses an endSession without a sessionID of session-ID shape', () => {
    for (const sessionID of [undefined, '', 7, 's'.repeat(65), ['a']]) {
      expect(codeOf({ op: 'endSession', seq: 1, sessionID })).toBe(ERROR_CODES.INVALID_PARAMETERS)
    }
  })

  it('refuses frames over 16 KiB before parsing', () => {
    expect(codeOf(`"${'x'.repeat(16 * 1024)}"`)).toBe(ERROR_CODES.FRAME_TOO_LARGE)
  })

  it('never throws and always returns a code on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const parsed = parseClientMessage(text)
          if (!parsed.ok) expect(typeof parsed.error.code).toBe('number')
        },
      ),
    )
  })
})

const session = {
  sessionID: 'q3J9x',
  platform: 'android',
  device: 'Pixel 8',
  loginTime: 1,
  lastActiveTime: 2,
  address: '203.0.113.7',
  current: false,
}

describe('parseServerMessage', () => {
  it('accepts every server message and refuses wrong shapes', () => {
    const good = [
      { op: 'ready', seq: 1, sessionId: 's', userID: 'alice', expiresAt: 1, resumed: false },
      { op: 'renewed', seq: 1, expiresAt: 2 },
      { op: 'loggedOut', seq: 1 },
      { op: 'pong', seq: 1 },
      { op: 'kicked', type: 'multipleAccount' },
      { op: 'kicked', type: 'sessionEnded', by: { platform: 'web', device: 'Chrome on Windows' } },
      { op: 'sessions', seq: 1, sessions: [session] },
      { op: 'sessions', seq: 1, sessions: [] },
      { op: 'sessionsEnded', seq: 1, ended: 2 },
      { op: 'error', code: 70001, message: 'expired' },
    ]
    for (const m of good) expect(parseServerMessage(JSON.stringify(m)).ok, m.op).toBe(true)
    const bad = [
      { op: 'ready', seq: 1, sessionId: '', userID: 'alice', expiresAt: 1, resumed: false },
      { op: 'kicked', type: 'somethingElse' },
      { op: 'kicked', type: 'multipleDevice', by: { platform: 'amiga', device: 'x' } },
      { op: 'sessions', seq: 1, sessions: [{ ...session, current: 'yes' }] },
      { op: 'sessions', seq: 1, sessions: {} },
      { op: 'sessionsEnded', seq: 1, ended: -1 },
      { op: 'error', code: '70001', message: 'x' },
      { op: 'welcome' },
    ]
    for (const m of bad) expect(parseServerMessage(JSON.stringify(m)).ok, m.op).toBe(false)
  })
})
