import type { ChatClient } from '@chatgate/core'
import { callApp } from './appFailure.js'

/** Fetches a UserSig for a UserID, e.g. from your backend. One signature everywhere in the kit. */
export type GetUserSig = (userID: string) => string | Promise<string>

/**
 * `{ userID, userSig }`, or `{ userID, getUserSig }`: the sig is fetched first and the
 * client calls `getUserSig(userID)` again to renew it in place before it expires.
 */
export type LoginCredentials =
  | { userID: string; userSig: string; getUserSig?: GetUserSig }
  | { userID: string; userSig?: undefined; getUserSig: GetUserSig }

export type LoginResult = Awaited<ReturnType<ChatClient['login']>>

/** Logs `client` in with either kind of credentials; a failing `getUserSig` rejects 2003 with its reason. */
export async function logInWith(
  client: ChatClient,
  { userID, userSig, getUserSig }: LoginCredentials,
): Promise<LoginResult> {
  const sig = userSig ?? (await callApp(() => (getUserSig as GetUserSig)(userID)))
  return client.login(getUserSig ? { userID, userSig: sig, getUserSig } : { userID, userSig: sig })
}
