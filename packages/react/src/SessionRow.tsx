import type { SessionInfo } from '@chatgate/protocol'
import { useId } from 'react'
import { fill } from './messages.js'
import { useChatContext } from './useChat.js'

export interface SessionRowProps {
  session: SessionInfo
  /** Its sign-out runs. */
  ending: boolean
  /** Any sign-out runs: one at a time. */
  busy: boolean
  onEnd: () => void
}

/**
 * One device of the list: its platform, its label, "This device" for the caller's own, when
 * it signed in and (for the others) when it was last seen, in the kit's locale, and "Sign out" for the others,
 * described by the device it signs out.
 */
export function SessionRow({ session, ending, busy, onEnd }: SessionRowProps) {
  const { texts, locale } = useChatContext()
  const id = useId()
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <li data-current={session.current || undefined} data-state={ending ? 'pending' : 'idle'}>
      <div>
        <strong id={id}>{session.device || texts.unknownDevice}</strong>
        <span>{texts.platforms[session.platform]}</span>
        {session.current ? <em>{texts.thisDevice}</em> : null}
        <small>{fill(texts.signedIn, time.format(session.loginTime))}</small>
        {session.current ? null : (
          <small>{fill(texts.lastSeen, time.format(session.lastActiveTime))}</small>
        )}
      </div>
      {session.current ? null : (
        <button type="button" disabled={busy} aria-describedby={id} onClick={onEnd}>
          {ending ? texts.signingOut : texts.signOut}
        </button>
      )}
    </li>
  )
}
