import { type ChatError, clientError, USER_SIG_MISSING } from '@chatgate/protocol'

/** A login that never started because the app's `getUserSig` failed: 2003 with the cause. */
interface UserSigFailure extends ChatError {
  userSigFailure: string
}

/** Calls the app's sig source; its failure becomes 2003 carrying the app's own words. */
export async function fetchUserSig(
  getUserSig: (userID: string) => string | Promise<string>,
  userID: string,
): Promise<string> {
  try {
    return await getUserSig(userID)
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    const error: UserSigFailure = Object.assign(
      clientError(USER_SIG_MISSING, `Could not get a UserSig: ${reason}`),
      { userSigFailure: reason, cause },
    )
    throw error
  }
}

/** The app's reason when `error` came from a failing `getUserSig`, else undefined. */
export function userSigFailureReason(error: ChatError): string | undefined {
  return (error as Partial<UserSigFailure>).userSigFailure
}
