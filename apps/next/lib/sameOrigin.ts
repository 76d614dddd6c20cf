/**
 * The origin this deployment is served at, `APP_ORIGIN` (e.g. `https://chat.example.com`),
 * or undefined when unset: then only loopback hosts are answered (development).
 */
export function configuredAppOrigin(): string | undefined {
  const value = process.env.APP_ORIGIN
  if (!value) return undefined
  let origin: string | undefined
  try {
    origin = new URL(value).origin
  } catch {}
  if (origin !== value) {
    throw new Error('APP_ORIGIN must be an origin such as https://chat.example.com (no path).')
  }
  return origin
}

/** A host name that can only mean this machine: `localhost`, `*.localhost`, 127.x, [::1]. */
function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.replace(/\.$/, '')
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  )
}

/** `Host` as a URL reads it (lower case, ports and IPv6 brackets normalized), or undefined. */
function hostOf(header: string | null): URL | undefined {
  if (!header) return undefined
  try {
    return new URL(`http://${header}`)
  } catch {
    return undefined
  }
}

/**
 * Whether a request comes from this app's own pages, at this app's own address.
 *
 * Browsers send `Sec-Fetch-Site` on every fetch and `Origin` on every POST; a request
 * carrying neither is refused too, so another site's page can never obtain a UserSig
 * through a signed-in visitor's cookie. The `Host` must be the deployment's own: the host
 * of `appOrigin` (`APP_ORIGIN`) when one is configured, else a loopback host. Otherwise a
 * page of another site that rebinds its own name to this server's address would send
 * `Host: evil.example` with a matching `Origin`, and look same-origin.
 */
export function isSameOrigin(request: Request, appOrigin = configuredAppOrigin()): boolean {
  const host = hostOf(request.headers.get('host'))
  if (!host) return false
  if (appOrigin === undefined) {
    if (!isLoopbackHostname(host.hostname)) return false
  } else if (host.host !== new URL(appOrigin).host) {
    return false
  }
  const site = request.headers.get('sec-fetch-site')
  const origin = request.headers.get('origin')
  if (site === null && origin === null) return false
  if (site !== null && site !== 'same-origin') return false
  if (origin !== null) {
    try {
      const page = new URL(origin)
      if (appOrigin !== undefined ? page.origin !== appOrigin : page.host !== host.host) {
        return false
      }
    } catch {
      return false
    }
  }
  return true
}
