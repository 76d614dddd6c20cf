import { LOGIN_STATUS } from '@chatgate/protocol'
import type { ReactNode } from 'react'
import { KickedOutModal } from './KickedOutModal.js'
import { LoginForm, type LoginFormProps } from './LoginForm.js'
import { useKickedOut } from './useKickedOut.js'
import { useLoginStatus } from './useLoginStatus.js'

export type LoginGateProps = {
  /** The app, shown while logged in. */
  children?: ReactNode
} & (
  | {
      /** Fetches a UserSig for the built-in `LoginForm`. */ getUserSig: LoginFormProps['getUserSig']
      fallback?: never
    }
  | {
      /** Shown instead of the built-in `LoginForm` while logged out. */ fallback: ReactNode
      getUserSig?: never
    }
)

const selectLoggedIn = (snapshot: { loginStatus: number }) =>
  snapshot.loginStatus === LOGIN_STATUS.LOGINED

/**
 * The drop-in: the app while logged in, a login form while logged out, and the
 * kicked-out dialog over the app when the account is kicked. The app stays behind the
 * dialog (inert) until the user acknowledges, then the login form takes its place.
 */
export function LoginGate(props: LoginGateProps) {
  const loggedIn = useLoginStatus(selectLoggedIn)
  const { kick } = useKickedOut()
  const showApp = loggedIn || kick !== null
  return (
    <>
      {showApp ? props.children : loggedOutView(props)}
      <KickedOutModal />
    </>
  )
}

function loggedOutView(props: LoginGateProps): ReactNode {
  return props.getUserSig ? <LoginForm getUserSig={props.getUserSig} autoFocus /> : props.fallback
}
