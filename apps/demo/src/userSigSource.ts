import type { ChatClient } from '@chatgate/core'
import { ERROR_CODES, LOGIN_STATUS } from '@chatgate/protocol'
import { DemoApiError, fetchUserSig } from './demoApi.js'

/** How the demo hands out UserSigs; set from the page's query string. */
export interface UserSigSettings {
  /** Lifetime of each UserSig in seconds (`?sigSeconds=N`); the server's default when unset. */
  sigSeconds?: number
  /** Whether the client may renew the UserSig before it expires (`?renew=0` turns it off). */
  renew: boolean
}

export function userSigSettingsFromUrl(search: string): UserSigSettings {
  const params = new URLSearchParams(search)
  const sigSeconds = Number(params.get('sigSeconds'))
  return {
    ...(Number.isInteger(sigSeconds) && sigSeconds > 0 ? { sigSeconds } : {}),
    renew: params.get('renew') !== '0',
  }
}

/**
 * The LoginForm's `getUserSig`. The client calls it to log in and, while logged in, again
 * shortly before the UserSig expires to renew it in place. With renewal off the demo
 * declines that second call, so the sig runs out and the server kicks with `userSigExpired`.
 */
export function createUserSigSource(chat: ChatClient, settings: UserSigSettings) {
  return async (userID: string): Promise<string> => {
    if (!settings.renew && chat.getSnapshot().loginStatus === LOGIN_STATUS.LOGINED) {
      throw new DemoApiError(
        ERROR_CODES.CLIENT_USER_SIG_EXPIRED,
        'Renewal is off in this demo (?renew=0): the UserSig will expire.',
      )
    }
    return fetchUserSig(userID, settings.sigSeconds)
  }
}
