import type { IncomingMessage } from 'node:http'
import { hostHeaderName, isLoopbackAddress, isLoopbackHost } from './loopback.js'

export type OriginVerdict =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; headers: Record<string, string>; reason: 'host' | 'origin'; message: string }

/**
 * Who may call the dev UserSig endpoint:
 * - a request without `Origin` (curl, a server-side relay such as the demo's): not a web page;
 * - a page of the same origin, or of an origin listed in `dev.allowOrigins` (which alone
 *   gets CORS headers naming it, never `*`).
 * Every other web origin is refused outright rather than merely left without CORS headers:
 * a cross-site "simple" POST would otherwise still be served, its answer only hidden.
 *
 * On a connection that arrived over loopback the `Host` header must name this machine
 * too, so a page that rebinds its own domain to 127.0.0.1 is not "same origin".
 */
export function judgeOrigin(req: IncomingMessage, allowOrigins: readonly string[]): OriginVerdict {
  // The answer depends on Origin, so no cache may hand it to another origin.
  const headers: Record<string, string> = { vary: 'Origin' }
  const host = req.headers.host
  if (isLoopbackAddress(req.socket.localAddress)) {
    const name = hostHeaderName(host)
    if (name === undefined || !isLoopbackHost(name)) {
      return {
        ok: false,
        headers,
        reason: 'host',
        message: 'The Host header must name this machine (localhost).',
      }
    }
  }
  const origin = req.headers.origin
  if (origin === undefined) return { ok: true, headers }
  if (allowOrigins.includes(origin)) {
    return {
      ok: true,
      headers: {
        ...headers,
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      },
    }
  }
  if (host !== undefined && sameHost(origin, host)) return { ok: true, headers }
  return {
    ok: false,
    headers,
    reason: 'origin',
    message: `The origin ${origin.slice(0, 100)} may not call this endpoint.`,
  }
}

function sameHost(origin: string, host: string): boolean {
  try {
    const url = new URL(origin)
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host.toLowerCase()
    )
  } catch {
    return false
  }
}

/**
 * `application/json`, with or without parameters such as `; charset=utf-8`. Requiring it
 * makes a browser preflight any cross-origin POST: a page cannot send it as a "simple"
 * request the way it can send `text/plain` or a form.
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json'
}
