import type { KickInfo } from '@chatgate/core'
import { LOGIN_STATUS, type LoginStatus } from '@chatgate/protocol'
import { type ReactNode, useEffect, useRef } from 'react'
import { classNames } from './classNames.js'
import { GATE_DIALOG, KickedOutDialog } from './KickedOutModal.js'
import { LoginForm, type LoginFormProps } from './LoginForm.js'
import { LoadingCard, ReconnectingCard } from './StatusCards.js'
import { useChatContext } from './useChat.js'
import { useKickedOut } from './useKickedOut.js'
import { useKitState } from './useKitState.js'
import { useLoginStatus } from './useLoginStatus.js'

export type LoginGateProps = {
  /** The app, shown while logged in. */
  children?: ReactNode
  /** Shown while a session is restored (autoLogin, remembered UserID). @default a card with a spinner */
  loading?: ReactNode
  /** Runs once per kick, as it arrives. */
  onKicked?: (kick: KickInfo) => void
  /** Runs when the user acknowledges a kick ("Log in again"), in whichever dialog. */
  onLogInAgain?: () => void
  /**
   * Remember the last UserID that logged in (localStorage, per SDKAppID) and log it in
   * silently after a reload with `getUserSig(userID)`. A logout forgets it; after a kick it
   * only prefills the form. @default true
   */
  remember?: boolean
} & Pick<
  LoginFormProps,
  'defaultUserID' | 'onLoggedIn' | 'heading' | 'logo' | 'appName' | 'className' | 'showErrorCode'
> &
  (
    | {
        /** Fetches a UserSig for the built-in `LoginForm` (and the remembered UserID). */
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
const selectKickedUser = (snapshot: { kick: KickInfo | null }) => snapshot.kick?.userID ?? ''

/**
 * The drop-in: the app while logged in, a login form while logged out, a loading card
 * while a session is restored, a reconnecting card while the login server cannot be
 * reached, and the kicked-out dialog over the app when the account is kicked. The app
 * stays behind the dialog (inert) until the user acknowledges, then the form takes its
 * place, prefilled with the UserID that was kicked.
 */
export function LoginGate(props: LoginGateProps) {
  const { unstyled, kit } = useChatContext()
  const status = useLoginStatus(selectStatus)
  const kickedUser = useLoginStatus(selectKickedUser)
  const { kick } = useKickedOut(props.onKicked)
  const state = useKitState()
  const remembering = props.remember !== false && props.getUserSig !== undefined
  const latest = useRef(props)
  latest.current = props
  useEffect(
    () => (remembering ? kit.remember((userID) => latest.current.getUserSig!(userID)) : undefined),
    [kit, remembering],
  )
  useEffect(() => kit.onAcknowledge(() => latest.current.onLogInAgain?.()), [kit])

  const { heading, logo, appName } = props
  const header = { heading, logo, appName }
  const screen = (card: ReactNode) => (
    <div className={classNames(unstyled, 'chatgate-screen')}>{card}</div>
  )
  let view: ReactNode
  if (status === LOGIN_STATUS.LOGINED || kick !== null) view = props.children
  else if (state.restore === 'reconnecting') view = screen(<ReconnectingCard {...header} />)
  else if (state.restore === 'running' || (remembering && kit.canRestoreRemembered(state))) {
    view = props.loading ?? screen(<LoadingCard {...header} />)
  } else if (!props.getUserSig) view = props.fallback
  else {
    const prefill =
      kickedUser ||
      state.kickMark?.userID ||
      state.userID ||
      (remembering && state.remembered?.userID) ||
      props.defaultUserID ||
      ''
    view = screen(
      <LoginForm
        // The gate's own props (children, loading, …) mean nothing to the form.
        {...props}
        // A new prefill (a kick, a failed restore) starts the form afresh.
        key={prefill}
        getUserSig={props.getUserSig}
        defaultUserID={prefill}
        // A login started elsewhere (an effect, another tab of the app) shows as pending too.
        pending={status === LOGIN_STATUS.LOGINING || undefined}
        autoFocus
      />,
    )
  }
  return (
    <>
      {view}
      <KickedOutDialog rank={GATE_DIALOG} />
    </>
  )
}
