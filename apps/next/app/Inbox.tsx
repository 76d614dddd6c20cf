'use client'

import { useLoginStatus, useLogout } from '@chatgate/react'
import { endAppSession } from './chatSession'

const selectUserID = (snapshot: { userID: string }) => snapshot.userID

/** What a signed-in user sees: who they are, and a way out of the app and the chat. */
export function Inbox() {
  const userID = useLoginStatus(selectUserID)
  const logout = useLogout()
  return (
    <section className="card" aria-labelledby="inbox-title">
      <h2 id="inbox-title">{userID ? `Signed in as ${userID}` : 'Signed out'}</h2>
      <p>
        Reload the page: the app's session logs the chat back in without the form. Sign in as the
        same user in another browser and this page is signed out.
      </p>
      <button
        type="button"
        disabled={logout.isPending}
        onClick={() => endAppSession().then(() => logout.mutate())}
      >
        Sign out
      </button>
    </section>
  )
}
