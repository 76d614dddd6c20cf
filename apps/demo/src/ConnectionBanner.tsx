import type { ChatSnapshot } from '@chatgate/core'
import { LOGIN_STATUS, NET_STATES, type NetState } from '@chatgate/protocol'
import { useLoginStatus } from '@chatgate/react'

const selectLostConnection = (snapshot: ChatSnapshot): NetState | null =>
  snapshot.loginStatus === LOGIN_STATUS.LOGINED &&
  snapshot.netState !== NET_STATES.NET_STATE_CONNECTED
    ? snapshot.netState
    : null

/**
 * Shown while a logged-in client has lost its connection. The client reconnects and
 * resumes the session by itself; the app only has to say so.
 */
export function ConnectionBanner() {
  const lost = useLoginStatus(selectLostConnection)
  if (!lost) return null
  return (
    <p className="demo-banner" role="status" data-net-state={lost}>
      Connection lost: reconnecting… <code>{lost}</code> Your session is kept; no need to log in
      again.
    </p>
  )
}
