import { isIP } from 'node:net'

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i

/** One group of an IPv6 address as written; an embedded IPv4 tail (`1.2.3.4`) is two. */
const groupCount = (groups: readonly string[]) =>
  groups.reduce((n, group) => n + (group.includes('.') ? 2 : 1), 0)

/**
 * What the per-address limits count a client by: an IPv4 address itself, an IPv6 address
 * by its /64 (`2001:db8:1:2::/64`). A /64 is what one subscriber — a home, a phone — is
 * given, so counting single IPv6 addresses would let one client pass every per-address
 * limit by moving through its own 2^64 of them. Logs keep the full address.
 */
export function addressLimitKey(address: string): string {
  // Every IPv6 address has a colon: an IPv4 one (most clients) skips isIP, which runs on
  // each cap and limiter check of every connection.
  if (!address.includes(':') || isIP(address) !== 6) return address
  // An IPv4 client on a dual-stack socket is still one IPv4 address.
  const mapped = MAPPED_IPV4.exec(address)
  if (mapped) return mapped[1]!
  const bare = address.split('%', 1)[0]!
  const [head = '', tail] = bare.split('::')
  const headGroups = head === '' ? [] : head.split(':')
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':')
  const zeros = tail === undefined ? 0 : 8 - groupCount(headGroups) - groupCount(tailGroups)
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups]
  const prefix = groups.slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16))
  return `${prefix.join(':')}::/64`
}
