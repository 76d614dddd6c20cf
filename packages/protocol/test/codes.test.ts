import { describe, expect, it } from 'vitest'
import {
  chineseMessage,
  ERROR_CODES,
  englishMessage,
  errorMessage,
  isErrorCode,
  KICK_TYPES,
  notReadyCodeForKick,
} from '../src/index.js'

// Every code listed in the reference of Tencent Cloud Chat's login facts.
const REFERENCE_CODES = [
  2000, 2002, 2003, 2024, 2025, 2800, 2801, 2805, 2999, 3000, 3001, 3002, 3003, 3004, 3005, 3006,
  6017, 6206, 60020, 70001, 70002, 70003, 70005, 70009, 70013, 70014, 70016, 70020, 70050, 70051,
  70052,
]

describe('error codes', () => {
  it('keeps every reference code', () => {
    const values = new Set<number>(Object.values(ERROR_CODES))
    expect(REFERENCE_CODES.filter((c) => !values.has(c))).toEqual([])
  })

  it('has an English and a Chinese message for every code, and they differ', () => {
    for (const code of Object.values(ERROR_CODES)) {
      const en = errorMessage(code, 'en')
      const zh = errorMessage(code, 'zh-CN')
      expect(en, `en ${code}`).not.toMatch(/^Error /)
      expect(zh, `zh ${code}`).not.toMatch(/^错误码/)
      expect(zh).not.toBe(en)
      expect(/[\u4e00-\u9fff]/.test(zh), `zh ${code} is Chinese`).toBe(true)
    }
  })

  it('names unknown codes instead of failing', () => {
    expect(englishMessage(12345)).toBe('Error 12345')
    expect(errorMessage(12345, 'zh-CN')).toBe('错误码 12345')
    expect(chineseMessage(12345)).toBe('错误码 12345')
    expect(chineseMessage(70001)).toBe(errorMessage(70001, 'zh-CN'))
    expect(isErrorCode(12345)).toBe(false)
    expect(isErrorCode(70001)).toBe(true)
  })

  it('maps each kick type to its not-ready code', () => {
    expect(notReadyCodeForKick(KICK_TYPES.KICKED_OUT_MULT_DEVICE)).toBe(3002)
    expect(notReadyCodeForKick(KICK_TYPES.KICKED_OUT_MULT_ACCOUNT)).toBe(3003)
    expect(notReadyCodeForKick(KICK_TYPES.KICKED_OUT_USERSIG_EXPIRED)).toBe(3004)
    expect(notReadyCodeForKick(KICK_TYPES.KICKED_OUT_REST_API)).toBe(3006)
  })
})
