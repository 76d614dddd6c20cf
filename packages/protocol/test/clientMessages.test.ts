import { describe, expect, it } from 'vitest'
import {
  CLIENT_MESSAGES_EN,
  CLIENT_MESSAGES_ZH,
  chineseMessage,
  clientMessage,
  englishMessage,
} from '../src/index.js'

describe('client messages in both locales', () => {
  it('the Chinese table has every client code, and chineseMessage says the same', () => {
    expect(Object.keys(CLIENT_MESSAGES_ZH)).toEqual(Object.keys(CLIENT_MESSAGES_EN))
    for (const [code, message] of Object.entries(CLIENT_MESSAGES_ZH)) {
      expect(chineseMessage(Number(code))).toBe(message)
    }
  })

  it('clientMessage answers a client code in the locale asked', () => {
    expect(clientMessage(2801, 'en')).toBe(englishMessage(2801))
    expect(clientMessage(2024, 'en')).toBe('Not logged in.')
    expect(clientMessage(2801, 'zh-CN')).toBe('请求超时。')
    expect(clientMessage(2024, 'zh-CN')).toBe(chineseMessage(2024))
  })

  it('any other code gets the text that names it, as englishMessage and chineseMessage do', () => {
    expect(clientMessage(12345, 'en')).toBe(englishMessage(12345))
    expect(clientMessage(12345, 'zh-CN')).toBe(chineseMessage(12345))
    expect(clientMessage(70001, 'en')).toBe('Error 70001')
  })
})
