import { ChatError } from './chatError.js'
import {
  CLIENT_DESTROYED,
  CLIENT_USER_SIG_EXPIRED,
  INVALID_PARAMETERS,
  NETWORK_ERROR,
  NOT_LOGGED_IN,
  NOT_READY_KICKED_MULTIPLE_ACCOUNT,
  NOT_READY_KICKED_MULTIPLE_DEVICE,
  NOT_READY_KICKED_REST_API,
  NOT_READY_LOGGED_OUT,
  NOT_READY_LOGGING_IN,
  NOT_READY_LOGIN_FAILED,
  NOT_READY_SESSION_ENDED,
  NOT_READY_USER_SIG_EXPIRED,
  REQUEST_TIMEOUT,
  SDK_APP_ID_MISSING,
  USER_ID_INVALID,
  USER_ID_MISSING,
  USER_SIG_MISSING,
} from './clientCodes.js'
import { CLIENT_MESSAGES_EN } from './clientErrors.js'
import { CLIENT_MESSAGES_ZH, type Locale, unknownCodeMessage } from './clientMessages.js'

/**
 * Every error code Chatgate uses, client and server side.
 *
 * The 2xxx–6xxx and 60xxx–70xxx codes keep the numbers of Tencent Cloud Chat so code
 * written against it carries over. Codes of 90000 and above are Chatgate's own, for
 * conditions the original has no code for (protocol errors, registry outages).
 */
export const ERROR_CODES = {
  SDK_APP_ID_MISSING,
  USER_ID_MISSING,
  USER_SIG_MISSING,
  NOT_LOGGED_IN,
  LOGIN_IN_PROGRESS: 2025,
  NETWORK_ERROR,
  REQUEST_TIMEOUT,
  NO_NETWORK: 2805,
  SDK_NOT_READY: 2999,
  NOT_READY_LOGGING_IN,
  NOT_READY_LOGIN_FAILED,
  NOT_READY_KICKED_MULTIPLE_DEVICE,
  NOT_READY_KICKED_MULTIPLE_ACCOUNT,
  NOT_READY_USER_SIG_EXPIRED,
  NOT_READY_LOGGED_OUT,
  NOT_READY_KICKED_REST_API,
  INVALID_PARAMETERS,
  CLIENT_USER_SIG_EXPIRED,
  APP_DISABLED: 60020,
  USER_SIG_EXPIRED: 70001,
  USER_SIG_EMPTY: 70002,
  USER_SIG_BAD_SIGNATURE: 70003,
  USER_SIG_BAD_SIGNATURE_ALT: 70005,
  USER_SIG_OTHER_APP_KEY: 70009,
  USER_SIG_USER_ID_MISMATCH: 70013,
  USER_SIG_SDK_APP_ID_MISMATCH: 70014,
  APP_KEY_NOT_FOUND: 70016,
  SDK_APP_ID_NOT_FOUND: 70020,
  TOO_MANY_FAILED_LOGINS: 70050,
  ACCOUNT_BLOCKLISTED: 70051,
  USER_SIG_MALFORMED: 70052,
  INVALID_FRAME: 90000,
  INVALID_JSON: 90001,
  UNKNOWN_OPERATION: 90002,
  FRAME_TOO_LARGE: 90003,
  LOGIN_TIMEOUT: 90004,
  REGISTRY_UNAVAILABLE: 90005,
  USER_ID_INVALID,
  NOT_ADMIN: 90007,
  SERVER_SHUTTING_DOWN: 90008,
  CLIENT_DESTROYED,
  INTERNAL_ERROR: 90010,
  SEND_BUFFER_FULL: 90011,
  TOO_MANY_REQUESTS: 90012,
  TOO_MANY_LOGINS: 90013,
  USER_SIG_REVOKED: 90014,
  USER_SIG_LIFETIME_TOO_LONG: 90015,
  TOO_MANY_CONNECTIONS: 90017,
  NOT_READY_SESSION_ENDED,
  NO_SUCH_SESSION: 90019,
  CURRENT_SESSION: 90020,
} as const

export type ErrorCodeName = keyof typeof ERROR_CODES
export type ErrorCode = (typeof ERROR_CODES)[ErrorCodeName]

