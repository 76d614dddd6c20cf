'use client'

import type { ChatError } from '@chatgate/protocol'

/**
 * The browser side of the app's backend routes. This module is a Client module, so the
 * Server Component layout and page can hand its functions to `ChatProvider` and `LoginGate`
 * as props: React passes them as references and they run in the browser.
 */

async function readJson<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => null)) as (T & Partial<ChatError>) | null
  if (!response.ok || body === null) {
    throw new Error(body?.message ?? `The app's backend answered ${response.status}.`)
  }
  return body
}

/** `LoginGate`'s `getUserSig`: signs in to the app and gets a UserSig for `userID`. */
export async function fetchUserSig(userID: string): Promise<string> {
  const response = await fetch('/api/usersig', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userID }),
  })
  return (await readJson<{ userSig: string }>(response)).userSig
}

/**
 * `ChatProvider`'s `autoLogin`: the user the app's session names, with a fresh UserSig and
 * the way to renew it, or null when nobody is signed in to the app.
 */
export async function resumeChatSession() {
  const response = await fetch('/api/session', { cache: 'no-store' })
  const session = await readJson<{ userID: string | null; userSig?: string }>(response)
  if (session.userID === null || !session.userSig) return null
  return { userID: session.userID, userSig: session.userSig, getUserSig: fetchUserSig }
}

/** Ends the app's session, so the next page load does not log the chat back in. */
export async function endAppSession(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE' })
}
