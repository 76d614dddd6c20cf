import { useId } from 'react'
import { CardHeader, type CardHeaderProps } from './CardHeader.js'
import { classNames } from './classNames.js'
import { useChatContext } from './useChat.js'
import { type LoginFormOptions, useLoginForm } from './useLoginForm.js'

export interface LoginFormProps extends LoginFormOptions, CardHeaderProps {
  autoFocus?: boolean
  className?: string
}

/**
 * A native login form on a card: validates the UserID, fetches the sig, logs in with a
 * spinner and "Logging in…" in the button, and says under the field why it failed, in
 * plain words (or, after a kick, why the user is here). Built on `useLoginForm`.
 */
export function LoginForm(props: LoginFormProps) {
  const { texts, unstyled } = useChatContext()
  const form = useLoginForm(props)
  const id = useId()
  return (
    <form
      className={classNames(unstyled, 'chatgate-card chatgate-login-form', props.className)}
      data-state={form.state}
      aria-busy={form.pending}
      aria-labelledby={props.heading === null ? undefined : `${id}-heading`}
      noValidate
      onSubmit={form.submit}
    >
      <CardHeader id={id} logo={props.logo} heading={props.heading} appName={props.appName} />
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
      <p
        id={`${id}-error`}
        role="status"
        aria-live="polite"
        data-code={form.error?.code}
        data-tone={form.error ? 'error' : form.notice ? 'notice' : undefined}
      >
        {form.errorText ?? form.notice}
      </p>
      <button type="submit" disabled={form.pending}>
        {form.pending ? texts.loggingIn : texts.logIn}
      </button>
    </form>
  )
}
