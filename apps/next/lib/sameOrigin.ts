/**
 * Whether a request comes from this app's own pages. Browsers send `Sec-Fetch-Site` on
 * every fetch and `Origin` on every POST; a request carrying neither is refused too, so
 * another site's page can never obtain a UserSig through a signed-in visitor's cookie.
 */
export function isSameOrigin(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site')
  const origin = request.headers.get('origin')
  if (site === null && origin === null) return false
  if (site !== null && site !== 'same-origin') return false
  if (origin !== null) {
    const host = request.headers.get('host')
    try {
      if (host === null || new URL(origin).host !== host) return false
    } catch {
      return false
    }
  }
  return true
}
