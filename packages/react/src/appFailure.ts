import { type ChatError, clientError, USER_SIG_MISSING } from '@chatgate/protocol'

/** A login that never reached the client because the app's own code failed: 2003 with the cause. */
interface AppFailure extends ChatError {
  appFailure: string
}

/**
 * Runs the app's own part of a login (`getUserSig`, `autoLogin`); its failure becomes 2003
 * carrying the app's own words, which the form shows.
 */
export async function callApp<T>(task: () => T | Promise<T>): Promise<T> {
  try {
    return await task()
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw Object.assign(clientError(USER_SIG_MISSING, `Could not get a UserSig: ${reason}`), {
      appFailure: reason,
      cause,
    }) satisfies AppFailure
  }
}

/** The app's reason when `error` came from its own failing code, else undefined. */
export function appFailureReason(error: ChatError): string | undefined {
  return (error as Partial<AppFailure>).appFailure
}
