import { LOGIN_STATUS, type LoginStatus } from '@chatgate/protocol'
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
      /** Fetches a UserSig for the built-in `LoginForm`. */
      getUserSig: LoginFormProps['getUserSig']
      fallback?: never
    }
  | {
      /** Shown instead of the built-in `LoginForm` while logged out. */
      fallback: ReactNode
      getUserSig?: never
    }
)

const selectStatus = (snapshot: { loginStatus: LoginStatus }) => snapshot.loginStatus

/**
 * The drop-in: the app while logged in, a login form while logged out, and the
 * kicked-out dialog over the app when the account is kicked. The app stays behind the
 * dialog (inert) until the user acknowledges, then the login form takes its place.
 */
export function LoginGate(props: LoginGateProps) {
  const status = useLoginStatus(selectStatus)
  const { kick } = useKickedOut()
  const showApp = status === LOGIN_STATUS.LOGINED || kick !== null
  return (
    <>
      {showApp ? props.children : loggedOutView(props, status === LOGIN_STATUS.LOGINING)}
      <KickedOutModal />
    </>
  )
}

function loggedOutView(props: LoginGateProps, loggingIn: boolean): ReactNode {
  if (!props.getUserSig) return props.fallback
  // A login started elsewhere (an effect, another tab of the app) shows as pending too.
  return <LoginForm getUserSig={props.getUserSig} pending={loggingIn || undefined} autoFocus />
}
