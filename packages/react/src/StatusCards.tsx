import { LOGIN_STATUS } from '@chatgate/protocol'
import { useId } from 'react'
import { CardHeader, type CardHeaderProps } from './CardHeader.js'
import { classNames } from './classNames.js'
import { useChatContext } from './useChat.js'
import { useLoginStatus } from './useLoginStatus.js'

/**
 * The gate's card while a session is restored: the form's header, then where the field
 * and button would be, a placeholder and the spinner, so the form takes its place without
 * a jump.
 */
export function LoadingCard(props: CardHeaderProps) {
  const { texts, unstyled } = useChatContext()
  const id = useId()
  return (
    <div className={classNames(unstyled, 'chatgate-card chatgate-loading')} aria-busy="true">
      <CardHeader id={id} {...props} />
      <div className={classNames(unstyled, 'chatgate-placeholder')} />
      <div className={classNames(unstyled, 'chatgate-busy')} role="status">
        {texts.loggingIn}
      </div>
    </div>
  )
}

const selectAttempting = (snapshot: { loginStatus: number }) =>
  snapshot.loginStatus === LOGIN_STATUS.LOGINING

/**
 * The gate's card while a silent login waits for the login server to come back (rule 37):
 * it says so, tries again by itself with backoff, and "Retry now" tries at once.
 */
export function ReconnectingCard(props: CardHeaderProps) {
  const { texts, unstyled, kit } = useChatContext()
  const attempting = useLoginStatus(selectAttempting)
  const id = useId()
  return (
    <div
      className={classNames(unstyled, 'chatgate-card chatgate-reconnecting')}
      data-state={attempting ? 'pending' : 'idle'}
    >
      <CardHeader id={id} {...props} />
      <p role="status" data-tone="notice">
        {texts.reconnecting}
      </p>
      <button type="button" disabled={attempting} onClick={kit.retry}>
        {attempting ? texts.loggingIn : texts.retry}
      </button>
    </div>
  )
}
