import type { ChatSnapshot } from '@chatgate/core'
import { useLoginStatus } from '@chatgate/react'
import { useState } from 'react'

const selectUserID = (snapshot: ChatSnapshot) => snapshot.userID || snapshot.kick?.userID || ''

/**
 * The UserID last logged in (or logging in), kept after logout so "Log in again" is one
 * click; in a tab that opened or reloaded after a kick the tabs share, the kicked one.
 */
export function useLastUserID(): string {
  const userID = useLoginStatus(selectUserID)
  const [last, setLast] = useState(userID)
  // React's "adjust state while rendering": remembered without an extra effect pass.
  if (userID && userID !== last) setLast(userID)
  return userID || last
}
