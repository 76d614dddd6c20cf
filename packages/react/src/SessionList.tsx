import { useState } from 'react'
import { classNames } from './classNames.js'
import { SessionRow } from './SessionRow.js'
import { useChatContext } from './useChat.js'
import { useSessions } from './useSessions.js'

export interface SessionListProps {
  className?: string
}

const ignore = () => {}

/**
 * The user's devices (`useSessions`): one row each, this one first, "Sign out" on the
 * others, and "Sign out all other devices" behind a confirmation step. It says when the
 * list loads, when a sign-out runs, and when either failed, with "Retry now".
 */
export function SessionList(props: SessionListProps) {
  const { texts, unstyled } = useChatContext()
  const list = useSessions()
  const [confirming, setConfirming] = useState(false)
  const others = list.sessions.some((session) => !session.current)
  const busy = list.ending !== null
  const endOthers = () => {
    setConfirming(false)
    list.endOthers().catch(ignore)
  }
  return (
    <div
      className={classNames(unstyled, 'chatgate-sessions', props.className)}
      aria-busy={list.loading || busy}
    >
      {list.loading ? <p role="status">{texts.loadingDevices}</p> : null}
      {list.sessions.length ? (
        <ul aria-label={texts.devices}>
          {list.sessions.map((session) => (
            <SessionRow
              key={session.sessionID}
              session={session}
              ending={
                list.ending === session.sessionID || (list.ending === 'others' && !session.current)
              }
              busy={busy}
              onEnd={() => list.endSession(session.sessionID).catch(ignore)}
            />
          ))}
        </ul>
      ) : null}
      {list.error ? (
        <p role="alert" data-tone="error">
          {/* The network's codes (2800–2899): the connection, not the devices. */}
          {((list.error.code / 100) | 0) === 28 ? texts.unreachable : texts.devicesFailed}{' '}
          <button type="button" onClick={list.refresh}>
            {texts.retry}
          </button>
        </p>
      ) : null}
      {others ? (
        // One button asks and, while the question shows, cancels: focus stays on it, so a
        // double click cannot confirm, and the danger action needs a move of its own.
        <fieldset>
          {confirming ? <legend>{texts.confirmSignOutOthers}</legend> : null}
          {confirming ? (
            <button type="button" data-tone="danger" onClick={endOthers}>
              {texts.signOut}
            </button>
          ) : null}
          <button type="button" disabled={busy} onClick={() => setConfirming(!confirming)}>
            {confirming
              ? texts.cancel
              : list.ending === 'others'
                ? texts.signingOut
                : texts.signOutOthers}
          </button>
        </fieldset>
      ) : list.sessions.length ? (
        <p role="status">{texts.noOtherDevices}</p>
      ) : null}
    </div>
  )
}
