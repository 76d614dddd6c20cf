import { type ChatError, chineseMessage, type KickType, type Locale } from '@chatgate/protocol'
import { kickTypeOf } from './kickMark.js'
import { userSigFailureReason } from './userSigFailure.js'

/** What a kicked-out dialog says for one kick type. */
export interface KickText {
  title: string
  text: string
}

/** Every text the kit shows. Pass any part of it to `ChatProvider` to override those. */
export interface ChatTexts {
  /** The login card's heading. */
  heading: string
  userIDLabel: string
  logIn: string
  /** Beside the spinner while a login runs, and while a session is restored. */
  loggingIn: string
  logInAgain: string
  signOut: string
  signingOut: string
  /** Shown before the reason when the app's `getUserSig` fails. */
  userSigFailed: string
  kicked: Record<KickType, KickText>
  /**
   * Texts by error code. Codes missing here show the error's own message in English (the
   * server's words, often more precise than the code's), the protocol's message in Chinese.
   */
  errors: Partial<Record<number, string>>
}

/**
 * What `ChatProvider`'s `texts` accepts: any subset, down to one field of one kick type,
 * e.g. `{ kicked: { multipleAccount: { title: '…' } } }`.
 */
export type ChatTextsOverrides = Partial<Omit<ChatTexts, 'kicked'>> & {
  kicked?: { [T in KickType]?: Partial<KickText> }
}

const EN: ChatTexts = {
  heading: 'Log in to chat',
  userIDLabel: 'User ID',
  logIn: 'Log in',
  loggingIn: 'Logging in…',
  logInAgain: 'Log in again',
  signOut: 'Sign out',
  signingOut: 'Signing out…',
  userSigFailed: 'Could not get a UserSig',
  kicked: {
    multipleAccount: {
      title: 'Logged in on another page',
      text: 'Your account was opened on another web page, so this page was signed out.',
    },
    multipleDevice: {
      title: 'Logged in on another device',
      text: 'Your account was signed in on another device, so this one was signed out.',
    },
    userSigExpired: {
      title: 'Your session expired',
      text: 'Your login ticket expired. Log in again to continue.',
    },
    REST_API_Kick: {
      title: 'Signed out by an administrator',
      text: 'An administrator signed your account out. Log in again to continue.',
    },
  },
  errors: {},
}

const ZH_CN: ChatTexts = {
  heading: '登录聊天',
  userIDLabel: '用户 ID',
  logIn: '登录',
  loggingIn: '正在登录…',
  logInAgain: '重新登录',
  signOut: '退出登录',
  signingOut: '正在退出…',
  userSigFailed: '无法获取 UserSig',
  kicked: {
    multipleAccount: {
      title: '账号已在其他页面登录',
      text: '您的账号在另一个网页上登录，本页面已下线。',
    },
    multipleDevice: {
      title: '账号已在其他设备登录',
      text: '您的账号在另一台设备上登录，本设备已下线。',
    },
    userSigExpired: {
      title: '登录已过期',
      text: '登录凭证已过期，请重新登录后继续。',
    },
    REST_API_Kick: {
      title: '已被管理员强制下线',
      text: '管理员已将您的账号下线，请重新登录后继续。',
    },
  },
  errors: {},
}

export const DEFAULT_TEXTS: Record<Locale, ChatTexts> = { en: EN, 'zh-CN': ZH_CN }

/** The texts of a locale with the app's overrides laid over them, field by field. */
export function resolveTexts(locale: Locale, overrides?: ChatTextsOverrides): ChatTexts {
  const base = DEFAULT_TEXTS[locale]
  if (!overrides) return base
  const kicked = { ...base.kicked }
  for (const type of Object.keys(overrides.kicked ?? {}) as KickType[]) {
    kicked[type] = { ...base.kicked[type], ...overrides.kicked?.[type] }
  }
  return { ...base, ...overrides, kicked, errors: { ...base.errors, ...overrides.errors } }
}

/**
 * The line a form shows for a failure: the app's text for the code, else the error's own
 * (English) message, or the protocol's Chinese one; a failing `getUserSig` shows its own
 * reason, a silent login held back by this tab's kick the kick's text. `(code)` follows
 * unless turned off.
 */
export function errorText(
  texts: ChatTexts,
  error: ChatError,
  locale: Locale,
  showCode = true,
): string {
  const reason = userSigFailureReason(error)
  const kickType = kickTypeOf(error)
  const text =
    reason !== undefined
      ? `${texts.userSigFailed}: ${reason}`
      : kickType
        ? texts.kicked[kickType].text
        : (texts.errors[error.code] ??
          (locale === 'en' ? error.message : chineseMessage(error.code)))
  return showCode ? `${text} (${error.code})` : text
}
