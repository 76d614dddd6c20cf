import { LoginForm, type LoginFormProps } from '@chatgate/react'
import { AdminPanel } from './AdminPanel.js'

/** Shown while logged out: the kit's LoginForm, plus the admin panel to look around. */
export function LoginPage({
  getUserSig,
  defaultUserID,
}: {
  getUserSig: LoginFormProps['getUserSig']
  /** Prefills the form, e.g. with the user who was just signed out. */
  defaultUserID?: string
}) {
  return (
    <main className="demo-page" data-page="login">
      <section className="demo-card" aria-labelledby="login-title">
        <h2 id="login-title">Log in</h2>
        <p className="demo-hint">
          Any UserID of 1–32 letters, digits, <code>_</code> or <code>-</code>. The UserSig comes
          from the login server's development endpoint.
        </p>
        <LoginForm getUserSig={getUserSig} defaultUserID={defaultUserID} heading={null} autoFocus />
      </section>
      <AdminPanel />
    </main>
  )
}
