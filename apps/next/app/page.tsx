import { LoginGate } from '@chatgate/react'
import { fetchUserSig } from './chatSession'
import { Inbox } from './Inbox'

/**
 * A Server Component page: `LoginGate` shows the login form, or the inbox once logged in,
 * and opens the kicked-out dialog by itself when the account is signed in elsewhere.
 */
export default function HomePage() {
  return (
    <main className="page">
      <h1>Chatgate on Next.js</h1>
      <LoginGate getUserSig={fetchUserSig}>
        <Inbox />
      </LoginGate>
    </main>
  )
}
