import type { ReactNode } from 'react'
import { classNames } from './classNames.js'
import { fill } from './messages.js'
import { useChatContext } from './useChat.js'

/** The top of the kit's cards: the app's logo, the heading and "to continue to {app}". */
export interface CardHeaderProps {
  /** Above the heading: your logo (an `<img>` or `<svg>` with its own accessible name). */
  logo?: ReactNode
  /** The card's heading; `null` leaves it out. @default texts.heading ("Log in to chat") */
  heading?: ReactNode
  /** Your app's name: the subtitle under the heading says "to continue to {appName}". */
  appName?: string
}

/** The header every card of the kit shares, so the loading, reconnecting and form cards line up. */
export function CardHeader({ id, logo, heading, appName }: CardHeaderProps & { id: string }) {
  const { texts, unstyled } = useChatContext()
  if (heading === null && !logo && !appName) return null
  return (
    <div className={classNames(unstyled, 'chatgate-header')}>
      {logo}
      {heading === null ? null : <h2 id={`${id}-heading`}>{heading ?? texts.heading}</h2>}
      {appName ? <p>{fill(texts.continueTo, appName)}</p> : null}
    </div>
  )
}
