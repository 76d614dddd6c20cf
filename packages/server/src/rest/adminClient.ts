import { signUserSig } from '@chatgate/usersig'
import {
  KICK_PATH,
  QUERY_ONLINE_STATUS_PATH,
  type QueryOnlineStatusResponse,
  type RestEnvelope,
} from './adminRoutes.js'

export interface AdminClientOptions {
  /** The login server's base URL, e.g. `http://127.0.0.1:8080`. */
  url: string
  sdkAppID: number
  /** The app's admin UserID (the config's `admin`). */
  identifier: string
  /** The app's secret key: admin sigs are signed here, in Node, and never leave it. */
  secretKey: string
  /**
   * Seconds each admin sig stays valid.
   * @default 300
   */
  sigExpireSeconds?: number
}

/** Calls a Chatgate (or Tencent Cloud Chat) admin REST API as the app's admin. */
export interface AdminClient {
  /** Logs every instance of the user out with `REST_API_Kick`. */
  kick(userID: string): Promise<RestEnvelope>
  /** Online status of up to 500 accounts, with per-platform detail. */
  queryOnlineStatus(userIDs: string[]): Promise<QueryOnlineStatusResponse>
  /** Any admin path, with the sdkappid/identifier/usersig/random query filled in. */
  call<T extends RestEnvelope>(path: string, body: unknown): Promise<T>
}

export function createAdminClient(options: AdminClientOptions): AdminClient {
  const { url, sdkAppID, identifier, secretKey, sigExpireSeconds = 300 } = options
  const call = async <T extends RestEnvelope>(path: string, body: unknown): Promise<T> => {
    const query = new URLSearchParams({
      sdkappid: String(sdkAppID),
      identifier,
      // A fresh sig per call: signing costs microseconds and nothing goes stale.
      usersig: signUserSig({
        sdkAppID,
        secretKey,
        userID: identifier,
        expireSeconds: sigExpireSeconds,
      }),
      random: String(Math.floor(Math.random() * 2 ** 32)),
      contenttype: 'json',
    })
    const answer = await fetch(`${url}${path}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return (await answer.json()) as T
  }
  return {
    call,
    kick: (userID) => call(KICK_PATH, { UserID: userID }),
    queryOnlineStatus: (userIDs) =>
      call<QueryOnlineStatusResponse>(QUERY_ONLINE_STATUS_PATH, {
        To_Account: userIDs,
        IsNeedDetail: 1,
      }),
  }
}
