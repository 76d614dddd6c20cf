import { Chat, type ChatError } from '@chatgate/core'
import { clientError, NOT_LOGGED_IN, SDK_APP_ID_MISSING } from '@chatgate/protocol'
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

  /**
   * Creates the client. The first three arguments are the plugin's; the fourth carries
   * Chatgate's server `url` (and `WebSocket`, `platform`). A second call replaces the
   * first client (logged out).
   */
  async initSDK(
    sdkAppID: number,
    logLevel?: number,
    listener?: V2TimSDKListener,
    options?: ChatgateOptions,
  ): Promise<V2TimValueCallback<boolean>> {
    await this.unInitSDK()
    if (!Number.isInteger(sdkAppID) || sdkAppID <= 0) {
      return refused(clientError(SDK_APP_ID_MISSING), false)
    }
    const chat = new Chat({
      SDKAppID: sdkAppID,
      logLevel: toChatLogLevel(logLevel),
      ...options,
      platform: options?.platform ?? 'web',
    })
    this.#chat = chat
    if (listener) this.#detach = watchConnection(chat, listener)
    return { code: 0, desc: OK, data: true }
  }

  /**
   * Logs in; `code` 0 once logged in. Another UserID while logged in switches account; the
   * same one while its login runs shares that login. An expired ticket answers 70001.
   */
  login(userID: string, userSig: string): Promise<V2TimCallback> {
    const chat = this.#chat
    if (!chat)
      return Promise.resolve(refused(clientError(SDK_APP_ID_MISSING, 'Call initSDK first.')))
    return settle(() => chat.login({ userID, userSig }))
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

  /** 0 logged in, 1 logging in, 2 logged out (the values react-native-tim-js documents). */
  async getLoginStatus(): Promise<V2TimValueCallback<number>> {
    return { code: 0, desc: OK, data: (this.#chat?.getLoginStatus() ?? 3) - 1 }
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
