import { LoginGate } from '@chatgate/react'
import { fetchUserSig } from './chatSession'
import { Inbox } from './Inbox'

/** The app's mark (the same as its icon), above the login card's heading. */
const logo = (
  <svg width="40" height="40" viewBox="0 0 32 32" role="img" aria-label="Chatgate">
    <rect width="32" height="32" rx="8" fill="#0b57d0" />
    <path d="M9 11h14v8H15l-4 4v-4H9z" fill="#fff" />
  </svg>
)

/**
 * A Server Component page: `LoginGate` shows the login form, or the inbox once logged in,
 * and opens the kicked-out dialog by itself when the account is signed in elsewhere.
 */
export default function HomePage() {
  return (
    <main className="page">
      <h1>Chatgate on Next.js</h1>
      <LoginGate getUserSig={fetchUserSig} logo={logo} appName="the Next.js example">
        <Inbox />
      </LoginGate>
    </main>
  )
}
