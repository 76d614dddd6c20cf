import { Chat, type ChatError, type Platform } from '@chatgate/core'
import { clientError, NOT_LOGGED_IN, SDK_APP_ID_MISSING } from '@chatgate/protocol'
import { type LoginStatusValues, toV2TimStatus } from './loginStatus.js'
import { toChatLogLevel } from './logLevel.js'
import type {
  ChatgateOptions,
  V2TimCallback,
  V2TimSDKListener,
  V2TimValueCallback,
} from './types.js'
import { watchConnection } from './watchConnection.js'

const OK = 'ok'

/** A refusal resolves as `{ code, desc }`, the way the plugin answers; it never rejects. */
const refused = <T>(error: ChatError, data?: T): V2TimValueCallback<T> => ({
  code: error.code,
  desc: error.message,
  ...(data !== undefined && { data }),
})

const settle = (call: () => Promise<unknown>): Promise<V2TimCallback> =>
  call().then(
    () => ({ code: 0, desc: OK }),
    (error: ChatError) => refused(error),
  )

/**
 * The login surface of react-native-tim-js's `V2TIMManager`, over one Chatgate client.
 * Every decision (single flight, account switch, reconnect, kicks) is the client's; this
 * class translates arguments, results and status values.
 */
export class V2TIMManager {
  #chat: Chat | undefined
  #detach: (() => void) | undefined
  #statusValues: LoginStatusValues = 'documented'
  #device: string | undefined

  /** What the app logs in as unless `initSDK`'s options say: `web` here, the device's
   * own platform in the `react-native` entry. */
  protected defaultPlatform(): Platform {
    return 'web'
  }

  /**
   * Creates the client. The first three arguments are the plugin's; the fourth carries
   * Chatgate's server `url` (and `WebSocket`, `platform`, `loginStatusValues`, `device`).
   * A second call replaces the first client (logged out).
   */
  async initSDK(
    sdkAppID: number,
    logLevel?: number,
    listener?: Partial<V2TimSDKListener>,
    options?: ChatgateOptions,
  ): Promise<V2TimValueCallback<boolean>> {
    await this.unInitSDK()
    if (!Number.isInteger(sdkAppID) || sdkAppID <= 0) {
      return refused(clientError(SDK_APP_ID_MISSING), false)
    }
    const {
      platform = this.defaultPlatform(),
      loginStatusValues,
      device,
      ...connection
    } = options ?? {}
    const chat = new Chat({
      SDKAppID: sdkAppID,
      logLevel: toChatLogLevel(logLevel),
      ...connection,
      platform,
    })
    this.#chat = chat
    this.#statusValues = loginStatusValues ?? 'documented'
    this.#device = device
    if (listener) this.#detach = watchConnection(chat, listener)
    return { code: 0, desc: OK, data: true }
  }

  /**
   * Logs in; `code` 0 once logged in. Another UserID while logged in switches account; the
   * same one while its login runs shares that login. An expired ticket answers 70001.
   * The session is named by `initSDK`'s `device`.
   */
  login(userID: string, userSig: string): Promise<V2TimCallback> {
    const chat = this.#chat
    if (!chat)
      return Promise.resolve(refused(clientError(SDK_APP_ID_MISSING, 'Call initSDK first.')))
    return settle(() => chat.login({ userID, userSig, device: this.#device }))
  }

  /** Logs out; `code` 2024 when nobody is logged in. */
  logout(): Promise<V2TimCallback> {
    const chat = this.#chat
    return chat ? settle(() => chat.logout()) : Promise.resolve(refused(clientError(NOT_LOGGED_IN)))
  }

  /** The logged-in (or logging-in) UserID; `''` when logged out. */
  async getLoginUser(): Promise<V2TimValueCallback<string>> {
    return { code: 0, desc: OK, data: this.#chat?.getLoginUser() ?? '' }
  }

  /**
   * 0 logged in, 1 logging in, 2 logged out, as the React Native documentation numbers
   * them (`V2TIM_STATUS_LOGINED` …); 1 / 2 / 3 with `loginStatusValues: 'native'`.
   */
  async getLoginStatus(): Promise<V2TimValueCallback<number>> {
    const status = this.#chat?.getLoginStatus() ?? 3
    return { code: 0, desc: OK, data: toV2TimStatus(status, this.#statusValues) }
  }

  /** Logs out, closes the connection and detaches the listener. Safe to call twice. */
  async unInitSDK(): Promise<V2TimCallback> {
    const chat = this.#chat
    this.#chat = undefined
    this.#detach?.()
    this.#detach = undefined
    await chat?.destroy().catch(() => {})
    return { code: 0, desc: OK }
  }
}
