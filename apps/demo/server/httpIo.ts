import type { IncomingMessage, ServerResponse } from 'node:http'
import { type ChatError, chatError, ERROR_CODES } from '@chatgate/protocol'

/** Bodies the demo routes accept are tiny; anything larger is refused unread. */
const MAX_BODY_BYTES = 16 * 1024

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  })
  res.end(text)
}

export function sendError(res: ServerResponse, status: number, error: ChatError): void {
  sendJson(res, status, error)
}

/** Reads a JSON object body; resolves to a ChatError instead of throwing on bad input. */
export async function readJsonObject(
  req: IncomingMessage,
): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; error: ChatError }> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) return { ok: false, error: chatError(ERROR_CODES.FRAME_TOO_LARGE) }
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  let value: unknown
  try {
    value = text === '' ? {} : JSON.parse(text)
  } catch {
    return { ok: false, error: chatError(ERROR_CODES.INVALID_JSON) }
  }
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
 * (`//`, bad escapes). `new URL` and `decodeURIComponent` throw on those.
 */
export function requestPath(req: IncomingMessage): string | null {
  try {
    return decodeURIComponent(new URL(req.url ?? '/', 'http://demo').pathname)
  } catch {
    return null
  }
}
