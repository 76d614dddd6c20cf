import type { ClientErrorCode } from './clientCodes.js'
import { CLIENT_MESSAGES_EN } from './clientErrors.js'

export type Locale = 'en' | 'zh-CN'

/*
 * The Chinese messages of the client's codes, beside the English ones of clientErrors.ts,
 * in a module of their own: a bundle that shows client-side errors in both languages
 * (`@chatgate/tencent`) takes these small tables and leaves out the server's messages.
 * `chineseMessage` of codes.ts is built from CLIENT_MESSAGES_ZH.
 */

/** The codes TencentCloudChat's SDK raises itself (and Chatgate's client too). */
const SDK_MESSAGES_ZH = {
  2000: '缺少 SDKAppID。',
  2002: '缺少 UserID。',
  2003: '缺少 UserSig。',
  2024: '未登录。',
  2800: '网络错误。',
  2801: '请求超时。',
  3000: 'SDK 未就绪：正在登录。',
  3001: 'SDK 未就绪：登录失败。',
  3002: 'SDK 未就绪：账号在其他终端登录，被踢下线。',
  3003: 'SDK 未就绪：账号在其他页面登录，被踢下线。',
  3004: 'SDK 未就绪：UserSig 已过期。',
  3005: 'SDK 未就绪：已登出。',
  3006: 'SDK 未就绪：被管理员通过 REST API 踢下线。',
  6017: '参数无效。',
  6206: 'UserSig 已过期。',
} satisfies Partial<Record<ClientErrorCode, string>>

/** Every client code: the SDK's, and Chatgate's own, which only Chatgate's client raises. */
export const CLIENT_MESSAGES_ZH: Record<ClientErrorCode, string> = /* @__PURE__ */ Object.assign(
  {},
  SDK_MESSAGES_ZH,
  {
    90006: 'UserID 须为 1–32 个字母、数字、下划线或连字符。',
    90009: '该实例已销毁。',
    90018: 'SDK 未就绪：已在您的其他设备上退出此设备的登录。',
  },
)

/** The text of a code no table has: it names the code. */
export const unknownCodeMessage = (code: number, locale: Locale): string =>
  locale === 'en' ? `Error ${code}` : `错误码 ${code}`

/**
 * The message of a client-side code in a locale, from these tables alone; other codes get
 * the text that names the code. For failures that come without a message of their own:
 * the SDK's own errors. In Chinese it knows the SDK's codes only (Chatgate's client gives
 * its 90006, 90009 and 90018 a message always), so a bundle that calls it leaves Chatgate's
 * Chinese texts out.
 */
export function clientMessage(code: number, locale: Locale): string {
  const table: Partial<Record<number, string>> =
    locale === 'en' ? CLIENT_MESSAGES_EN : SDK_MESSAGES_ZH
  return table[code] ?? unknownCodeMessage(code, locale)
}
