import { describe, expect, it } from 'vitest'
import {
  ChatError,
  CLIENT_MESSAGES_EN,
  clientError,
  ERROR_CODES,
  englishMessage,
  NETWORK_ERROR,
  NOT_READY_LOGGED_OUT,
  USER_ID_INVALID,
} from '../src/index.js'

describe('client error codes', () => {
  it('are the same codes and messages as ERROR_CODES and englishMessage', () => {
    expect(NETWORK_ERROR).toBe(ERROR_CODES.NETWORK_ERROR)
    expect(NOT_READY_LOGGED_OUT).toBe(ERROR_CODES.NOT_READY_LOGGED_OUT)
    expect(USER_ID_INVALID).toBe(ERROR_CODES.USER_ID_INVALID)
    const all = new Set<number>(Object.values(ERROR_CODES))
    for (const [code, message] of Object.entries(CLIENT_MESSAGES_EN)) {
      expect(all.has(Number(code)), `${code} is in ERROR_CODES`).toBe(true)
      expect(englishMessage(Number(code))).toBe(message)
    }
  })

  it('hold no server-side code (60000–79999 or Chatgate protocol errors)', () => {
    const codes = Object.keys(CLIENT_MESSAGES_EN).map(Number)
    expect(
      codes.filter(
        (code) => code >= 60_000 && code !== 90_006 && code !== 90_018 && code !== 90_009,
      ),
    ).toEqual([])
  })

  it('clientError carries the English message unless given one', () => {
    // ChatErrors are Errors: compare their fields (toEqual also compares the class).
    expect({ ...clientError(NETWORK_ERROR) }).toEqual({
      code: 2800,
      message: 'Network error.',
      data: {},
    })
    expect({ ...clientError(NETWORK_ERROR, 'Offline.') }).toEqual({
      code: 2800,
      message: 'Offline.',
      data: {},
    })
    expect(clientError(NETWORK_ERROR)).toBeInstanceOf(ChatError)
  })
})
