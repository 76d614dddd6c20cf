import { type ChatError, type KickType, type Platform, USER_ID_INVALID } from '@chatgate/protocol'
import { appFailureReason } from './appFailure.js'
import { isRetryable } from './retryPolicy.js'

/** What a kicked-out dialog says for one kick type. */
export interface KickText {
  title: string
  text: string
}

/** Every text the kit shows. Pass any part of it to `ChatProvider` to override those. */
export interface ChatTexts {
  /** The login card's heading. */
  heading: string
  /** Under the heading when the gate or form has an `appName`; `{app}` stands for it. */
  continueTo: string
  userIDLabel: string
  logIn: string
  /** Beside the spinner while a login runs, and while a session is restored. */
  loggingIn: string
  logInAgain: string
  signOut: string
  signingOut: string
  /** While a silent login waits for the login server to come back. */
  reconnecting: string
  /** The button that tries again at once. */
  retry: string
  /** Shown before the app's reason when its `getUserSig` or `autoLogin` fails. */
  userSigFailed: string
  /** The network failed the login, or the server asked to come back later. */
  unreachable: string
  /** The UserID breaks the 1–32 `A-Z a-z 0-9 _ -` rule (checked before any request). */
  invalidUserID: string
  /** Too many logins or failed logins for a while (70050, 90013). */
  tooManyAttempts: string
  /** Any other refusal: the UserSig, the app or the account, which the user cannot fix. */
  refused: string
  kicked: Record<KickType, KickText>
  /** The kicked-out dialog's text when a login of the user's elsewhere caused the kick. */
  kickedByLogin: string
  /** The kicked-out dialog's text when the user signed this session out from another. */
  kickedByEnd: string
  /** SessionList's accessible name. */
  devices: string
  thisDevice: string
  /** A session whose login named no device. */
  unknownDevice: string
  /** `{time}`: the login's date and time. */
  signedIn: string
  /** `{time}`: when the session was last seen (coarse: the server updates it once a minute). */
  lastSeen: string
  signOutOthers: string
  /** The confirmation step of "Sign out all other devices". */
  confirmSignOutOthers: string
  cancel: string
  noOtherDevices: string
  loadingDevices: string
  /** The session list could not be loaded, or a device not signed out. */
  devicesFailed: string
  /** Platform words, beside the device. */
  platforms: Record<Platform, string>
  /** Texts by error code, over the texts above. */
  errors: Partial<Record<number, string>>
}

/**
 * What `ChatProvider`'s `texts` accepts: any subset, down to one field of one kick type,
 * e.g. `{ kicked: { multipleAccount: { title: '…' } } }`.
 */
export type ChatTextsOverrides = Partial<Omit<ChatTexts, 'kicked' | 'platforms'>> & {
  kicked?: { [T in KickType]?: Partial<KickText> }
  platforms?: Partial<Record<Platform, string>>
}

const EN: ChatTexts = {
  heading: 'Log in to chat',
  continueTo: 'to continue to {app}',
  userIDLabel: 'User ID',
  logIn: 'Log in',
  loggingIn: 'Logging in…',
  logInAgain: 'Log in again',
  signOut: 'Sign out',
  signingOut: 'Signing out…',
  reconnecting: 'Can’t reach the chat server. Trying again…',
  retry: 'Retry now',
  userSigFailed: 'Could not sign you in',
  unreachable: 'Can’t reach the chat server. Check your connection, then try again.',
  invalidUserID: 'A UserID is 1–32 letters, digits, _ or -.',
  tooManyAttempts: 'Too many attempts. Wait a minute, then try again.',
  refused: 'Login refused. Try again; if it keeps failing, contact support.',
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
    sessionEnded: {
      title: 'This device was signed out',
      text: 'You signed this device out from another one. Log in again to continue.',
    },
  },
  kickedByLogin: 'You signed in on {device}.',
  kickedByEnd: 'Signed out from {device}.',
  devices: 'Your devices',
  thisDevice: 'This device',
  unknownDevice: 'Unknown device',
  signedIn: 'Signed in {time}',
  lastSeen: 'Last seen {time}',
  signOutOthers: 'Sign out all other devices',
  confirmSignOutOthers: 'Sign out all other devices?',
  cancel: 'Cancel',
  noOtherDevices: 'No other devices.',
  loadingDevices: 'Loading devices…',
  devicesFailed: 'Couldn’t update your devices.',
  platforms: {
    web: 'Web',
    android: 'Android',
    iphone: 'iPhone',
    ipad: 'iPad',
    windows: 'Windows',
    macos: 'macOS',
    linux: 'Linux',
  },
  errors: {},
}

/**
 * The kit's own texts, in English. Other languages are entries of their own (e.g.
 * `@chatgate/react/zh-CN`), so an app ships only the words it shows.
 */
export const DEFAULT_TEXTS: ChatTexts = EN

/** The English texts with the app's texts laid over them, field by field. */
export function resolveTexts(overrides?: ChatTextsOverrides): ChatTexts {
  const base = EN
  if (!overrides) return base
  const kicked = { ...base.kicked }
  for (const type of Object.keys(overrides.kicked ?? {}) as KickType[]) {
    kicked[type] = { ...base.kicked[type], ...overrides.kicked?.[type] }
  }
  return {
    ...base,
    ...overrides,
    kicked,
    platforms: { ...base.platforms, ...overrides.platforms },
    errors: { ...base.errors, ...overrides.errors },
  }
}

/** A text with its one `{…}` placeholder filled (a function, so `$&` in a value stays as it is). */
export const fill = (template: string, value: string): string =>
  template.replace(/\{\w+\}/, () => value)

/**
 * The line a form shows for a failure, in plain words that say what to do: the app's own
 * reason when its `getUserSig` or `autoLogin` failed, else the app's text for the code, else
 * the text of the failure's kind (unreachable, bad UserID, too many attempts, refused).
 * `(code)` follows only when asked for.
 */
export function errorText(texts: ChatTexts, error: ChatError, showCode = false): string {
  const { code } = error
  const reason = appFailureReason(error)
  const text =
    reason !== undefined
      ? `${texts.userSigFailed}: ${reason}`
      : (texts.errors[code] ??
        (isRetryable(code)
          ? texts.unreachable
          : code === USER_ID_INVALID
            ? texts.invalidUserID
            : code === 70_050 || code === 90_013
              ? texts.tooManyAttempts
              : texts.refused))
  return showCode ? `${text} (${code})` : text
}
