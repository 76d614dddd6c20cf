import type { ChatOptions, LoginOptions } from '@chatgate/core'
import { type ChatError, clientError, REQUEST_TIMEOUT } from '@chatgate/protocol'
import { fromWireError, type TabMessage, toWireError } from './wire.js'

type GetUserSig = NonNullable<LoginOptions['getUserSig']>
type SigAnswer = TabMessage & { t: 'sig' }

/**
 * Where the leader gets a fresh UserSig to renew the session: its own tab's `getUserSig`
 * (the last one a `login` in that tab was given), else the first other tab that has one
 * and answers. So an app whose every tab logs in with a `getUserSig` calls it once per
 * renewal, in the leader.
 */
export interface UserSigs {
  /** Remembers this tab's `getUserSig`. */
  keep(getUserSig: GetUserSig | undefined): void
  /** For the leader's `Chat`: a fresh UserSig for `userID`. */
  fetch(userID: string): Promise<string>
  /** A follower answers a leader's question, if it can. */
  answer(question: TabMessage & { t: 'sig?' }): void
  /** The leader hears an answer. */
  heard(answer: SigAnswer): void
}

export function shareUserSigs(
  options: Pick<ChatOptions, 'timers' | 'requestTimeoutMs'>,
  post: (message: TabMessage) => void,
  newId: () => string,
): UserSigs {
  let own: GetUserSig | undefined
  const waiting = new Map<string, (answer: SigAnswer) => void>()
  return {
    keep(getUserSig) {
      own = getUserSig ?? own
    },
    fetch: (userID) =>
      own
        ? Promise.resolve(own(userID))
        : new Promise<string>((resolve, reject) => {
            const id = newId()
            const timers = options.timers ?? globalThis
            const timer = timers.setTimeout(
              () => settle({ t: 'sig', id, error: toWireError(clientError(REQUEST_TIMEOUT)) }),
              options.requestTimeoutMs ?? 15_000,
            )
            const settle = ({ userSig, error }: SigAnswer) => {
              waiting.delete(id)
              timers.clearTimeout(timer)
              // The app's own failure has no code: core reports it as 6206, as in a `Chat`.
              if (error) reject(error.code ? fromWireError(error) : new Error(error.message))
              else resolve(userSig!)
            }
            waiting.set(id, settle)
            post({ t: 'sig?', id, userID })
          }),
    answer({ id, userID }) {
      if (!own) return
      Promise.resolve(userID)
        .then(own)
        .then(
          (userSig) => post({ t: 'sig', id, userSig }),
          (error: ChatError) => post({ t: 'sig', id, error: toWireError(error) }),
        )
    },
    heard: (answer) => waiting.get(answer.id)?.(answer),
  }
}
