import type { KickInfo } from '@chatgate/core'
import { type ReactNode, useId, useLayoutEffect, useRef } from 'react'
import { classNames } from './classNames.js'
import { claimDialog } from './dialogSlot.js'
import { fill } from './messages.js'
import { useChatContext } from './useChat.js'
import { useKickedOut } from './useKickedOut.js'
import { useStore } from './useKitState.js'

export interface KickedOutModalProps {
  /** Show this kick instead of the provider's current one (controlled use, stories). */
  kick?: KickInfo | null
  /** Called after "Log in again" acknowledged the kick; send the user to your login. */
  onLogInAgain?: () => void
  /**
   * The dialog's body, instead of the kick type's text (or, when the kick names the device
   * that caused it, "You signed in on {device}…" / "Signed out from {device}…"); it still
   * describes the dialog.
   */
  children?: ReactNode
  className?: string
}

/** How a dialog ranks for the provider's one slot: the app's own outranks the gate's. */
export const APP_DIALOG = 1
export const GATE_DIALOG = 0

/**
 * Tells the user why the account was signed out. A native modal `<dialog>`: the page
 * behind is inert, focus is trapped and lands on "Log in again", and it returns where it
 * was on close. It cannot be dismissed any other way than by "Log in again". However
 * many are rendered under one provider, only one opens.
 */
export function KickedOutModal(props: KickedOutModalProps) {
  return <KickedOutDialog {...props} rank={APP_DIALOG} />
}

export function KickedOutDialog(props: KickedOutModalProps & { rank: number }) {
  const { texts, unstyled, dialogSlot } = useChatContext()
  const current = useKickedOut()
  const id = useId()
  const owner = useStore(dialogSlot.owner)
  useLayoutEffect(() => claimDialog(dialogSlot, id, props.rank), [dialogSlot, id, props.rank])
  const kick = owner !== id ? null : props.kick !== undefined ? props.kick : current.kick
  const dialogRef = useRef<HTMLDialogElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const open = kick !== null

  useLayoutEffect(() => {
    const dialog = dialogRef.current
    if (!open || !dialog) return
    const returnFocus = document.activeElement
    dialog.showModal()
    buttonRef.current?.focus()
    return () => {
      dialog.close()
      if (returnFocus instanceof HTMLElement && returnFocus.isConnected) returnFocus.focus()
    }
  }, [open])

  if (!kick) return null
  const { by, type } = kick
  const { title, text } = texts.kicked[type]
  return (
    <dialog
      ref={dialogRef}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      data-state="open"
      data-kick-type={type}
      className={classNames(unstyled, 'chatgate-kicked-out', props.className)}
      // Escape fires `cancel`; the user must choose "Log in again". `closedby` stops
      // Chromium's second-Escape escape hatch.
      {...{ closedby: 'none' }}
      onCancel={(event) => event.preventDefault()}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-text`} className={classNames(unstyled, 'chatgate-kicked-out-body')}>
        {props.children ?? (
          <p>
            {by
              ? fill(
                  type === 'sessionEnded' ? texts.kickedByEnd : texts.kickedByLogin,
                  by.device || texts.platforms[by.platform],
                )
              : text}
          </p>
        )}
      </div>
      <button
        ref={buttonRef}
        type="button"
        onClick={() => {
          current.acknowledge()
          props.onLogInAgain?.()
        }}
      >
        {texts.logInAgain}
      </button>
    </dialog>
  )
}