// English and Chinese live in separate tables so a bundle that needs neither (the client
// core, which has its own few messages in clientErrors.ts) drops both. The English table
// is built by a call marked pure: a bare object spread counts as a side effect, and would
// keep it in every bundle of the built (single-file) dist.
const MESSAGES_EN: Record<ErrorCode, string> = /* @__PURE__ */ Object.assign(
  {},
  CLIENT_MESSAGES_EN,
  {
    2025: 'A login is already in progress.',
    2805: 'No network connection.',
    2999: 'The SDK is not ready.',
    60020: 'The app has no valid service plan.',
    70001: 'The UserSig has expired. Get a new one.',
    70002: 'The UserSig is empty.',
    70003: 'The UserSig signature check failed.',
    70005: 'The UserSig signature check failed.',
    70009: 'The UserSig was made with another app’s key.',
    70013: 'The UserID does not match the UserSig.',
    70014: 'The SDKAppID does not match the UserSig.',
    70016: 'No key was found for this SDKAppID.',
    70020: 'The SDKAppID was not found.',
    70050: 'Too many failed logins. Try again in a minute.',
    70051: 'This account is blocklisted.',
    70052: 'The UserSig is malformed.',
    90000: 'The message is malformed.',
    90001: 'The message is not valid JSON.',
    90002: 'Unknown operation.',
    90003: 'The message is larger than 16 KiB.',
    90004: 'No login arrived in time.',
    90005: 'The session registry is unavailable. Try again shortly.',
    90007: 'The identifier is not the app’s admin.',
    90008: 'The server is shutting down. Reconnect.',
    90010: 'Internal server error.',
    90011: 'The connection did not read its messages in time and was closed.',
    90012: 'Too many requests on this connection. Slow down.',
    90013: 'Too many logins for this UserID. Try again in a minute.',
    90014: 'This UserSig was issued before the account was kicked by the admin. Get a new UserSig.',
    90015:
      'The UserSig is valid for longer than this server accepts. Sign one with a shorter expiry.',
    90017: 'Too many connections. Try again later.',
    90019: 'No session of yours has this sessionID.',
    90020: 'This is the session you are using. Log out instead.',
  },
)

const MESSAGES_ZH: Record<ErrorCode, string> = /* @__PURE__ */ Object.assign(
  {},
  CLIENT_MESSAGES_ZH,
  {
    2025: '正在登录中。',
    2805: '当前无网络。',
    2999: 'SDK 未处于 ready 状态。',
    60020: '应用未购买套餐包或套餐包已过期。',
    70001: 'UserSig 已过期，请重新生成。',
    70002: 'UserSig 为空。',
    70003: 'UserSig 校验失败。',
    70005: 'UserSig 校验失败。',
    70009: 'UserSig 使用了其他应用的密钥生成。',
    70013: '请求中的 UserID 与 UserSig 中的不一致。',
    70014: '请求中的 SDKAppID 与 UserSig 中的不一致。',
    70016: '未找到该 SDKAppID 对应的密钥。',
    70020: 'SDKAppID 不存在。',
    70050: '登录失败次数过多，请一分钟后重试。',
    70051: '该账号已被拉入黑名单。',
    70052: 'UserSig 格式错误。',
    90000: '消息格式错误。',
    90001: '消息不是合法的 JSON。',
    90002: '未知操作。',
    90003: '消息超过 16 KiB。',
    90004: '未在规定时间内登录。',
    90005: '会话存储不可用，请稍后重试。',
    90007: 'identifier 不是该应用的管理员。',
    90008: '服务器正在关闭，请重新连接。',
    90010: '服务器内部错误。',
    90011: '连接未及时读取消息，已被关闭。',
    90012: '该连接请求过于频繁，请降低频率。',
    90013: '该 UserID 登录过于频繁，请一分钟后重试。',
    90014: '该 UserSig 签发于管理员踢下线之前，已失效，请重新生成 UserSig。',
    90015: 'UserSig 有效期超过服务器允许的上限，请生成有效期更短的 UserSig。',
    90017: '连接数过多，请稍后重试。',
    90019: '您的会话中没有该 sessionID。',
    90020: '这是您当前使用的会话，请改用登出。',
  },
)

/** The English message of a code; unknown codes get a generic text naming the code. */
export function englishMessage(code: number): string {
  return MESSAGES_EN[code as ErrorCode] ?? unknownCodeMessage(code, 'en')
}

/**
 * The Simplified Chinese message of a code; unknown codes get a generic text naming the
 * code. Apart from `errorMessage`, so a bundle that shows only Chinese texts of its own
 * (the React kit, whose English comes with each error) leaves out the English table.
 */
export function chineseMessage(code: number): string {
  return MESSAGES_ZH[code as ErrorCode] ?? unknownCodeMessage(code, 'zh-CN')
}

/** The message of a code in a locale; unknown codes get a generic text naming the code. */
export function errorMessage(code: number, locale: Locale = 'en'): string {
  return locale === 'en' ? englishMessage(code) : chineseMessage(code)
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'number' && code in MESSAGES_EN
}

/** A `ChatError` with the code's English message unless given one. */
export function chatError(code: ErrorCode, message: string = englishMessage(code)): ChatError {
  return new ChatError(code, message)
}
