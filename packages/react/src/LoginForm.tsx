import type { ChatError } from '@chatgate/protocol'
import { isValidUserID, USER_ID_INVALID } from '@chatgate/protocol'
import { type FormEvent, useId, useState } from 'react'
import { classNames } from './classNames.js'
import { errorText } from './messages.js'
import { useChatContext } from './useChat.js'
import { useLogin } from './useLogin.js'

export interface LoginFormProps {
  /** Fetches a UserSig for the UserID, e.g. from your backend. */
  getUserSig: (userID: string) => string | Promise<string>
  onLoggedIn?: (userID: string) => void
  defaultUserID?: string
  autoFocus?: boolean
  /** Show this error instead of the login's own (server-rendered errors, stories). */
  error?: ChatError | null
  /** Show the pending state regardless of the login's own. */
  pending?: boolean
  className?: string
}

/** A native login form: validates the UserID, fetches the sig, logs in, shows the refusal. */
export function LoginForm(props: LoginFormProps) {
  const { texts, locale, unstyled } = useChatContext()
  const login = useLogin()
  const [userID, setUserID] = useState(props.defaultUserID ?? '')
  const [invalid, setInvalid] = useState(false)
  const id = useId()
  const pending = props.pending ?? login.isPending
  const error: ChatError | null = invalid
    ? { code: USER_ID_INVALID, message: '' }
    : props.error !== undefined
      ? props.error
      : login.error
  const state = pending ? 'pending' : error ? 'error' : 'idle'

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    // Checked here so a typo never costs a round trip (and never counts as a failed login).
    if (!isValidUserID(userID)) return setInvalid(true)
    setInvalid(false)
    const { getUserSig, onLoggedIn } = props
    login.mutate(
      { userID, getUserSig: () => getUserSig(userID) },
      { onSuccess: () => onLoggedIn?.(userID) },
    )
  }

  return (
    <form
      className={classNames(unstyled, 'chatgate-login-form', props.className)}
      data-state={state}
      aria-busy={pending}
      noValidate
      onSubmit={submit}
    >
      <label htmlFor={`${id}-user`}>{texts.userIDLabel}</label>
      <input
        id={`${id}-user`}
        name="userID"
        autoComplete="username"
        autoCapitalize="off"
        spellCheck={false}
        // biome-ignore lint/a11y/noAutofocus: the gate's form is the page's only task
        autoFocus={props.autoFocus}
        value={userID}
        readOnly={pending}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-error`}
        onChange={(event) => setUserID(event.target.value)}
      />
      <button type="submit" disabled={pending}>
        {texts.logIn}
      </button>
      <p id={`${id}-error`} role="status" aria-live="polite" data-code={error?.code}>
        {error ? `${errorText(texts, error.code, locale)} (${error.code})` : null}
      </p>
    </form>
  )
}
