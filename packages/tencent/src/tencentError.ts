import {
  ChatError,
  clientError,
  clientMessage,
  INVALID_PARAMETERS,
  type Locale,
} from '@chatgate/protocol'

/**
 * Every failure as an `Error` with a numeric `code` and a `message` (rule 28). The real
 * SDK's rejections are such errors and stay as they are, unless their `message` is empty,
 * as it is for its own client-side codes (2024, 2801, …): then the message comes from
 * protocol's table in `locale`, with the SDK's `data` kept. Its ERROR event data is a plain
 * `{ code, message }`; its synchronous "Params validate failed." has no code and becomes
 * 6017 with its message.
 */
export function asChatError(caught: unknown, locale: Locale): ChatError {
  const { code, message, data } = (caught ?? {}) as {
    code?: unknown
    message?: unknown
    data?: unknown
  }
  if (typeof code !== 'number') {
    return clientError(INVALID_PARAMETERS, String(message || caught))
  }
  if (message && caught instanceof Error) return caught as ChatError
  // The SDK's `data` is an object or missing (then ChatError makes it `{}`).
  return new ChatError(
    code,
    String(message || clientMessage(code, locale)),
    data as Record<string, unknown> | undefined,
  )
}
