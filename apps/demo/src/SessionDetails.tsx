import { useChat, useLoginStatus } from '@chatgate/react'
import { loginStatusLabel, netStateLabel } from './statusLabels.js'
import type { DemoClient } from './tabSharing.js'
import { useNow } from './useNow.js'

/** The client's snapshot: who, login status, network state, UserSig life left, last error. */
export function SessionDetails() {
  const { userID, loginStatus, netState, userSigExpiresAt, error } = useLoginStatus()
  // Read on every snapshot change: a handover changes the network state in every tab.
  const leads = (useChat() as DemoClient).isLeader?.()
  const now = useNow(userSigExpiresAt === null ? null : 1000)
  return (
    <dl className="demo-details">
      <dt>User</dt>
      <dd data-testid="user-id">{userID || '—'}</dd>
      <dt>Login status</dt>
      <dd data-testid="login-status" data-value={loginStatus}>
        {loginStatusLabel(loginStatus)} <code>{loginStatus}</code>
      </dd>
      <dt>Network</dt>
      <dd data-testid="net-state" data-value={netState}>
        {netStateLabel(netState)} <code>{netState}</code>
      </dd>
      <dt>Connection</dt>
      <dd data-testid="connection" data-leader={leads ?? 'own'}>
        {leads === undefined
          ? "this tab's own"
          : leads
            ? 'held by this tab, for every tab'
            : 'shared, held by another tab'}
      </dd>
      <dt>UserSig</dt>
      <dd data-testid="usersig-expiry" data-expires-at={userSigExpiresAt ?? undefined}>
        {userSigExpiresAt === null ? '—' : expiryText(userSigExpiresAt - now)}
      </dd>
      <dt>Last error</dt>
      <dd data-testid="last-error" data-code={error?.code}>
        {error ? `${error.message} (${error.code})` : '—'}
      </dd>
    </dl>
  )
}

function expiryText(msLeft: number): string {
  if (msLeft <= 0) return 'expired'
  const seconds = Math.ceil(msLeft / 1000)
  if (seconds < 120) return `expires in ${seconds} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 120) return `expires in ${minutes} min`
  const hours = Math.round(minutes / 60)
  return hours < 48 ? `expires in ${hours} h` : `expires in ${Math.round(hours / 24)} days`
}
