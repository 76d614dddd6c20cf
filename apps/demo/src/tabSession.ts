import { Chat, type ChatClient } from '@chatgate/core'
import type { LoginCredentials } from '@chatgate/react'

/**
 * The demo's stand-in for an app's own sign-in: the UserID this tab is logged in as, kept
 * in sessionStorage. A reload keeps it, so `ChatProvider`'s `autoLogin` logs the tab back in
 * without the form (rule 30). A new tab starts with none of its own: with tabs shared it
 * joins the session the other tabs hold (and keeps it from its SDK_READY on); with
 * `?shareTabs=0` it shows the form. Logging out and being kicked end it: a kick never leads
 * to a silent login.
 */
const KEY = 'chatgate-demo:user'

// sessionStorage can be missing or throw (privacy modes): then the demo remembers nothing.
function read(): string | null {
  try {
    return sessionStorage.getItem(KEY)
  } catch {
    return null
  }
}

function write(userID: string | null): void {
  try {
    if (userID) sessionStorage.setItem(KEY, userID)
    else sessionStorage.removeItem(KEY)
  } catch {
    // Nothing to keep it in: the next load shows the form.
  }
}

/** Keeps the tab's session in step with the client: set on SDK_READY, ended on SDK_NOT_READY. */
export function followLogins(chat: ChatClient): () => void {
  const onReady = () => write(chat.getSnapshot().userID)
  const onNotReady = () => write(null)
  chat.on(Chat.EVENT.SDK_READY, onReady)
  chat.on(Chat.EVENT.SDK_NOT_READY, onNotReady)
  return () => {
    chat.off(Chat.EVENT.SDK_READY, onReady)
    chat.off(Chat.EVENT.SDK_NOT_READY, onNotReady)
  }
}

/** `ChatProvider`'s `autoLogin`: the tab's user with the demo's UserSig source, or nobody. */
export function createAutoLogin(
  getUserSig: (userID: string) => Promise<string>,
): () => Promise<LoginCredentials | null> {
  return async () => {
    const userID = read()
    return userID ? { userID, getUserSig } : null
  }
}
