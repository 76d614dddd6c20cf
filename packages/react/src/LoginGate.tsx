import type { KickInfo } from '@chatgate/core'
import { LOGIN_STATUS, type LoginStatus } from '@chatgate/protocol'
import { type ReactNode, useEffect, useRef } from 'react'
import { classNames } from './classNames.js'
import { GATE_DIALOG, KickedOutDialog } from './KickedOutModal.js'
import { LoginForm, type LoginFormProps } from './LoginForm.js'
import { useStore } from './store.js'
import { useChatContext } from './useChat.js'
import { useKickedOut } from './useKickedOut.js'
import { useLoginStatus } from './useLoginStatus.js'
import { useRememberedLogin } from './useRememberedLogin.js'

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
  'defaultUserID' | 'onLoggedIn' | 'heading' | 'className' | 'showErrorCode'
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
 * while a session is restored, and the kicked-out dialog over the app when the account is
 * kicked. The app stays behind the dialog (inert) until the user acknowledges, then the
 * form takes its place, prefilled with the UserID that was kicked.
 */
export function LoginGate(props: LoginGateProps) {
  const { unstyled, texts, acknowledged, restore: restoreStore } = useChatContext()
  const status = useLoginStatus(selectStatus)
  const kickedUser = useLoginStatus(selectKickedUser)
  const { kick } = useKickedOut(props.onKicked)
  const restore = useStore(restoreStore)
  const { remembered, willRestore } = useRememberedLogin(
    props.remember === false ? undefined : props.getUserSig,
  )
  const onLogInAgain = useRef(props.onLogInAgain)
  onLogInAgain.current = props.onLogInAgain
  useEffect(() => acknowledged.subscribe(() => onLogInAgain.current?.()), [acknowledged])

  let view: ReactNode
  if (status === LOGIN_STATUS.LOGINED || kick !== null) view = props.children
  else if (restore.pending || willRestore) {
    view = props.loading ?? (
      <div className={classNames(unstyled, 'chatgate-screen')}>
        <div className={classNames(unstyled, 'chatgate-loading')} role="status" aria-live="polite">
          {texts.loggingIn}
        </div>
      </div>
    )
  } else if (!props.getUserSig) view = props.fallback
  else {
    const { children, loading, onKicked, onLogInAgain, remember, fallback, ...form } = props
    const prefill = kickedUser || restore.userID || remembered?.userID || props.defaultUserID || ''
    view = (
      <div className={classNames(unstyled, 'chatgate-screen')}>
        <LoginForm
          {...form}
          // A new prefill (a kick, a failed restore) starts the form afresh.
          key={prefill}
          getUserSig={props.getUserSig}
          defaultUserID={prefill}
          // A login started elsewhere (an effect, another tab of the app) shows as pending too.
          pending={status === LOGIN_STATUS.LOGINING || undefined}
          autoFocus
        />
      </div>
    )
  }
  return (
    <>
      {view}
      <KickedOutDialog rank={GATE_DIALOG} />
    </>
  )
}
