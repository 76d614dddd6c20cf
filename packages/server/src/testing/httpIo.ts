import type { IncomingMessage, ServerResponse } from 'node:http'
import { type ChatError, chatError, ERROR_CODES } from '@chatgate/protocol'
import { readJsonBody, sendJson } from '../rest/httpIo.js'

// The Node side of a development page (the demo, Storybook) answers its page in the
// login server's own error shape, `{ code, message }`, with the server's body reader.

export { sendJson }

/** Bodies a development page posts are tiny; anything larger is refused unread. */
const MAX_PAGE_BODY_BYTES = 16 * 1024

/** Sends `{ code, message }` (an `Error`'s message would not survive JSON.stringify). */
export function sendError(res: ServerResponse, status: number, error: ChatError): void {
  sendJson(res, status, { code: error.code, message: error.message })
}

/** Reads a JSON object body; resolves to a ChatError instead of throwing on bad input. */
export async function readJsonObject(
  req: IncomingMessage,
): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; error: ChatError }> {
  // No body at all reads as `{}`: the route then names the field that is missing.
  if (req.headers['content-length'] === '0') return { ok: true, value: {} }
  const body = await readJsonBody(req, MAX_PAGE_BODY_BYTES)
  if (!body.ok) {
    const code =
      body.problem === 'tooLarge' ? ERROR_CODES.FRAME_TOO_LARGE : ERROR_CODES.INVALID_JSON
    return { ok: false, error: chatError(code) }
  }
  const { value } = body
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      error: chatError(ERROR_CODES.INVALID_PARAMETERS, 'The body must be a JSON object.'),
    }
  }
  return { ok: true, value: value as Record<string, unknown> }
}

/**
 * The request's path, percent-decoded; null when the target is not a valid URL path
 * (`//`, bad escapes), on which `new URL` and `decodeURIComponent` throw.
 */
export function requestPath(req: IncomingMessage): string | null {
  try {
    return decodeURIComponent(new URL(req.url ?? '/', 'http://page').pathname)
  } catch {
    return null
  }
}
