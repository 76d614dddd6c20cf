import { addressLimitKey } from '../addressLimitKey.js'
import type { UpgradeRefusal } from '../metrics.js'

export interface ConnectionCapLimits {
  maxConnections: number
  maxConnectionsPerAddress: number
}

/** Why an upgrade is refused, and the HTTP status that says so. */
export interface CapRefusal {
  status: 503 | 429
  reason: UpgradeRefusal
}

const FULL: CapRefusal = { status: 503, reason: 'max_connections' }
const ADDRESS_FULL: CapRefusal = { status: 429, reason: 'max_connections_per_address' }

/**
 * Open connections in total and per client address (rule 23; an IPv6 client by its /64),
 * so one client cannot use up the process's sockets and file descriptors. An address
 * leaves the table with its last connection.
 */
export class ConnectionCaps {
  private readonly perAddress = new Map<string, number>()
  private total = 0

  constructor(private readonly limits: ConnectionCapLimits) {}

  /** Connections counted now, from every address. */
  get count(): number {
    return this.total
  }

  /**
   * Why one more connection from `address` does not fit, or undefined when it does.
   * Without an address (a trusted proxy's socket) only the total counts.
   */
  refusal(address: string | undefined): CapRefusal | undefined {
    if (this.total >= this.limits.maxConnections) return FULL
    if (address === undefined) return undefined
    const key = addressLimitKey(address)
    if ((this.perAddress.get(key) ?? 0) >= this.limits.maxConnectionsPerAddress) {
      return ADDRESS_FULL
    }
    return undefined
  }

  opened(address: string | undefined): void {
    this.total++
    if (address === undefined) return
    const key = addressLimitKey(address)
    this.perAddress.set(key, (this.perAddress.get(key) ?? 0) + 1)
  }

  closed(address: string | undefined): void {
    this.total--
    if (address === undefined) return
    const key = addressLimitKey(address)
    const left = (this.perAddress.get(key) ?? 1) - 1
    if (left > 0) this.perAddress.set(key, left)
    else this.perAddress.delete(key)
  }
}
