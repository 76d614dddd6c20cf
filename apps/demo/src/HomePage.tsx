import { LoginForm, type LoginFormProps, useLoginStatus, useLogout } from '@chatgate/react'
import { AdminPanel } from './AdminPanel.js'
import { SessionDetails } from './SessionDetails.js'

const selectUserID = (snapshot: { userID: string }) => snapshot.userID

/** Shown while logged in: the session, Log out, account switch and the admin panel. */
export function HomePage({ getUserSig }: { getUserSig: LoginFormProps['getUserSig'] }) {
  const userID = useLoginStatus(selectUserID)
  const logout = useLogout()
  return (
    <main className="demo-page" data-page="home">
      <section className="demo-card" aria-labelledby="home-title">
        <h2 id="home-title">Logged in as {userID}</h2>
        <SessionDetails />
        <button type="button" disabled={logout.isPending} onClick={() => logout.mutate()}>
          Log out
        </button>
        {logout.error ? (
          <p role="alert">{`${logout.error.message} (${logout.error.code})`}</p>
        ) : null}
        <p className="demo-hint">
          Open this page in another tab and log in as <strong>{userID}</strong>: one web instance is
          allowed per user, so this tab is signed out.
        </p>
      </section>
      <section className="demo-card" aria-labelledby="switch-title">
        <h2 id="switch-title">Switch account</h2>
        <p className="demo-hint">Logging in as someone else logs {userID} out first.</p>
        <LoginForm getUserSig={getUserSig} />
      </section>
      <AdminPanel defaultUserID={userID} />
    </main>
  )
}
