import type { ChatClient } from '@chatgate/core'
import { LOGIN_STATUS } from '@chatgate/protocol'
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react'
import {
  parseRemembered,
  type RememberedUser,
  readRememberedRaw,
  subscribeRemembered,
  writeRemembered,
} from './rememberedUser.js'
import { runRestore } from './sessionRestore.js'
import { useChatContext } from './useChat.js'
import { type GetUserSig, logInWith } from './useLogin.js'

/**
 * `LoginGate`'s memory of the last UserID that logged in. It records every login; a logout
 * forgets it; a kick (or a failed silent login) keeps it only to prefill the form. On mount
 * it logs the remembered user in silently with `getUserSig(userID)`, through the provider's
 * restore so the gate shows loading meanwhile. Returns the remembered user and whether a
 * silent login is about to start (so the very first render already shows loading).
 */
export function useRememberedLogin(getUserSig: GetUserSig | undefined): {
  remembered: RememberedUser | null
  willRestore: boolean
} {
  const { client, restore, autoLogin, storageKey, kickKey } = useChatContext()
  const enabled = getUserSig !== undefined
  const raw = useSyncExternalStore(
    subscribeRemembered,
    useCallback(() => (enabled ? readRememberedRaw(storageKey) : null), [enabled, storageKey]),
    // The server cannot know: it renders the form, and hydration matches it.
    () => null,
  )
  const remembered = parseRemembered(raw)
  useEffect(
    () => (enabled ? recordLogins(client, storageKey) : undefined),
    [enabled, client, storageKey],
  )

  const snapshot = client.getSnapshot()
  const willRestore =
    !restore.get().started &&
    !autoLogin &&
    remembered?.silent === true &&
    snapshot.loginStatus === LOGIN_STATUS.LOGOUT &&
    snapshot.kick === null
  const getUserSigRef = useRef(getUserSig)
  getUserSigRef.current = getUserSig
  useEffect(() => {
    if (!willRestore || !remembered) return
    const { userID } = remembered
    runRestore(
      restore,
      kickKey,
      () =>
        logInWith(client, { userID, getUserSig: getUserSigRef.current as GetUserSig }).catch(
          (error) => {
            // Failed once: show the form prefilled with the reason; no silent retry next load.
            writeRemembered(storageKey, { userID, silent: false })
            throw error
          },
        ),
      userID,
    )
  })
  return { remembered, willRestore }
}

/** Keeps the stored UserID in step with the client's logins, logouts and kicks. */
function recordLogins(client: ChatClient, key: string): () => void {
  let previous = client.getSnapshot()
  return client.subscribe(() => {
    const next = client.getSnapshot()
    const was = previous
    previous = next
    if (next.ready && next.userID) {
      const stored = parseRemembered(readRememberedRaw(key))
      if (stored?.userID !== next.userID || !stored.silent) {
        writeRemembered(key, { userID: next.userID, silent: true })
      }
    } else if (was.ready && next.loginStatus === LOGIN_STATUS.LOGOUT) {
      // A kick or a refused session keeps the UserID to prefill the form; a logout forgets.
      writeRemembered(
        key,
        next.kick || next.error ? { userID: next.kick?.userID || was.userID, silent: false } : null,
      )
    }
  })
}
