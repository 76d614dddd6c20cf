'use client'

import { useLogout, useSession } from '@chatgate/react'
import { useState } from 'react'
import { endAppSession } from './chatSession'

/** What a signed-in user sees: who they are, and a way out of the app and the chat. */
export function Inbox() {
  const { status, userID, kick } = useSession()
  const logout = useLogout()
  const [ending, setEnding] = useState(false)
  const pending = ending || logout.isPending

  // The app's session ends first: a reload right after signing out must not log back in.
  async function signOut() {
    setEnding(true)
    try {
      await endAppSession()
    } finally {
      setEnding(false)
    }
    logout.mutate()
  }

  return (
    <section className="card" aria-labelledby="inbox-title">
      <h2 id="inbox-title">
        {status === 'authenticated'
          ? `Signed in as ${userID}`
          : `${kick?.userID ?? ''} was signed out`}
      </h2>
      <p>
        Reload the page: the app's session logs the chat back in without the form. Sign in as the
        same user in another browser and this page is signed out.
      </p>
      <button type="button" disabled={pending} aria-busy={pending} onClick={signOut}>
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
    </section>
  )
}
