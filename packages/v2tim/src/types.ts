import type { Platform, WebSocketConstructor } from '@chatgate/core'
import type { LoginStatusValues } from './loginStatus.js'

/*
 * The plugin's types under react-native-tim-js's names and shapes, so code typed against
 * it compiles with only the import changed (test/reactNativeTypings.test.ts).
 */

/** What a call without a value resolves: `code` 0 on success, the refusal's code otherwise. */
export interface V2TimCallback {
  code: number
  desc: string
}

/** What a call with a value resolves; `data` is there when `code` is 0. */
export interface V2TimValueCallback<T> {
  code: number
  desc: string
  data?: T
}

export interface StringMap {
  [key: string]: string
}

/** A user's profile, as `onSelfInfoUpdated` passes it. */
export interface V2TimUserFullInfo {
  userID?: string
  nickName?: string
  faceUrl?: string
  selfSignature?: string
  gender?: number
  allowType?: number
  customInfo?: StringMap
  role?: number
  level?: number
  birthday?: number
}

/** A user's online status, as `onUserStatusChanged` passes a list of them. */
export interface V2TimUserStatus {
  userID?: string
  statusType?: number
  customStatus?: string
}

/**
 * The SDK listener, as react-native-tim-js declares it: every callback. `initSDK` takes any
 * part of it. `onSelfInfoUpdated` and `onUserStatusChanged` (profiles) never fire here.
 */
export interface V2TimSDKListener {
  /** The connection to the server is being made: at login, and after a drop. */
  onConnecting: () => void
  /** Connected and logged in: after login, and after a reconnect (no new login needed). */
  onConnectSuccess: () => void
  /**
   * A connection that `onConnecting` announced did not come up: the server refused the
   * login (its code), the network failed (28xx; a live session keeps retrying), or a logout
   * or another login ended it first (3005).
   */
  onConnectFailed: (code: number, error: string) => void
  /** Another login of the account pushed this one out, or the admin kicked it. */
  onKickedOffline: () => void
  /** The UserSig ran out while online: log in again with a new one. */
  onUserSigExpired: () => void
  onSelfInfoUpdated: (info: V2TimUserFullInfo) => void
  onUserStatusChanged: (userStatusList: V2TimUserStatus[]) => void
}

/** Chatgate's part of `initSDK`: where the login server is, and how to reach it. */
export interface ChatgateOptions {
  /** The login server's WebSocket URL, e.g. `wss://chat.example.com/ws`. */
  url: string
  /** @default globalThis.WebSocket (React Native has one; pass `ws` on Node 20) */
  WebSocket?: WebSocketConstructor
  /**
   * The platform this app logs in as; the server's multi-instance policy applies to it.
   * @default the device's under the `react-native` export condition (`android`, `iphone`,
   * `ipad`, `windows`, `macos`), `'web'` elsewhere
   */
  platform?: Platform
  /**
   * How `getLoginStatus()` numbers logged in / logging in / logged out: `'documented'`
   * 0 / 1 / 2 as the React Native documentation does, or `'native'` 1 / 2 / 3 as the
   * native SDKs do (and react-native-tim-js, which passes theirs through).
   * @default 'documented'
   */
  loginStatusValues?: LoginStatusValues
  /**
   * What the user's session list calls this device, e.g. "Alice's iPhone" (React Native
   * has no user agent to name it by): 1–64 characters, no control characters. Every
   * `login` names it; a bad label makes `login` answer 6017.
   * @default none: the session list shows the platform alone
   */
  device?: string
}
