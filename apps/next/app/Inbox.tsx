'use client'

import { SignOutButton, useSession } from '@chatgate/react'
import { endAppSession } from './chatSession'

/**
 * What a signed-in user sees: who they are, and a way out of the app and the chat. Behind
 * the kicked-out dialog it still names the user who was signed out, until "Log in again".
 */
export function Inbox() {
  const { userID } = useSession()
  return (
    <section className="card" aria-labelledby="inbox-title">
      <h2 id="inbox-title">{`Signed in as ${userID}`}</h2>
      <p>
        Reload the page: the app's session logs the chat back in without the form. Sign in as the
        same user in another browser and this page is signed out.
      </p>
      {/* The app's session ends first: a reload right after signing out must not log back in. */}
      <SignOutButton appSignOut={endAppSession} />
    </section>
  )
}
