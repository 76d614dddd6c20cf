import type { IncomingMessage, ServerResponse } from 'node:http'

/** Largest request body the REST endpoints read. */
export const MAX_BODY_BYTES = 64 * 1024

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; problem: 'tooLarge' | 'invalidJson' }

/** Reads a JSON body, stopping (without buffering further) once it passes the cap. */
export function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume()
      resolve({ ok: false, problem: 'tooLarge' })
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    req.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (size > maxBytes) {
        done = true
        chunks.length = 0
        resolve({ ok: false, problem: 'tooLarge' })
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (done) return
      done = true
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
      } catch {
        resolve({ ok: false, problem: 'invalidJson' })
      }
    })
    req.on('error', () => {
      if (done) return
      done = true
      resolve({ ok: false, problem: 'invalidJson' })
    })
  })
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(text)
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType: string,
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  })
  res.end(text)
}
