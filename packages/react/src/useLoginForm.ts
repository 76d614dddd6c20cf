import { type ChatError, clientError, isValidUserID, USER_ID_INVALID } from '@chatgate/protocol'
import { useState } from 'react'
import { errorText } from './messages.js'
import { useChatContext } from './useChat.js'
import { useKitState } from './useKitState.js'
import { type GetUserSig, useLogin } from './useLogin.js'

const noop = () => {}

export interface LoginFormOptions {
  /** Fetches a UserSig for the UserID, e.g. from your backend. */
  getUserSig: GetUserSig
  onLoggedIn?: (userID: string) => void
  /** The UserID the field starts with. @default '' */
  defaultUserID?: string
  /** Show this error instead of the login's own (server-rendered errors, stories). */
  error?: ChatError | null
  /** Show the pending state regardless of the login's own. */
  pending?: boolean
  /** End the error line with the code, e.g. "… contact support. (70001)". @default false */
  showErrorCode?: boolean
}

export interface LoginFormState {
  userID: string
  setUserID: (userID: string) => void
  /** Validates the UserID (no network traffic for a bad one), fetches the sig, logs in. */
  submit: (event?: { preventDefault(): void }) => void
  pending: boolean
  error: ChatError | null
  /** The error as the form shows it, in plain words in the provider's locale, or null. */
  errorText: string | null
  /** Why the form is here when that is no error: the kick that signed this tab out. */
  notice: string | null
  state: 'idle' | 'pending' | 'error'
}

/**
 * The state and submit logic of `LoginForm`, without its markup: render your own fields and
 * buttons around it. A silent login that failed shows its reason here until the user tries;
 * after a kick (also after a reload of the kicked tab) `notice` says why.
 */
export function useLoginForm(options: LoginFormOptions): LoginFormState {
  const { texts } = useChatContext()
  const login = useLogin()
  const kit = useKitState()
  const [userID, setUserID] = useState(options.defaultUserID ?? '')
  const [invalid, setInvalid] = useState(false)
  const pending = options.pending ?? login.isPending
  const error: ChatError | null = invalid
    ? clientError(USER_ID_INVALID)
    : options.error !== undefined
      ? options.error
      : (login.error ?? (login.isIdle ? kit.error : null))
  const kickType = !pending && !error && kit.kickMark?.type

  function submit(event?: { preventDefault(): void }) {
    event?.preventDefault()
    if (pending) return
    // Checked here so a typo never costs a round trip (and never counts as a failed login).
    if (!isValidUserID(userID)) return setInvalid(true)
    setInvalid(false)
    const { getUserSig, onLoggedIn } = options
    // Not `mutate`'s onSuccess: the gate unmounts this form the moment the user is in, and
    // react-query drops the callbacks of an unmounted caller.
    login.mutateAsync({ userID, getUserSig }).then(() => onLoggedIn?.(userID), noop)
  }

  return {
    userID,
    setUserID,
    submit,
    pending,
    error,
    errorText: error && errorText(texts, error, options.showErrorCode),
    notice: kickType ? texts.kicked[kickType].text : null,
    state: pending ? 'pending' : error ? 'error' : 'idle',
  }
}
