import { LOGIN_STATUS } from '@chatgate/protocol'
import {
  LoginForm,
  type LoginFormProps,
  SessionList,
  useLoginStatus,
  useLogout,
} from '@chatgate/react'
import { AdminPanel } from './AdminPanel.js'
import { SessionDetails } from './SessionDetails.js'
import { useLastUserID } from './useLastUserID.js'

const selectLoggedIn = (snapshot: { loginStatus: number }) =>
  snapshot.loginStatus === LOGIN_STATUS.LOGINED

/**
 * Shown while logged in: the session, Log out, the user's devices, account switch and the
 * admin panel. It also
 * stays behind the kicked-out dialog until the user acknowledges it, so it names the user
 * who was signed out rather than the (now empty) current one.
 */
export function HomePage({
  getUserSig,
  shareTabs,
}: {
  getUserSig: LoginFormProps['getUserSig']
  shareTabs: boolean
}) {
  const loggedIn = useLoginStatus(selectLoggedIn)
  const userID = useLastUserID()
  const logout = useLogout()
  return (
    <main className="demo-page" data-page="home">
      <section className="demo-card" aria-labelledby="home-title">
        <h2 id="home-title">{loggedIn ? `Logged in as ${userID}` : `${userID} was signed out`}</h2>
        <SessionDetails />
        <button type="button" disabled={logout.isPending} onClick={() => logout.mutate()}>
          Log out
        </button>
        {logout.error ? (
          <p role="alert">{`${logout.error.message} (${logout.error.code})`}</p>
        ) : null}
        {shareTabs ? (
          <p className="demo-hint">
            Reload: this tab comes back logged in. Open this page in another tab: it is logged in as{' '}
            <strong>{userID}</strong> too, on this tab's connection, and the server still sees one
            web instance. Close the tab that holds the connection: another takes it over.
          </p>
        ) : (
          <p className="demo-hint">
            Reload: this tab comes back logged in. Open this page in another tab and log in as{' '}
            <strong>{userID}</strong>: one web instance is allowed per user, so this tab is signed
            out.
          </p>
        )}
      </section>
      <section className="demo-card" aria-labelledby="devices-title">
        <h2 id="devices-title">Your devices</h2>
        <p className="demo-hint">
          Where {userID} is signed in. To add a device, open this page in another browser with{' '}
          <code>?platform=android</code> (another web login may sign this one out, by the server's
          limit). "Sign out" ends that session, and its page names the device that did it.
        </p>
        {loggedIn ? <SessionList /> : null}
      </section>
      <section className="demo-card" aria-labelledby="switch-title">
        <h2 id="switch-title">Switch account</h2>
        <p className="demo-hint">Logging in as someone else logs {userID} out first.</p>
        <LoginForm getUserSig={getUserSig} heading={null} />
      </section>
      <AdminPanel defaultUserID={userID} />
    </main>
  )
}
