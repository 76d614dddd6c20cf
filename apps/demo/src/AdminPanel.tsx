import { isValidUserID } from '@chatgate/protocol'
import { useMutation } from '@tanstack/react-query'
import { useId, useState } from 'react'
import {
  type DemoApiError,
  kickUser,
  type QueryOnlineStatusResponse,
  queryOnline,
  type RestEnvelope,
} from './demoApi.js'

type AdminAction = 'kick' | 'online'

type AdminOutcome =
  | { action: 'kick'; userID: string; answer: RestEnvelope }
  | { action: 'online'; userID: string; answer: QueryOnlineStatusResponse }

async function runAdminAction({
  action,
  userID,
}: {
  action: AdminAction
  userID: string
}): Promise<AdminOutcome> {
  switch (action) {
    case 'kick':
      return { action, userID, answer: await kickUser(userID) }
    case 'online':
      return { action, userID, answer: await queryOnline([userID]) }
    default:
      return action satisfies never
  }
}

/**
 * The server admin's side: kick a user and query who is online, through the admin REST
 * API. The admin UserSig is made by the demo's Node side; the browser never sees it.
 */
export function AdminPanel({ defaultUserID = '' }: { defaultUserID?: string }) {
  const id = useId()
  const [target, setTarget] = useState(defaultUserID)
  // One mutation for both buttons, so the panel shows the last answer only.
  const admin = useMutation<AdminOutcome, DemoApiError, { action: AdminAction; userID: string }>({
    mutationFn: runAdminAction,
  })
  const disabled = !isValidUserID(target) || admin.isPending

  return (
    <section className="demo-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Server admin</h2>
      <p className="demo-hint">
        Calls the admin REST API (<code>im_open_login_svc/kick</code>,{' '}
        <code>openim/query_online_status</code>) with an admin UserSig made on the Node side.
      </p>
      <form className="demo-admin-form" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={`${id}-target`}>Target UserID</label>
        <input
          id={`${id}-target`}
          value={target}
          autoCapitalize="off"
          spellCheck={false}
          onChange={(event) => setTarget(event.target.value)}
        />
        <button
          type="button"
          disabled={disabled}
          onClick={() => admin.mutate({ action: 'kick', userID: target })}
        >
          Kick user
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() => admin.mutate({ action: 'online', userID: target })}
        >
          Check online status
        </button>
      </form>
      <div
        role="status"
        aria-live="polite"
        data-testid="admin-result"
        data-state={admin.status}
        data-submitted-at={admin.submittedAt || undefined}
      >
        {admin.error ? <p>{`${admin.error.message} (${admin.error.code})`}</p> : null}
        {admin.data ? <AdminAnswer outcome={admin.data} /> : null}
      </div>
    </section>
  )
}

function AdminAnswer({ outcome }: { outcome: AdminOutcome }) {
  const { answer } = outcome
  if (answer.ActionStatus !== 'OK') {
    return <p>{`Refused: ${answer.ErrorInfo} (${answer.ErrorCode})`}</p>
  }
  if (outcome.action === 'kick') {
    return <p>{`Kicked ${outcome.userID}: every instance was logged out.`}</p>
  }
  return (
    <ul className="demo-online">
      {(outcome.answer.QueryResult ?? []).map((entry) => (
        <li key={entry.To_Account} data-user={entry.To_Account} data-status={entry.Status}>
          {`${entry.To_Account}: ${entry.Status}`}
          {entry.Detail?.length
            ? ` (${entry.Detail.map((d) => `${d.Platform} ${d.Status}`).join(', ')})`
            : ''}
        </li>
      ))}
    </ul>
  )
}
