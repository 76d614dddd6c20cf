import type { ReactNode } from 'react'
import { classNames } from './classNames.js'
import { useChatContext } from './useChat.js'
import { useLogout } from './useLogout.js'

export interface SignOutButtonProps {
  /** The label. @default texts.signOut ("Sign out") */
  children?: ReactNode
  /**
   * Your app's own sign-out (end its session), run first; the chat logs out once it
   * resolves, and not at all if it throws. A reload in between then cannot log back in.
   */
  appSignOut?: () => unknown
  /** Runs once the logout is done (SDK_NOT_READY has fired). */
  onSignedOut?: () => void
  className?: string
}

/** Logs out; disabled with a spinner and "Signing out…" while the logout runs. */
export function SignOutButton(props: SignOutButtonProps) {
  const { texts, unstyled } = useChatContext()
  const logout = useLogout()
  const pending = logout.isPending
  return (
    <button
      type="button"
      className={classNames(unstyled, 'chatgate-sign-out', props.className)}
      data-state={pending ? 'pending' : 'idle'}
      disabled={pending}
      aria-busy={pending}
      // The gate may unmount the button once logged out: not `mutate`'s callbacks.
      onClick={() => logout.mutateAsync(props.appSignOut).then(props.onSignedOut, () => {})}
    >
      {pending ? texts.signingOut : (props.children ?? texts.signOut)}
    </button>
  )
}
