import type { Platform, WebSocketConstructor } from '@chatgate/core'

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

/**
 * The SDK listener of `initSDK`, as react-native-tim-js declares it. Every callback is
 * optional here; `onSelfInfoUpdated` and `onUserStatusChanged` (profiles) never fire.
 */
export interface V2TimSDKListener {
  /** The connection to the server is being made: at login, and after a drop. */
  onConnecting?: () => void
  /** Connected and logged in: after login, and after a reconnect (no new login needed). */
  onConnectSuccess?: () => void
  /** The connection failed while a session wants it; the client keeps retrying. */
  onConnectFailed?: (code: number, error: string) => void
  /** Another login of the account pushed this one out, or the admin kicked it. */
  onKickedOffline?: () => void
  /** The UserSig ran out while online: log in again with a new one. */
  onUserSigExpired?: () => void
  onSelfInfoUpdated?: (info: unknown) => void
  onUserStatusChanged?: (userStatusList: unknown[]) => void
}

/** Chatgate's part of `initSDK`: where the login server is, and how to reach it. */
export interface ChatgateOptions {
  /** The login server's WebSocket URL, e.g. `wss://chat.example.com/ws`. */
  url: string
  /** @default globalThis.WebSocket (React Native has one; pass `ws` on Node 20) */
  WebSocket?: WebSocketConstructor
  /**
   * The platform this app logs in as; the server's multi-instance policy applies to it.
   * Tencent counts React Native apps on its Web SDK as `web`; pass `android` or
   * `iphone` to count the app as the device's native platform instead.
   * @default 'web'
   */
  platform?: Platform
}
