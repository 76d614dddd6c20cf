import { type ChatError, chatError, type ErrorCode } from '@chatgate/protocol'

/** Keeps a `{ code, message }` as it is; anything else thrown becomes `fallback`'s code. */
export function toChatError(error: unknown, fallback: ErrorCode): ChatError {
  const { code, message } = (error ?? {}) as Partial<ChatError>
  if (typeof code === 'number' && typeof message === 'string') return { code, message }
  return chatError(fallback, typeof message === 'string' ? message : undefined)
}
