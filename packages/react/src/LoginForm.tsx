import type { ReactNode } from 'react'
import { useId } from 'react'
import { classNames } from './classNames.js'
import { useChatContext } from './useChat.js'
import { type LoginFormOptions, useLoginForm } from './useLoginForm.js'

export interface LoginFormProps extends LoginFormOptions {
  /** The card's heading; `null` leaves it out. @default texts.heading ("Log in to chat") */
  heading?: ReactNode
  autoFocus?: boolean
  className?: string
}

/**
 * A native login form on a card: validates the UserID, fetches the sig, logs in, shows a
 * spinner while it runs and the refusal under the field. Built on `useLoginForm`.
 */
export function LoginForm(props: LoginFormProps) {
  const { texts, unstyled } = useChatContext()
  const form = useLoginForm(props)
  const id = useId()
  const heading = props.heading === undefined ? texts.heading : props.heading
  return (
    <form
      className={classNames(unstyled, 'chatgate-login-form', props.className)}
      data-state={form.state}
      aria-busy={form.pending}
      aria-labelledby={heading === null ? undefined : `${id}-heading`}
      noValidate
      onSubmit={form.submit}
    >
      {heading === null ? null : <h2 id={`${id}-heading`}>{heading}</h2>}
      <label htmlFor={`${id}-user`}>{texts.userIDLabel}</label>
      <input
        id={`${id}-user`}
        name="userID"
        autoComplete="username"
        autoCapitalize="off"
        spellCheck={false}
        // biome-ignore lint/a11y/noAutofocus: the gate's form is the page's only task
        autoFocus={props.autoFocus}
        value={form.userID}
        readOnly={form.pending}
        aria-invalid={form.error ? true : undefined}
        aria-describedby={`${id}-error`}
        onChange={(event) => form.setUserID(event.target.value)}
      />
      <p id={`${id}-error`} role="status" aria-live="polite" data-code={form.error?.code}>
        {form.pending ? texts.loggingIn : form.errorText}
      </p>
      <button type="submit" disabled={form.pending}>
        {texts.logIn}
      </button>
    </form>
  )
}
