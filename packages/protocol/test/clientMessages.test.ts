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

  it("in Chinese it knows the SDK's codes only: Chatgate's own client codes name the code", () => {
    // Chatgate's client always gives 90006, 90009 and 90018 a message; leaving their Chinese
    // out of what clientMessage reads keeps them out of the Tencent adapter's bundle.
    for (const code of [90006, 90009, 90018]) {
      expect(clientMessage(code, 'zh-CN')).toBe(`错误码 ${code}`)
      expect(clientMessage(code, 'en')).toBe(englishMessage(code))
      expect(chineseMessage(code)).toBe(CLIENT_MESSAGES_ZH[code as keyof typeof CLIENT_MESSAGES_ZH])
    }
    for (const code of [2000, 3000, 3006, 6017, 6206]) {
      expect(clientMessage(code, 'zh-CN')).toBe(chineseMessage(code))
    }
  })

  it('any other code gets the text that names it, as englishMessage and chineseMessage do', () => {
    expect(clientMessage(12345, 'en')).toBe(englishMessage(12345))
    expect(clientMessage(12345, 'zh-CN')).toBe(chineseMessage(12345))
    expect(clientMessage(70001, 'en')).toBe('Error 70001')
  })
})
