import { isIP } from 'node:net'

/** 127.0.0.0/8, ::1, and IPv4-mapped 127.x (`::ffff:127.0.0.1`, how a dual-stack socket reports it). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address
  switch (isIP(bare)) {
    case 4:
      return bare.startsWith('127.')
    case 6: {
      const lower = bare.toLowerCase()
      return lower === '::1' || /^::ffff:127\./.test(lower)
    }
    default:
      return false
  }
}

/** A host name or address that can only mean this machine: loopback IPs and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase().replace(/\.$/, '')
  return lower === 'localhost' || lower.endsWith('.localhost') || isLoopbackAddress(lower)
}

/** The host name of a `Host` header (`localhost:8080` → `localhost`, `[::1]:80` → `::1`). */
export function hostHeaderName(header: string | undefined): string | undefined {
  if (!header) return undefined
  try {
    const name = new URL(`http://${header}`).hostname
    return name.startsWith('[') ? name.slice(1, -1) : name
  } catch {
    return undefined
  }
}
