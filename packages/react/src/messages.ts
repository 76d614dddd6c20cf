import { errorMessage, type KickType, type Locale } from '@chatgate/protocol'

/** What a kicked-out dialog says for one kick type. */
export interface KickText {
  title: string
  text: string
}

/** Every text the kit shows. Pass a `Partial` of it to `ChatProvider` to override some. */
export interface ChatTexts {
  userIDLabel: string
  logIn: string
  logInAgain: string
  kicked: Record<KickType, KickText>
  /** Texts by error code; codes missing here fall back to the protocol's message. */
  errors: Partial<Record<number, string>>
}

const EN: ChatTexts = {
  userIDLabel: 'User ID',
  logIn: 'Log in',
  logInAgain: 'Log in again',
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
  userIDLabel: '用户 ID',
  logIn: '登录',
  logInAgain: '重新登录',
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

/** The texts of a locale with the app's overrides laid over them (`kicked` per type). */
export function resolveTexts(locale: Locale, overrides?: Partial<ChatTexts>): ChatTexts {
  const base = DEFAULT_TEXTS[locale]
  if (!overrides) return base
  return {
    ...base,
    ...overrides,
    kicked: { ...base.kicked, ...overrides.kicked },
    errors: { ...base.errors, ...overrides.errors },
  }
}

/** The text shown for an error code: the app's override, else the protocol's message. */
export function errorText(texts: ChatTexts, code: number, locale: Locale): string {
  return texts.errors[code] ?? errorMessage(code, locale)
}
